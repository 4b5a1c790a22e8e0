/**
 * The flow-aware claim, as pure decisions both drivers share: which limits apply to a queue,
 * the SQL text of a key expression, and which candidates a claim takes (round-robin across keys,
 * never past a limit). The drivers fetch candidates and usage, call `planClaim`, and write what
 * it chose in the claim's transaction (docs/flow-control.md).
 */
import { flowKeyOf, parseFlowKey, rateSlotMs, rateText, type FlowKey, type FlowLimit } from '../model/flow.js';

/** A claimable task as the planner sees it. */
export interface FlowCandidate {
  id: number;
  queue: string;
  name: string;
  priority: number;
  runAt: number;
  payload: unknown;
  tags: readonly string[];
}

export interface FlowState {
  /** Running tasks per bucket ("limitId\0key"), for limits with a concurrency. */
  running: Map<string, number>;
  /** What is stored per bucket of a limit with a rate (see StoredRate). */
  rate: Map<string, StoredRate>;
  /** Round-robin cursor per keyed limit: the key its last claim served last. */
  cursor: Map<string, string>;
  /**
   * This claim's turn per fairness bucket (position in the rotation from the cursor), set by the
   * driver as it walks the keys; lower goes first.
   */
  rank: Map<string, number>;
}

export interface FlowPlan {
  /** Chosen ids, in the order taken. */
  ids: number[];
  /** Per chosen task, the buckets it holds a concurrency slot in. */
  slots: Array<{ id: number; bucket: string; limitId: string; key: string }>;
  /** Rate logs to write: bucket -> new state. */
  rate: Map<string, RateWrite>;
  /** Per keyed limit, the key served last in this claim's rotation: its new cursor. */
  cursor: Map<string, string>;
}

export const bucketOf = (limitId: string, key: string): string => `${limitId}\u0000${key}`;

/**
 * The claims of one rate bucket over its last period, for a sliding window: per slot of
 * rateSlotMs, the time of its latest claim and how many it took, oldest first. A slot counts while
 * its latest claim is within the period, so no claim is dropped early: "N per period" holds over
 * every period, not only over aligned windows, at the cost of a slot counting a little longer
 * than its earliest claims.
 */
export type RateLog = Array<[at: number, claims: number]>;

/** A rate bucket as stored: its log (null in a row an earlier version wrote: a fixed window's start and count), its newest claim time and its count then. */
export interface StoredRate {
  windowStart: number;
  used: number;
  log: RateLog | null;
}

/** A rate bucket to store (columns window_start = newest claim, used = claims in the period then, slots = the log). */
export interface RateWrite {
  limitId: string;
  key: string;
  windowStart: number;
  used: number;
  log: RateLog;
}

/** The log of a stored bucket; a row from before logs counts its whole window as if claimed at its end. */
function logOf(stored: StoredRate | undefined, periodMs: number): RateLog {
  if (!stored) return [];
  if (stored.log) return stored.log;
  return stored.used > 0 ? [[stored.windowStart + periodMs - 1, stored.used]] : [];
}

/** The time of the bucket's newest claim (the log is written in time order: see claimsAt). */
const newest = (log: RateLog): number => (log.length ? log[log.length - 1]![0] : Number.NEGATIVE_INFINITY);

/** Claims of the log within the period that ends at `at`. */
function claimsWithin(log: RateLog, at: number, periodMs: number): number {
  let n = 0;
  for (const [t, c] of log) if (t > at - periodMs) n += c;
  return n;
}

/**
 * Claims a bucket counts for a claim at `now`: those of the period ending now; or, when the bucket
 * holds a claim newer than now (this claim read its clock before it waited for the claim lock,
 * and a claim with a later clock got there first), the whole rate: it takes nothing under that
 * limit. Admitting it would put claims at an earlier time than ones already counted, after a
 * later claim may have dropped slots that an earlier time still needs; refusing keeps the log in
 * time order and every period, by the claims' own times, at most N.
 */
function claimsAt(log: RateLog, now: number, rate: { n: number; periodMs: number }): number {
  return now < newest(log) ? rate.n : claimsWithin(log, now, rate.periodMs);
}

/** The log with `claims` more at `at` (merged into `at`'s slot), slots older than the period dropped. */
function logAdd(log: RateLog, at: number, periodMs: number, claims: number): RateLog {
  const slot = rateSlotMs(periodMs);
  const out = log.filter(([t]) => t > at - periodMs);
  const last = out[out.length - 1];
  if (last && Math.floor(last[0] / slot) === Math.floor(at / slot)) out[out.length - 1] = [Math.max(last[0], at), last[1] + claims];
  else out.push([at, claims]);
  return out;
}

