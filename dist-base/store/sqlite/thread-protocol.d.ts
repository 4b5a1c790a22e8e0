/**
 * Messages between the main thread and the SQLite writer thread. Errors cross as plain data and
 * come back as TaskframeErrors with the same code, message and context.
 */
import type { HistoryMode } from '../../model/history.js';
/** Every store method that writes: all of them run on the writer thread's one connection. */
export declare const WRITE_METHODS: readonly ["writeBatch", "taskSetMaxAttempts", "logAppend", "runInsert", "runUpdate", "queueSetPaused", "flowLimitSet", "flowLimitRemove", "flowPauseSet", "cursorSet", "retentionPurge", "leaderElect", "leaderResign"];
export type WriteMethod = (typeof WRITE_METHODS)[number];
export interface WriterInit {
    file: string;
    busyTimeoutMs?: number;
    history?: HistoryMode;
}
export type ToWriter = {
    kind: 'call';
    seq: number;
    method: WriteMethod;
    params: unknown;
} | {
    kind: 'close';
};
export type FromWriter = {
    kind: 'ready';
} | {
    kind: 'result';
    seq: number;
    result: unknown;
} | {
    kind: 'error';
    seq: number;
    error: SerializedError;
} | {
    kind: 'fatal';
    error: SerializedError;
};
export interface SerializedError {
    name: string;
    message: string;
    code?: string;
    context?: Record<string, unknown>;
    stack?: string;
}
export declare function serializeError(err: unknown): SerializedError;
export declare function deserializeError(e: SerializedError): Error;
