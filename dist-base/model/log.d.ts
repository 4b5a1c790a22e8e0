/** Captured output of an executable task: one line of stdout, stderr or taskframe's own notes, per attempt. */
import type { TaskId } from './task.js';
export type LogStream = 'stdout' | 'stderr' | 'system';
export interface LogEntry {
    taskId: TaskId;
    attempt: number;
    at: number;
    stream: LogStream;
    text: string;
}
/** A log line as stored: its id orders lines and lets a reader follow from where it stopped. */
export interface StoredLogEntry extends LogEntry {
    id: string;
}
