import { EventEmitter } from 'node:events';
import type { Json } from '../../../model/task.js';
import type { BatchSpec } from '../../../model/spec.js';
import { type ProcessSpec } from '../exec/run-process.js';
import { type TaskMessage } from './protocol.js';
export declare class RunnerError extends Error {
    readonly code: string;
    constructor(code: 'RUNNER_START' | 'RUNNER_DIED' | 'RUNNER_PROTOCOL' | 'RUNNER_TASK', message: string);
}
/** A task error the runner reported, carrying its retryable flag. */
export declare class RunnerTaskError extends RunnerError {
    readonly retryable: boolean;
    constructor(message: string, retryable: boolean);
}
export interface TaskHooks {
    onProgress?(value: Json): void;
    onSpawn?(specs: BatchSpec[]): void;
    onLog?(text: string): void;
}
interface Pending {
    resolve(v: Json): void;
    reject(e: Error): void;
    hooks: TaskHooks;
}
export interface RunnerProcessEvents {
    exit: [err: Error];
    stderr: [text: string];
}
export declare class RunnerProcess extends EventEmitter<RunnerProcessEvents> {
    readonly ready: Promise<void>;
    readonly inFlight: Map<string, Pending>;
    answered: number;
    dead: boolean;
    /** Set when we asked it to exit (recycle, shutdown): its exit is expected. */
    stopping: boolean;
    private readonly child;
    private out;
    private flushScheduled;
    private partial;
    private stderrTail;
    private isReady;
    private resolveReady;
    private rejectReady;
    private readyTimer;
    private cgroup;
    private readonly label;
    constructor(unitName: string, spec: ProcessSpec, readyTimeoutMs?: number);
    get pid(): number | undefined;
    run(msg: TaskMessage, hooks: TaskHooks): Promise<Json>;
    cancel(id: string): void;
    /** Asks the runner to exit (stdin closes); kills it after the grace period. */
    stop(graceMs?: number): Promise<void>;
    kill(): void;
    private write;
    private flush;
    private onData;
    private fail;
}
export {};
