/**
 * Output for people by default, JSON for scripts (--json). Errors go to stderr with their code;
 * the exit code says what kind of failure it was (EXIT).
 */
import { TaskframeError } from '../model/errors.js';
import type { Task, TaskEvent } from '../model/task.js';

/**
 * Tasks of one response share most of their times (enqueued together, claimed together), and
 * formatting a date was 7% of the server's time for remote claims: the recent ones are kept.
 */
const isoCache = new Map<number, string>();

export function iso(ms: number | null): string | null {
  if (ms === null) return null;
  let s = isoCache.get(ms);
  if (s === undefined) {
    if (isoCache.size >= 4096) isoCache.clear();
    isoCache.set(ms, (s = new Date(ms).toISOString()));
  }
  return s;
}

/** The JSON shape of a task on every surface (camelCase, ISO times). */
export function taskJson(t: Task): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    queue: t.queue,
    state: t.state,
    attempt: t.attempt,
    maxAttempts: t.maxAttempts,
    priority: t.priority,
    payload: t.payload,
    result: t.result,
    error: t.error,
    progress: t.progress,
    parentId: t.parentId,
    runId: t.runId,
    key: t.key,
    tags: t.tags,
    runAt: iso(t.runAt),
    timeoutMs: t.timeoutMs,
    workerId: t.workerId,
    leaseExpiresAt: iso(t.leaseExpiresAt),
    depsPending: t.depsPending,
    childrenPending: t.childrenPending,
    createdAt: iso(t.createdAt),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
    updatedAt: iso(t.updatedAt),
  };
}

export function eventJson(e: TaskEvent): Record<string, unknown> {
  return { id: e.id, taskId: e.taskId, type: e.type, at: iso(e.at), attempt: e.attempt, workerId: e.workerId, detail: e.detail };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A plain text table: columns padded to their widest cell. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

/**
 * 2: bad input — an option, a file, a name, or a store URL that is malformed or names what is
 * not there (no such directory, not a database, unknown database, wrong password); the same
 * command will fail again. 3: the store could not be reached (refused, timed out, restarting,
 * no writable primary, disk full) — nothing was done, and the same command may work later.
 * 1: anything else that failed.
 */
export const EXIT = { failed: 1, badInput: 2, storeUnavailable: 3 } as const;

export function exitCodeFor(err: unknown): number {
  if (!(err instanceof TaskframeError)) return EXIT.failed;
  switch (err.code) {
    case 'VALIDATION':
    case 'NOT_FOUND':
    case 'STORE_OPEN':
      return EXIT.badInput;
    case 'STORE_UNAVAILABLE':
      return EXIT.storeUnavailable;
    default:
      return EXIT.failed;
  }
}

export function printError(err: unknown): void {
  if (err instanceof TaskframeError) process.stderr.write(`error [${err.code}]: ${err.message}\n`);
  else if (err instanceof Error) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${String(err)}\n`);
}
