/**
 * A workflow run: one execution of a workflow, with its own state beside its tasks' states.
 * Times are epoch milliseconds, as on a task.
 */
import type { Json } from './task.js';
export declare const RUN_STATES: readonly ["running", "succeeded", "failed", "cancelled"];
export type RunState = (typeof RUN_STATES)[number];
/** A run in one of these has ended and never changes again. */
export declare const FINISHED_RUN_STATES: readonly RunState[];
export declare function isRunState(s: string): s is RunState;
export interface Run {
    id: string;
    /** The workflow's name. */
    name: string;
    state: RunState;
    /** The workflow as submitted. */
    spec: Json;
    inputs: Json | null;
    outputs: Json | null;
    error: Json | null;
    /** What started it ("cli", "api: NAME", "cron: 0 * * * *", …). */
    trigger: string | null;
    createdAt: number;
    finishedAt: number | null;
    updatedAt: number;
}
/** A run as recorded when it is submitted (it has not finished or changed yet). */
export type NewRun = Omit<Run, 'updatedAt' | 'finishedAt'>;
/**
 * A run's place in newest-first order (created_at, then id): paging goes on strictly after it, so
 * runs created in the same millisecond are neither skipped nor shown twice.
 */
export interface RunPosition {
    createdAt: number;
    id: string;
}
