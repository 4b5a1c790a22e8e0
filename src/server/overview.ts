/**
 * What the console shows of queues and workers, read through the engine: each queue's counts,
 * backlog (claimable now) and oldest ready task; and every worker holding tasks, remote (heard
 * from over HTTP) or not (a library or `taskframe worker` process on the store), with what it holds.
 * Also the JSON of those and of a run's timeline (ISO times, as every shape of the API).
 */
import type { Engine } from '../engine/engine.js';
import type { TimelineEntry } from '../engine/inspect.js';
import { iso, stamped } from '../model/json.js';
import { stepOf } from '../model/step.js';
import type { WorkerRegistry } from './workers.js';

/** Running tasks read to show what workers hold; past this the reply says it is cut. */
export const HELD_MAX = 1000;
/** Tasks listed per worker (all are counted). */
const HELD_LISTED = 20;
const CLAIMABLE = new Set(['pending', 'scheduled', 'retrying']);

export interface QueueJson {
  queue: string;
  paused: boolean;
  counts: Record<string, number>;
  /** Tasks claimable now (pending, or scheduled/retrying whose time has come). */
  backlog: number;
  /** The oldest claimable task has been ready since (ISO), or null. */
  oldestReadyAt: string | null;
  /** now - oldestReadyAt, in ms (0 when nothing is ready). */
  oldestWaitMs: number;
}

export async function queueOverview(engine: Engine, now: number): Promise<QueueJson[]> {
  const { queues } = engine;
  const [counts, paused] = await Promise.all([queues.counts(), queues.paused()]);
  const byName = new Map<string, QueueJson>(counts.map((c) => [c.queue, { queue: c.queue, paused: false, counts: c.counts as Record<string, number>, backlog: 0, oldestReadyAt: null, oldestWaitMs: 0 }]));
  for (const p of paused) byName.set(p, { ...(byName.get(p) ?? { queue: p, counts: {}, backlog: 0, oldestReadyAt: null, oldestWaitMs: 0 }), paused: true });
  const live = [...byName.values()].filter((q) => CLAIMABLE_STATES.some((s) => (q.counts[s] ?? 0) > 0)).map((q) => q.queue);
  for (const name of live) {
    const q = byName.get(name)!;
    let oldest = Infinity;
    for (const g of await queues.liveSummary({ queues: [name], soonBy: now, now })) {
      if (!CLAIMABLE.has(g.state) || g.due !== 'now') continue;
      q.backlog += g.n;
      oldest = Math.min(oldest, g.minReadyAt);
    }
    if (oldest !== Infinity) {
      q.oldestReadyAt = iso(oldest);
      q.oldestWaitMs = Math.max(0, now - oldest);
    }
  }
  return [...byName.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}
const CLAIMABLE_STATES = [...CLAIMABLE];

export interface HeldTaskJson {
  id: string;
  name: string;
  step: string | null;
  queue: string;
  attempt: number;
  startedAt: string | null;
}

export interface WorkerJson {
  workerId: string;
  /** Heard from over HTTP (claim or heartbeat) by this server; otherwise seen only by what it holds. */
  remote: boolean;
  queues: string[];
  lastSeenAt: string | null;
  liveUntil: string | null;
  /** Tasks it holds now (running under its lease). */
  holding: number;
  /** The first of them, oldest first. */
  tasks: HeldTaskJson[];
}

export async function workerOverview(engine: Engine, registry: WorkerRegistry): Promise<{ workers: WorkerJson[]; truncated: boolean }> {
  const running = await engine.inspect.tasks({ states: ['running'] }, { limit: HELD_MAX });
  const byWorker = new Map<string, WorkerJson>();
  const get = (id: string) => {
    let w = byWorker.get(id);
    if (!w) byWorker.set(id, (w = { workerId: id, remote: false, queues: [], lastSeenAt: null, liveUntil: null, holding: 0, tasks: [] }));
    return w;
  };
  for (const r of registry.live()) Object.assign(get(r.workerId), { remote: true, queues: [...r.queues], lastSeenAt: iso(r.lastSeenAt), liveUntil: iso(r.liveUntil) });
  for (const t of [...running.items].reverse()) {
    if (!t.workerId) continue;
    const w = get(t.workerId);
    w.holding++;
    if (!w.queues.includes(t.queue)) w.queues.push(t.queue);
    if (w.tasks.length < HELD_LISTED) w.tasks.push({ id: t.id, name: t.name, step: stepOf(t), queue: t.queue, attempt: t.attempt, startedAt: iso(t.startedAt) });
  }
  const workers = [...byWorker.values()].sort((a, b) => Number(b.remote) - Number(a.remote) || a.workerId.localeCompare(b.workerId));
  return { workers, truncated: running.next !== null };
}

export interface AttemptJson {
  attempt: number;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
  workerId: string | null;
}

export interface TimelineJson {
  id: string;
  step: string | null;
  name: string;
  state: string;
  parentId: string | null;
  attempt: number;
  maxAttempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The result as JSON text, cut at PREVIEW_MAX characters (null: none). */
  resultPreview: string | null;
  /** The error's message and kind (the whole of it is on the task). */
  error: { message: string; kind: string | null } | null;
  attempts: AttemptJson[];
}

/** Characters of a result a timeline entry carries: enough to read at a glance, small for 10,000 rows. */
export const PREVIEW_MAX = 120;

function preview(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const text = JSON.stringify(v);
  return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1)}…` : text;
}

export function timelineJson(e: TimelineEntry): TimelineJson {
  const t = e.task;
  return {
    id: t.id,
    step: stepOf(t),
    name: t.name,
    state: t.state,
    parentId: t.parentId,
    attempt: t.attempt,
    maxAttempts: t.maxAttempts,
    createdAt: stamped(t.createdAt, 'createdAt'),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
    resultPreview: preview(t.result),
    error: t.error ? { message: String(t.error.message ?? ''), kind: t.error.kind ?? null } : null,
    attempts: e.attempts.map((a) => ({ attempt: a.attempt, startedAt: stamped(a.startedAt, 'attempts.startedAt'), endedAt: iso(a.endedAt), outcome: a.outcome, workerId: a.workerId })),
  };
}
