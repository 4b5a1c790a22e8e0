/**
 * Captured output of executable tasks (stdout, stderr and taskframe's own notes), per attempt:
 * what runners append and what `taskframe logs`, the API and the dashboard read.
 */
import type { LogEntry, StoredLogEntry } from '../model/log.js';
import type { TaskId } from '../model/task.js';
import type { Store } from '../store/store.js';
import { checkId } from './ids.js';

export interface LogListParams {
  taskId: TaskId;
  /** One attempt only (all attempts when absent). */
  attempt?: number;
  /** Only lines after this line id: for following a task's output. */
  afterId?: string;
  limit: number;
}

export class Logs {
  constructor(private readonly store: Store) {}

  /** Appends lines; they keep their order. Best effort for callers that must not wait on it. */
  async append(entries: LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.store.logAppend({ entries });
  }

  /** A task's lines, oldest first. */
  async list(p: LogListParams): Promise<StoredLogEntry[]> {
    return this.store.logList({ ...p, taskId: checkId(p.taskId) });
  }
}