/** A bucket's rate use now, as FlowUsage shows it: claims in the period that ends now, and when that period began. */
export function rateUse(l: FlowLimit, stored: StoredRate | undefined, now: number): { windowClaims: number; windowStart: number | null } {
  if (!l.rate) return { windowClaims: 0, windowStart: null };
  const log = logOf(stored, l.rate.periodMs);
  // Judged at the newest claim if this clock is behind it: the figure a claim at that time counts.
  const at = Math.max(now, newest(log));
  const n = claimsWithin(log, at, l.rate.periodMs);
  return n > 0 ? { windowClaims: n, windowStart: at - l.rate.periodMs + 1 } : { windowClaims: 0, windowStart: null };
}

/** Limits whose scope can hold tasks of this queue. */
export function limitsForQueue(limits: readonly FlowLimit[], queue: string): FlowLimit[] {
  return limits.filter((l) => l.queue === null || l.queue === queue);
}

export const applies = (l: FlowLimit, t: { queue: string; name: string }): boolean =>
  (l.queue === null || l.queue === t.queue) && (l.name === null || l.name === t.name);

/** The limit whose key divides a task's turn in the round-robin: the first keyed one that applies (by id). */
export function fairnessLimit(limits: readonly FlowLimit[], t: { queue: string; name: string }): FlowLimit | null {
  let best: FlowLimit | null = null;
  for (const l of limits) if (l.key !== null && applies(l, t) && (best === null || l.id < best.id)) best = l;
  return best;
}

const parsedKeys = new Map<string, FlowKey>();
export function keyOf(l: FlowLimit): FlowKey | null {
  if (l.key === null) return null;
  let k = parsedKeys.get(l.key);
  if (!k) parsedKeys.set(l.key, (k = parseFlowKey(l.key)));
  return k;
}

/** A SQL string literal (scope values are validated names, but quote them properly anyway). */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * The key expression in SQL, computing what flowKeyOf computes for string and number fields
 * (other JSON values: their JSON text as the database prints it). Written as literal text so a
 * partial expression index made for the limit matches the claim's queries.
 */
export function keySql(driver: 'sqlite' | 'postgres', k: FlowKey): string {
  if (k.kind === 'payload') {
    if (driver === 'postgres') return `coalesce(payload #>> ${lit(`{${k.path.join(',')}}`)}, '')`;
    const p = lit(`$.${k.path.map((x) => `"${x}"`).join('.')}`);
    return `coalesce(CASE json_type(payload, ${p}) WHEN 'null' THEN NULL WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(payload, ${p}) AS TEXT) END, '')`;
  }
  // The first tag that starts with the prefix, written without a subquery so that an index can
  // hold it. A prefix and the tags are names (no quote, no backslash; model/flow.ts, spec.ts).
  if (driver === 'postgres') return `coalesce(jsonb_path_query_first(tags, ${lit(`$[*] ? (@ starts with "${k.prefix}")`)}) #>> '{}', '')`;
  // SQLite keeps tags as the JSON text JSON.stringify wrote: a quote followed by the prefix can
  // only open a tag that starts with it (a closing quote is followed by a comma or a bracket),
  // and the tag runs to the next quote.
  const at = `instr(tags, ${lit(`"${k.prefix}`)})`;
  return `CASE WHEN ${at} > 0 THEN substr(tags, ${at} + 1, instr(substr(tags, ${at} + 1), '"') - 1) ELSE '' END`;
}

/** The scope of a limit as a SQL condition on a task row (literal values). */
export function scopeSql(l: FlowLimit): string {
  const parts: string[] = [];
  if (l.queue !== null) parts.push(`queue = ${lit(l.queue)}`);
  if (l.name !== null) parts.push(`name = ${lit(l.name)}`);
  return parts.join(' AND ');
}

/**
 * Chooses up to `limit` candidates: fairness buckets take turns (in the rotation order the
 * driver walked, state.rank), within a bucket claim order (priority, run_at, id); a candidate that would pass any
 * of its limits is left pending. Candidates may repeat (a driver fetches by more than one route).
 */
