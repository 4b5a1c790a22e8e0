/**
 * Messages between the main thread and the SQLite writer thread. Errors cross as plain data and
 * come back as TaskframeErrors with the same code, message and context.
 */
import type { HistoryMode } from '../../model/history.js';
import { TaskframeError, type ErrorCode } from '../../model/errors.js';
/** Every store method that writes: all of them run on the writer thread's one connection. */
export const WRITE_METHODS = ['writeBatch', 'taskSetMaxAttempts', 'logAppend', 'runInsert', 'runUpdate', 'queueSetPaused', 'flowLimitSet', 'flowLimitRemove', 'flowPauseSet', 'cursorSet', 'retentionPurge', 'leaderElect', 'leaderResign'] as const;
export type WriteMethod = (typeof WRITE_METHODS)[number];

export interface WriterInit {
  file: string;
  busyTimeoutMs?: number;
  history?: HistoryMode;
}

export type ToWriter = { kind: 'call'; seq: number; method: WriteMethod; params: unknown } | { kind: 'close' };

export type FromWriter =
  | { kind: 'ready' }
  | { kind: 'result'; seq: number; result: unknown }
  | { kind: 'error'; seq: number; error: SerializedError }
  | { kind: 'fatal'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  context?: Record<string, unknown>;
  stack?: string;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof TaskframeError) return { name: err.name, message: err.message, code: err.code, context: err.context, stack: err.stack };
  if (err instanceof Error) return { name: err.name, message: err.message, code: (err as { code?: string }).code, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

export function deserializeError(e: SerializedError): Error {
  if (e.code && e.context !== undefined) {
    const err = new TaskframeError(e.code as ErrorCode, e.message, e.context);
    err.name = e.name;
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.code) (err as Error & { code?: string }).code = e.code;
  return err;
}
