/**
 * Captured output of one attempt: stdout and stderr split into lines, stamped with the time
 * they arrived (so the two streams interleave as they happened), written to the store in small
 * batches while the task runs (so `taskframe logs --follow` sees them live), and bounded: once
 * half the cap has been written, only the most recent half is kept in memory, and at the end a
 * marker line says how much was dropped, followed by that tail.
 */
import type { LogEntry, LogStream, Store } from '../../../store/store.js';
import type { TaskId } from '../../../model/task.js';

const FLUSH_MS = 100;
const FLUSH_LINES = 500;
/** A line longer than this is cut into pieces (a process printing no newline still gets logged). */
const MAX_LINE = 16 * 1024;

export class LogCapture {
  private pending: LogEntry[] = [];
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  private written = 0;
  private tail: LogEntry[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** The last stderr text, for the error message of a failed task. */
  private stderrRing = '';

  constructor(
    private readonly store: Store,
    private readonly taskId: TaskId,
    private readonly attempt: number,
    private readonly capBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  write(stream: 'stdout' | 'stderr', chunk: string): void {
    if (stream === 'stderr') this.stderrRing = (this.stderrRing + chunk).slice(-4096);
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

  stderrTail(max = 2000): string {
    return this.stderrRing.slice(-max);
  }

  private line(stream: LogStream, text: string): void {
    const e: LogEntry = { taskId: this.taskId, attempt: this.attempt, at: this.now(), stream, text };
    const size = Buffer.byteLength(text) + 1;
    if (this.written + size <= this.capBytes / 2 && this.tail.length === 0) {
      this.written += size;
      this.pending.push(e);
      if (this.pending.length >= FLUSH_LINES) this.flushSoon(0);
      else this.flushSoon(FLUSH_MS);
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

  private flushSoon(ms: number): void {
    if (ms === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  private flush(): Promise<void> {
    const entries = this.pending;
    this.pending = [];
    if (entries.length === 0) return this.writing;
    // Writes are chained so lines reach the store in the order they were captured.
    this.writing = this.writing.then(() => this.store.logAppend({ entries })).catch(() => undefined);
    return this.writing;
  }

  /** Writes what is left (partial lines, the truncation marker and the kept tail). */
  async close(): Promise<void> {
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s] !== '') this.line(s, this.partial[s]);
      this.partial[s] = '';
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.tail.length > 0) {
      if (this.dropped > 0) {
        this.pending.push({
          taskId: this.taskId,
          attempt: this.attempt,
          at: this.tail[0]!.at,
          stream: 'system',
          text: `[taskframe: output truncated: ${this.dropped} bytes dropped; the log cap is ${this.capBytes} bytes, the tail follows]`,
        });
      }
      this.pending.push(...this.tail);
      this.tail = [];
    }
    await this.flush();
  }
}
