/**
 * Captured output of one attempt: stdout and stderr split into lines, stamped with the time
 * they arrived (so the two streams interleave as they happened), handed to the shared LogSink
 * while the task runs (so `taskframe logs --follow` sees them live), and bounded: once
 * half the cap has been written, only the most recent half is kept in memory, and at the end a
 * marker line says how much was dropped, followed by that tail.
 */
import type { LogEntry, LogStream } from '../../../model/log.js';
import type { TaskId } from '../../../model/task.js';
import type { LogSink } from './log-sink.js';

/** A line longer than this is cut into pieces (a process printing no newline still gets logged). */
const MAX_LINE = 16 * 1024;

export class LogCapture {
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  private written = 0;
  private tail: LogEntry[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private used = false;

  constructor(
    private readonly sink: LogSink,
    private readonly taskId: TaskId,
    private readonly attempt: number,
    private readonly capBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  write(stream: 'stdout' | 'stderr', chunk: string): void {
    const text = this.partial[stream] + chunk;
    const lines = text.split('\n');
    this.partial[stream] = lines.pop()!;
    for (const l of lines) this.line(stream, l);
    while (this.partial[stream].length > MAX_LINE) {
      this.line(stream, this.partial[stream].slice(0, MAX_LINE));
      this.partial[stream] = this.partial[stream].slice(MAX_LINE);
    }
  }

  /** A line of our own (check started, set-up output, control-channel warnings…). */
  system(text: string): void {
    this.line('system', text);
  }

  private line(stream: LogStream, text: string): void {
    const e: LogEntry = { taskId: this.taskId, attempt: this.attempt, at: this.now(), stream, text };
    const size = Buffer.byteLength(text) + 1;
    this.used = true;
    if (this.written + size <= this.capBytes / 2 && this.tail.length === 0) {
      this.written += size;
      void this.sink.append([e]);
      return;
    }
    this.tail.push(e);
    this.tailBytes += size;
    while (this.tailBytes > this.capBytes / 2 && this.tail.length > 1) {
      const d = this.tail.shift()!;
      const ds = Buffer.byteLength(d.text) + 1;
      this.tailBytes -= ds;
      this.dropped += ds;
    }
  }

  /** Writes what is left (partial lines, the truncation marker and the kept tail). */
  close(): Promise<void> {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s] !== '') this.line(s, this.partial[s]);
      this.partial[s] = '';
    }
    // A task that logged nothing (the usual runner task) costs nothing here.
    if (!this.used) return Promise.resolve();
    const rest: LogEntry[] = [];
    if (this.tail.length > 0) {
      if (this.dropped > 0) {
        rest.push({
          taskId: this.taskId,
          attempt: this.attempt,
          at: this.tail[0]!.at,
          stream: 'system',
          text: `[taskframe: output truncated: ${this.dropped} bytes dropped; the log cap is ${this.capBytes} bytes, the tail follows]`,
        });
      }
      rest.push(...this.tail);
      this.tail = [];
    }
    return this.sink.append(rest, true);
  }
}
