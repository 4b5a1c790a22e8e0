/**
 * A pool of long-lived runner processes for one unit: up to `processes` of them, each with up to
 * `concurrency` tasks in flight; a task goes to the least busy ready process. A process that
 * dies is replaced on demand (its in-flight tasks fail and are retried by their own policy);
 * one that has answered `recycleAfter` tasks stops taking new ones, finishes what it holds and
 * is replaced. Processes that keep failing at start are restarted with a growing delay, and
 * tasks waiting for them fail with the start error rather than wait forever.
 */
import type { Json } from '../../../model/task.js';
import type { ProcessSpec } from '../exec/run-process.js';
import { type TaskHooks } from './runner-process.js';
import type { TaskMessage } from './protocol.js';
export interface PoolOptions {
    processes: number;
    concurrency: number;
    recycleAfter: number | null;
    readyTimeoutMs?: number;
    onStderr?: (text: string) => void;
    onEvent?: (what: 'started' | 'exited' | 'stopped' | 'recycled', detail: string) => void;
}
export declare class RunnerPool {
    private readonly unitName;
    private readonly spec;
    private readonly o;
    private readonly slots;
    private readonly waiting;
    private startFailures;
    private restartAt;
    private restartTimer;
    private closed;
    /** Processes started so far (tests read it). */
    started: number;
    constructor(unitName: string, spec: () => ProcessSpec, o: PoolOptions);
    get size(): number;
    run(msg: TaskMessage, hooks: TaskHooks, signal?: AbortSignal): Promise<Json>;
    private dispatch;
    private send;
    private afterAnswer;
    /** Starts processes while there is demand and room. */
    private grow;
    private startFailed;
    private remove;
    close(graceMs?: number): Promise<void>;
}
