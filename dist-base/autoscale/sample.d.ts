/**
 * What the policy sees of a group of queues at one moment: its live tasks by state, the ready
 * backlog and the tasks coming due by task name, the oldest ready task, and the tasks that
 * finished since the previous sample. Built from the store's summaries (store-access.ts) or by
 * the simulator's queue model; the policy reads nothing else.
 */
import type { TaskState } from '../model/state.js';
export interface FinishedSample {
    /** Completions counted from this time (the previous sample's). */
    since: number;
    /** Tasks that finished (any finished state) since then, as read. */
    n: number;
    /** True when the read stopped at its row limit: `n` then covers only [firstAt, at]. */
    capped: boolean;
    /** The earliest finish among those read (null: none). */
    firstAt: number | null;
    /** Per task name: how many ever started, and their summed run time (ms). */
    byName: Record<string, {
        served: number;
        serviceMsSum: number;
    }>;
}
export interface GroupSample {
    at: number;
    /** Live tasks by state (every live state, claimable or not). */
    states: Partial<Record<TaskState, number>>;
    /** Claimable tasks due now, by task name. */
    ready: Record<string, number>;
    /** Claimable tasks coming due within the lookahead, by task name. */
    soon: Record<string, number>;
    /** When the longest-waiting ready task became ready (null: nothing ready). */
    oldestReadyAt: number | null;
    /** Earliest run-at of a claimable task not yet due (null: none). */
    nextDueAt: number | null;
    finished: FinishedSample;
}
/** One row of the store's live summary, as store-access.ts hands it over. */
export interface LiveRow {
    name: string;
    state: TaskState;
    due: 'now' | 'soon' | 'later';
    n: number;
    minRunAt: number;
    minReadyAt: number;
}
/** One row of the store's finished summary. */
export interface FinishedRow {
    name: string;
    n: number;
    served: number;
    serviceMsSum: number;
    firstFinishedAt: number;
}
/** `held`: live tasks by state that count in the total but are not claimable (paused queues). */
export declare function buildSample(at: number, live: LiveRow[], finished: FinishedRow[], since: number, limit: number, held?: Partial<Record<TaskState, number>>): GroupSample;
export declare const sum: (m: Record<string, number>) => number;