export function planClaim(p: { limits: readonly FlowLimit[]; candidates: readonly FlowCandidate[]; state: FlowState; limit: number; now: number }): FlowPlan {
  const { limits, state, now } = p;
  const seen = new Set<number>();
  const groups = new Map<string, { bucket: string; limitId: string; key: string; tasks: FlowCandidate[] }>();
  const sorted = [...p.candidates].sort((a, b) => b.priority - a.priority || a.runAt - b.runAt || a.id - b.id);
  for (const t of sorted) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const f = fairnessLimit(limits, t);
    const key = f ? flowKeyOf(keyOf(f), t) : '';
    const bucket = f ? bucketOf(f.id, key) : '';
    let g = groups.get(bucket);
    if (!g) groups.set(bucket, (g = { bucket, limitId: f?.id ?? '', key, tasks: [] }));
    g.tasks.push(t);
  }
  // Tasks no keyed limit divides first, then keys in their turn; a key found by another route than
  // its own rotation waits for the others. Ties keep claim order (Map order).
  const turn = (g: { bucket: string }) => (g.bucket === '' ? -1 : (state.rank.get(g.bucket) ?? Number.MAX_SAFE_INTEGER));
  const order = [...groups.values()].sort((a, b) => turn(a) - turn(b));
  const running = new Map(state.running);
  const rate = new Map<string, RateWrite>();
  const plan: FlowPlan = { ids: [], slots: [], rate, cursor: new Map() };
  const lastTurn = new Map<string, number>();
  const rateNow = (l: FlowLimit, key: string) => {
    const b = bucketOf(l.id, key);
    const log = rate.get(b)?.log ?? logOf(state.rate.get(b), l.rate!.periodMs);
    return { b, log, used: claimsAt(log, now, l.rate!) };
  };
  const take = (t: FlowCandidate): boolean => {
    const mine = limits.filter((l) => applies(l, t));
    const keys = mine.map((l) => flowKeyOf(keyOf(l), t));
    for (let i = 0; i < mine.length; i++) {
      const l = mine[i]!;
      if (l.concurrency !== null && (running.get(bucketOf(l.id, keys[i]!)) ?? 0) >= l.concurrency) return false;
      if (l.rate !== null && rateNow(l, keys[i]!).used >= l.rate.n) return false;
    }
    for (let i = 0; i < mine.length; i++) {
      const l = mine[i]!;
      const key = keys[i]!;
      if (l.concurrency !== null) {
        const b = bucketOf(l.id, key);
        running.set(b, (running.get(b) ?? 0) + 1);
        plan.slots.push({ id: t.id, bucket: b, limitId: l.id, key });
      }
      if (l.rate !== null) {
        const r = rateNow(l, key);
        rate.set(r.b, { limitId: l.id, key, windowStart: now, used: r.used + 1, log: logAdd(r.log, now, l.rate.periodMs, 1) });
      }
    }
    plan.ids.push(t.id);
    return true;
  };
  const next = order.map(() => 0);
  let progress = true;
  while (plan.ids.length < p.limit && progress) {
    progress = false;
    for (let gi = 0; gi < order.length && plan.ids.length < p.limit; gi++) {
      const g = order[gi]!;
      // Within a bucket, the first task that fits takes the bucket's turn.
      while (next[gi]! < g.tasks.length) {
        const t = g.tasks[next[gi]!++]!;
        if (take(t)) {
          progress = true;
          const r = turn(g);
          if (g.limitId !== '' && r !== Number.MAX_SAFE_INTEGER && r >= (lastTurn.get(g.limitId) ?? -1)) {
            lastTurn.set(g.limitId, r);
            plan.cursor.set(g.limitId, g.key);
          }
          break;
        }
      }
    }
  }
  return plan;
}

/**
 * The rule of the common case, or null: one rule, "at most K running per payload field (or tag)"
 * over the whole of the one queue claimed from, no rate and no name/run pause. There a claim that
 * fills in the rotation's first turn, one task per key, takes exactly what planClaim would, so a
 * driver may take it without planning (PostgreSQL in one statement, postgres/flow-fast.ts; SQLite
 * without reading the tasks' rows, sqlite/flow.ts). `limits` and `pauses` as the claim read them.
 */
export function fastRule(limits: readonly FlowLimit[], namePauses: number, queues: readonly string[]): FlowLimit | null {
  if (limits.length !== 1 || namePauses !== 0 || queues.length !== 1) return null;
  const l = limits[0]!;
  const k = keyOf(l);
  // A rule without a task name always has a queue (model/flow.ts validateLimit): the whole queue.
  if (k === null || (k.kind === 'payload' && k.path.length !== 1) || l.concurrency === null || l.rate !== null || l.name !== null) return null;
  return l.queue === queues[0] ? l : null;
}

