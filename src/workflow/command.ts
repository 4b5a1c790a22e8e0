/**
 * Runs a workflow `command:` task: a shell line (sh -c) or an argument list, the payload as JSON
 * on stdin, an environment saying which task and attempt it is. stdout and stderr are captured
 * into the store's log (`taskframe logs`); exit 0 succeeds with stdout as the result (parsed as
 * JSON when it is JSON), anything else fails the attempt.
 *
 * Kept small on purpose: the executables runner of issue 4 (units, checks, limits, the control
 * channel) is the full version; this covers plain commands in workflow files.
 */
import { spawn } from 'node:child_process';
import type { Clock } from '../model/clock.js';
import type { Json, TaskId } from '../model/task.js';
import type { Logs } from '../engine/logs.js';
import type { LogEntry, LogStream } from '../model/log.js';
import { orphanGuard } from '../worker/runners/exec/orphan-guard.js';

export interface CommandSpec {
  command: string | string[];
  cwd?: string;
  env?: Record<string, string>;
  stdin: Json;
  taskId: TaskId;
  attempt: number;
  runId?: string | null;
  signal: AbortSignal;
  logs: Logs;
  clock: Clock;
}

export class CommandFailedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: string | null,
  ) {
    super(message);
    this.name = 'CommandFailed';
  }
}

const RESULT_LIMIT = 1_000_000;
const KILL_GRACE_MS = 2000;

export function runCommand(spec: CommandSpec): Promise<Json> {
  const [file, args] = typeof spec.command === 'string' ? ['/bin/sh', ['-c', spec.command]] : [spec.command[0]!, spec.command.slice(1)];
  // An expression may give a number or a list: environment values are strings (JSON for non-strings).
  const taskEnv = Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const env = {
    ...process.env,
    ...taskEnv,
    TASKFRAME_TASK_ID: spec.taskId,
    TASKFRAME_ATTEMPT: String(spec.attempt),
    ...(spec.runId ? { TASKFRAME_RUN_ID: spec.runId } : {}),
  };
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout or cancel stops what a shell line started too.
    orphanGuard.prepare();
    const child = spawn(file, args, { cwd: spec.cwd, env: orphanGuard.environment(env), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    // Killed with its group if the worker dies first.
    orphanGuard.watchGroup(child.pid);
    child.once('exit', () => orphanGuard.release(child.pid));
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const logs = new LogWriter(spec);
    let stdout = '';
    let stderrTail = '';
    let killTimer: NodeJS.Timeout | null = null;
    const onAbort = () => {
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    if (spec.signal.aborted) onAbort();
    else spec.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (stdout.length < RESULT_LIMIT) stdout += s;
      logs.add('stdout', s);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderrTail = (stderrTail + s).slice(-2000);
      logs.add('stderr', s);
    });
    // A command that does not read its stdin must not fail on EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(spec.stdin === null ? '' : JSON.stringify(spec.stdin));
    child.on('error', (err) => {
      spec.signal.removeEventListener('abort', onAbort);
      void logs.close().finally(() => reject(new CommandFailedError(`cannot start ${JSON.stringify(file)}: ${err.message}`, null, null)));
    });
    child.on('close', (code, signal) => {
      spec.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      void logs.close().finally(() => {
        if (code === 0) return resolve(parseOutput(stdout));
        const last = stderrTail.trim().split('\n').slice(-3).join(' | ');
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new CommandFailedError(`command ${how}${last ? `: ${last}` : ''}`, code, signal));
      });
    });
  });
}

/** stdout as the task's result: JSON when it parses, else the trimmed text, null when empty. */
export function parseOutput(stdout: string): Json {
  const text = stdout.trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** Buffers output into line-sized log entries, written at most every 100 ms. */
class LogWriter {
  private entries: LogEntry[] = [];
  private partial: Record<LogStream, string> = { stdout: '', stderr: '', system: '' };
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly spec: CommandSpec) {}

  add(stream: LogStream, text: string): void {
    const all = this.partial[stream] + text;
    const lines = all.split('\n');
    this.partial[stream] = lines.pop()!;
    for (const line of lines) this.entries.push({ taskId: this.spec.taskId, attempt: this.spec.attempt, at: this.spec.clock.now(), stream, text: line });
    if (this.entries.length > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, 100);
    }
  }

  private flush(): void {
    const batch = this.entries;
    this.entries = [];
    if (batch.length === 0) return;
    this.writing = this.writing.then(() => this.spec.logs.append(batch)).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.entries.push({ taskId: this.spec.taskId, attempt: this.spec.attempt, at: this.spec.clock.now(), stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
    this.flush();
    await this.writing;
  }
}
