/**
 * What the console shows of queues and workers, read through the engine: each queue's counts,
 * backlog (claimable now) and oldest ready task; and every worker holding tasks, remote (heard
 * from over HTTP) or not (a library or `taskframe worker` process on the store), with what it holds.
 * Also the JSON of those and of a run's timeline (ISO times, as every shape of the API).
 */
import type { Engine } from '../engine/engine.js';
import type { TimelineEntry } from '../engine/inspect.js';
import type { WorkerRegistry } from './workers.js';
/** Running tasks read to show what workers hold; past this the reply says it is cut. */
export declare const HELD_MAX = 1000;
export interface QueueJson {
    queue: string;
    paused: boolean;
    counts: Record<string, number>;
    /** Tasks claimable now (pending, or scheduled/retrying whose time has come). */
    backlog: number;
    /** The oldest claimable task has been ready since (ISO), or null. */
    oldestReadyAt: string | null;
    /** now - oldestReadyAt, in ms (0 when nothing is ready). */
    oldestWaitMs: number;
}
export declare function queueOverview(engine: Engine, now: number): Promise<QueueJson[]>;
export interface HeldTaskJson {
    id: string;
    name: string;
    step: string | null;
    queue: string;
    attempt: number;
    startedAt: string | null;
}
export interface WorkerJson {
    workerId: string;
    /** Heard from over HTTP (claim or heartbeat) by this server; otherwise seen only by what it holds. */
    remote: boolean;
    queues: string[];
    lastSeenAt: string | null;
    liveUntil: string | null;
    /** Tasks it holds now (running under its lease). */
    holding: number;
    /** The first of them, oldest first. */
    tasks: HeldTaskJson[];
}
export declare function workerOverview(engine: Engine, registry: WorkerRegistry): Promise<{
    workers: WorkerJson[];
    truncated: boolean;
}>;
export interface AttemptJson {
    attempt: number;
    startedAt: string;
    endedAt: string | null;
    outcome: string | null;
    workerId: string | null;
}
export interface TimelineJson {
    id: string;
    step: string | null;
    name: string;
    state: string;
    parentId: string | null;
    attempt: number;
    maxAttempts: number;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    /** The result as JSON text, cut at PREVIEW_MAX characters (null: none). */
    resultPreview: string | null;
    /** The error's message and kind (the whole of it is on the task). */
    error: {
        message: string;
        kind: string | null;
    } | null;
    attempts: AttemptJson[];
}
/** Characters of a result a timeline entry carries: enough to read at a glance, small for 10,000 rows. */
export declare const PREVIEW_MAX = 120;
export declare function timelineJson(e: TimelineEntry): TimelineJson;