/**
 * What planClaim gives when `fastRule` holds and the rotation chose `chosen` (keys with room, in
 * turn order), each key's turn its first due task, keyed by text as flowKeyOf keys it: those tasks
 * in turn order, a slot each, the cursor on the last.
 */
export function firstTurnPlan(l: FlowLimit, chosen: readonly string[], headOf: (key: string) => number): FlowPlan {
  const ids = chosen.map(headOf);
  return {
    ids,
    slots: chosen.map((key, i) => ({ id: ids[i]!, bucket: bucketOf(l.id, key), limitId: l.id, key })),
    rate: new Map(),
    cursor: new Map(chosen.length ? [[l.id, chosen[chosen.length - 1]!]] : []),
  };
}

/** FNV-1a, for naming a limit's index (or statement) after its scope and key (same scope and key, same name). */
export function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The partial index that serves a keyed limit's claims: the claimable tasks of its scope by key,
 * in claim order (distinct keys by skip scan, each key's tasks by range scan).
 */
export function keyIndex(driver: 'sqlite' | 'postgres', l: FlowLimit, claimable: string): { name: string; create: string } | null {
  const k = keyOf(l);
  if (k === null) return null;
  const name = `flow_key_${fnv(`${l.queue ?? ''}\u0000${l.name ?? ''}\u0000${l.key}`)}`;
  const e = keySql(driver, k);
  const scope = scopeSql(l);
  return { name, create: `CREATE INDEX IF NOT EXISTS ${name} ON tasks ((${e}), priority DESC, run_at, id) WHERE ${claimable}${scope ? ` AND ${scope}` : ''}` };
}

/** A stored limit row (both drivers) as the model's FlowLimit. */
export interface LimitRow {
  id: string;
  queue: string | null;
  name: string | null;
  key: string | null;
  rate_n: number | string | null;
  rate_ms: number | string | null;
  concurrency: number | string | null;
  updated_at: number | string;
}

export function rowToLimit(r: LimitRow): FlowLimit {
  return {
    id: r.id, queue: r.queue, name: r.name, key: r.key,
    rate: r.rate_n === null || r.rate_ms === null ? null : { n: Number(r.rate_n), periodMs: Number(r.rate_ms) },
    concurrency: r.concurrency === null ? null : Number(r.concurrency), updatedAt: Number(r.updated_at),
  };
}

/** The audit detail of a limit change. */
export function limitDetail(l: FlowLimit): Record<string, unknown> {
  return { queue: l.queue, name: l.name, key: l.key, rate: l.rate ? rateText(l.rate) : null, concurrency: l.concurrency };
}

/** Whether a bucket can take one more claim now (else its tasks are not even fetched). */
export function hasRoom(l: FlowLimit, key: string, state: FlowState, now: number): boolean {
  const b = bucketOf(l.id, key);
  if (l.concurrency !== null && (state.running.get(b) ?? 0) >= l.concurrency) return false;
  if (l.rate !== null) {
    if (claimsAt(logOf(state.rate.get(b), l.rate.periodMs), now, l.rate) >= l.rate.n) return false;
  }
  return true;
}

/** Keys walked per step of a rotation, at most. */
export const KEY_CHUNK = 256;
/**
 * Keys walked beyond what the first step needs, for keys found without room. A step walks no
 * more than that (each key walked costs index probes and, on PostgreSQL, its first task's fetch);
 * later steps of the same claim walk twice as many as the one before, up to KEY_CHUNK.
 */
export const KEY_SLACK = 16;

/** What a rotation found. */
export interface Rotation {
  /** The keys to serve, in their turns. */
  chosen: string[];
  /**
   * The last key looked at, when the walk stopped at its limit of keys before `want` were found
   * or it came round: the limit's new cursor (every chosen key comes before it), so the next
   * claim goes on from there and keys further on are not left waiting behind keys with nothing
   * to give. Null otherwise (the cursor is the key served last).
   */
  stoppedAt: string | null;
  /** How many keys the walk handed over: what finding them cost (WalkCosts). */
  walked: number;
}

/**
 * The keys a claim serves, in round-robin order: from just after the limit's cursor to the end of
 * the key space, then from its start, skipping keys with no room, until `want` are found (or every
 * key, or `maxKeys`, was looked at). `walk(after, n)` gives up to n keys in index order
 * after `after` (null: from the first). Keys come back in the database's order; whether the walk
 * has come round is told by the keys it has seen, not by comparing strings here.
 */
export function* rotation(cursor: string | null, want: number, room: (key: string) => boolean, maxKeys: number): Generator<{ after: string | null; n: number }, Rotation, string[]> {
  const chosen: string[] = [];
  const seen = new Set<string>();
  let walked = 0;
  const done = (): Rotation => ({ chosen, stoppedAt: null, walked });
  let after = cursor;
  let wrapped = cursor === null;
  let n = 0;
  let last: string | null = null;
  for (;;) {
    if (chosen.length >= want) return done();
    if (seen.size >= maxKeys) return { chosen, stoppedAt: last, walked };
    // Doubling while keys turn out to have no room, so a key space full of busy keys still takes
    // few steps.
    n = Math.min(KEY_CHUNK, Math.max(want - chosen.length + KEY_SLACK, n * 2));
    const keys: string[] = yield { after, n };
    walked += keys.length;
    for (const k of keys) {
      if (seen.has(k)) return done(); // came round
      seen.add(k);
      last = k;
      if (room(k)) {
        chosen.push(k);
        if (chosen.length >= want) return done();
      }
    }
    if (keys.length < n) {
      if (wrapped) return done();
      wrapped = true;
      after = null;
    } else after = keys[keys.length - 1]!;
  }
}

/**
 * A walk for rotation() over keys already read, in the database's order (`afterCursor`: the
 * database orders the key after the limit's cursor): what walking the key index gives, less the
 * keys not in the list. The rotation asks from its cursor, from keys it was given, or from the
 * start (null).
 */
export function listWalk(keys: ReadonlyArray<{ key: string; afterCursor: boolean }>): (after: string | null, n: number) => string[] {
  const at = new Map(keys.map((k, i) => [k.key, i]));
  const pastCursor = keys.findIndex((k) => k.afterCursor);
  return (after, n) => {
    const from = after === null ? 0 : at.has(after) ? at.get(after)! + 1 : pastCursor < 0 ? keys.length : pastCursor;
    return keys.slice(from, from + n).map((k) => k.key);
  };
}

/** Runs a rotation with a walk that answers synchronously (a list already read, listWalk; SQLite's key index). */
export function rotate(cursor: string | null, want: number, room: (key: string) => boolean, maxKeys: number, walk: (after: string | null, n: number) => string[]): Rotation {
  const it = rotation(cursor, want, room, maxKeys);
  let r = it.next();
  while (!r.done) r = it.next(walk(r.value.after, r.value.n));
  return r.value;
}

/** Due tasks a claim reads at least, instead of walking a key index that proved mostly idle. */
export const DUE_SET_MIN = 1000;
/** Due tasks a claim reads at most instead of walking. */
export const DUE_SET_MAX = 20_000;
/** Claims that read the due tasks between two walks of the key index. */
export const DUE_SET_READS = 32;

/**
 * Per store (on SQLite, per connection), what the last walk of each keyed limit's index cost: how
 * many keys it looked at for how many turns. A walk steps over every key whose tasks are all
 * delayed or paused (the index cannot skip them: being due is a matter of time); where such keys
 * are most of the index (10,000 tenants with a task scheduled for later, a few with work now),
 * every claim paid for all of them (measured: a tenant's drain 10 to 24 times slower). After such
 * a walk the next claims read the queue's due tasks instead, when there are few enough (the keys
 * they hold are the only ones a walk would serve), and walk again when there are not. Either way
 * the claim takes the tasks a walk of every key would take (reading the due tasks also finds keys
 * past the KEYS_PER_CLAIM a walk looks at): this only chooses the cheaper way to find them.
 */
export class WalkCosts {
  private readonly last = new Map<string, { walked: number; served: number; reads: number }>();
  record(limitId: string, walked: number, served: number): void {
    if (this.last.size > 1000) this.last.clear();
    this.last.set(limitId, { walked, served, reads: 0 });
  }
  /**
   * How many due tasks are worth reading instead of walking this limit's keys (each task read
   * costs less than a key walked), or 0: walk. Every DUE_SET_READS reads, a walk measures again
   * (the keys may have filled with due work since).
   */
  dueSetBound(limitId: string): number {
    const w = this.last.get(limitId);
    if (!w || w.walked < 4 * w.served + 64 || w.reads >= DUE_SET_READS) return 0;
    w.reads++;
    return Math.min(DUE_SET_MAX, Math.max(DUE_SET_MIN, 2 * w.walked));
  }
}
