/**
 * Flow control (PostgreSQL): limit rules and pauses as rows, their audit, and the flow-aware
 * claim. Cluster-wide by construction: the rules, counters and windows are rows of the one
 * database, and flow-aware claims take one transaction-scoped advisory lock, so claims of every
 * process and host are applied one after another against the same counts (read committed: each
 * statement sees what the previous holder committed). The plain claim (statements.ts claimCtes)
 * refuses to claim while any rule exists, so nothing slips past a limit on the fast path. The
 * same functions as sqlite/flow.ts; the decisions are flow-plan.ts's.
 */
import { escapeLiteral } from 'pg';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import type { ClaimedTask } from '../../model/task.js';
import {
  bucketOf,
  hasRoom,
  keyIndex,
  keyOf,
  keySql,
  limitDetail,
  limitsForQueue,
  listWalk,
  lit,
  planClaim,
  rotate,
  rotation,
  rowToLimit,
  scopeSql,
  rateUse,
  type FlowCandidate,
  type FlowPlan,
  type FlowState,
  type LimitRow,
  type RateLog,
  type Rotation,
  type WalkCosts,
} from '../flow-plan.js';
import { nextLeaseToken, nextRunAtSql, PG_LEASE_SEED_CTE, pgRandomTokenBits, priorityLevelsSql, queueClaimableSql, stateGuard } from '../sql-rules.js';
import type { TaskClaimOp } from '../store.js';
import { SOURCE_STATES } from '../../model/state.js';
import { claimed, claimedTasks } from './claimed.js';
import { byPriorityLevels, CLAIMABLE } from './statements.js';
import { j } from './tx.js';

/**
 * "Claimable", written so that only a limit's key index can serve it: the claim index
 * (tasks_claim) has the plain form as its predicate, which this does not imply. Without it, a
 * table whose statistics predate its rows (new, or just filled) gets walked through the claim
 * index, evaluating the key on every row (measured: 670 ms for 256 keys of 5,000 tasks, against
 * 1 ms by the key index).
 */
const KEYED = stateGuard(SOURCE_STATES.claim, `(state || '')`);

/**
 * The key walk's step: the first key `cmp` selects (a comparison with the key expression `e`)
 * with `columns` of that key's first claimable task in claim order, in one probe of the rule's
 * key index. Used by the general claim and the one-round-trip claim (flow-fast.ts).
 */
export const keyHead = (e: string, scope: string, cmp: string, columns: string): string =>
  `SELECT (${e}) AS v, ${columns} FROM tasks WHERE ${KEYED} AND ${scope} AND (${e}) ${cmp} ORDER BY (${e}), priority DESC, run_at, id LIMIT 1`;

/**
 * `columns` of the first task of key `v` (an SQL expression) at priority `atMost` or below that
 * is due at `now` and matches `extra` (name/run pauses), in claim order; no row when the key has
 * none. For a key whose first task is not due (tasks delayed at a higher priority): a priority
 * level at a time, highest first, each level one bounded range of the key index, so the delayed
 * tasks are stepped over by an index descent per level, not read one by one. A caller that knows
 * the key's first task (its head) passes the level below the head's when the head is not due (no
 * task of its level is: run_at is that level's order), so a key of one level costs one probe.
 */
export const keyFirstDue = (e: string, scope: string, v: string, atMost: string, now: string, extra: string, columns: string): string => {
  const mine = `${KEYED} AND ${scope} AND (${e}) = ${v}`;
  return `SELECT d.* FROM (${priorityLevelsSql(`${mine} AND priority <= ${atMost}`)}) lv CROSS JOIN LATERAL (
      SELECT ${columns} FROM tasks WHERE ${mine} AND priority = lv.prio AND run_at <= ${now}${extra} ORDER BY run_at, id LIMIT 1) d LIMIT 1`;
};

/** Runs `sql` then COMMIT in one simple query; the rows of `sql`, as arrays. */
export type Commit = (sql: string) => Promise<unknown[][]>;

/** What these functions need of a connection: one statement at a time (a PgTx, or the driver's pool). */
export interface Q {
  rows<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]>;
}

/** A connection that also reads rows as arrays of their columns (a PgTx). */
export interface QA extends Q {
  arrays(sql: string, params: unknown[]): Promise<unknown[][]>;
  /** Rows of a statement written from the rules in force, prepared by its text where it may be (PgTx.ruleRows). */
  ruleRows<R = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]>;
  /** The server connection under it: what is known to exist in its schema is remembered per connection. */
  readonly c: object;
  /** Where claimed tasks whose completion has consequences are noted (claimed.ts), or null. */
  readonly consequential: Set<string> | null;
  /** What the store's key walks cost (WalkCosts), or null: every claim walks. */
  readonly walks: WalkCosts | null;
}

/** Per connection, the key indexes known to exist (ensureKeyIndex). */
const knownIndexes = new WeakMap<object, Set<string>>();

/**
 * Makes a keyed limit's index if it is missing, once per connection and index: a tag-keyed rule
 * stored by an earlier version (whose tag keys had no index) has none, and the claim's walk,
 * written for that index, would otherwise scan the table at every step.
 */
async function ensureKeyIndex(q: QA, l: FlowLimit): Promise<void> {
  const idx = keyIndex('postgres', l, KEYED)!;
  let known = knownIndexes.get(q.c);
  if (!known) knownIndexes.set(q.c, (known = new Set()));
  if (known.has(idx.name)) return;
  const [row] = await q.rows<{ r: string | null }>(`SELECT to_regclass($1)::text AS r`, [idx.name]);
  if (row?.r === null) await q.rows(idx.create, []);
  known.add(idx.name);
}

/** Keys of one limit a claim looks at, at most (its docs say so). */
export const KEYS_PER_CLAIM = 10_000;
/** The advisory lock every flow-aware claim holds for its transaction. */
const FLOW_LOCK = 7_146_230_118;
export const FLOW_LOCK_SQL = `SELECT pg_advisory_xact_lock(${FLOW_LOCK})`;


/**
 * Running tasks per bucket: the buckets each running task's flow-aware claim counted it in
 * (migration 5). A task that stopped running, or was claimed again, no longer carries them.
 */
const RUNNING_PER_BUCKET = `SELECT b ->> 0 AS limit_id, b ->> 1 AS key, count(*) AS n
    FROM tasks t CROSS JOIN LATERAL jsonb_array_elements(t.flow_buckets) b
    WHERE t.state = 'running' AND t.flow_buckets IS NOT NULL GROUP BY 1, 2`;

const SQL = {
  limits: `SELECT * FROM flow_limits ORDER BY id`,
  limitGet: `SELECT * FROM flow_limits WHERE id = $1 FOR UPDATE`,
  limitUpsert: `INSERT INTO flow_limits (id, queue, name, key, rate_n, rate_ms, concurrency, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (id) DO UPDATE SET queue = excluded.queue, name = excluded.name, key = excluded.key, rate_n = excluded.rate_n,
      rate_ms = excluded.rate_ms, concurrency = excluded.concurrency, updated_at = excluded.updated_at`,
  limitDelete: `DELETE FROM flow_limits WHERE id = $1`,
  // A rule's buckets go when its scope or key changes, or it goes: its rate windows, its cursor,
  // and its entries in running tasks' buckets (those tasks no longer count under it).
  bucketsDelete: `WITH a AS (DELETE FROM flow_rate WHERE limit_id = $1), b AS (DELETE FROM flow_cursors WHERE limit_id = $1)
    UPDATE tasks SET flow_buckets = (SELECT jsonb_agg(x) FROM jsonb_array_elements(flow_buckets) x WHERE x ->> 0 <> $1)
    WHERE state = 'running' AND flow_buckets IS NOT NULL AND flow_buckets @> jsonb_build_array(jsonb_build_array($1::text))`,
  pauses: `SELECT kind, target, paused_at FROM flow_pauses ORDER BY kind, target`,
  pauseInsert: `INSERT INTO flow_pauses (kind, target, paused_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
  pauseDelete: `DELETE FROM flow_pauses WHERE kind = $1 AND target = $2 RETURNING 1`,
  queuePausedLock: `SELECT paused FROM queues WHERE name = $1 FOR UPDATE`,
  queueSetPaused: `INSERT INTO queues (name, paused, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at`,
  audit: `INSERT INTO flow_audit (at, action, kind, target, actor, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
  auditList: `SELECT * FROM flow_audit WHERE id < $1 ORDER BY id DESC LIMIT $2`,
  running: RUNNING_PER_BUCKET,
  rates: `SELECT limit_id, key, window_start, used, slots FROM flow_rate`,
  // Everything a flow-aware claim reads, in one statement (after the lock): rules, name/run
  // pauses, the asked queues not paused ($1), running tasks per bucket, rate windows, cursors.
  // Rate windows older than a day are swept in passing (this statement's counts do not rely on it).
  snapshot: `WITH rs AS (DELETE FROM flow_rate WHERE window_start < $2::bigint - 86400000)
    SELECT
      (SELECT coalesce(json_agg(l ORDER BY l.id), '[]') FROM flow_limits l) AS limits,
      (SELECT coalesce(json_agg(p), '[]') FROM flow_pauses p WHERE kind IN ('name', 'run')) AS pauses,
      (SELECT coalesce(json_agg(x.name), '[]') FROM (SELECT unnest($1::text[]) AS name EXCEPT SELECT name FROM queues WHERE paused) x) AS queues,
      (SELECT coalesce(json_agg(json_build_array(c.limit_id, c.key, c.n)), '[]') FROM (${RUNNING_PER_BUCKET}) c) AS running,
      (SELECT coalesce(json_agg(json_build_array(r.limit_id, r.key, r.window_start, r.used, r.slots)), '[]') FROM flow_rate r) AS rates,
      (SELECT coalesce(json_agg(json_build_array(c.limit_id, c.key)), '[]') FROM flow_cursors c) AS cursors`,
} as const;

/** A literal of SQL text: the claim can travel with its COMMIT only as a simple query, which takes no parameters. */
const text = (v: string): string => escapeLiteral(v);
const bigints = (xs: readonly number[]): string => `'{${xs.map((x) => Math.trunc(x)).join(',')}}'::bigint[]`;
const texts = (xs: readonly string[]): string => `ARRAY[${xs.map(text).join(', ')}]::text[]`;

/**
 * The claim of a plan, its claimed events (`routine`: history full, model/history.ts), rate
 * windows and cursors: one statement. Each task carries the
 * concurrency buckets it counts in (flow_buckets) while it runs; only rows the claim got count (a
 * task cancelled meanwhile is skipped); rate windows count the plan.
 */
function claimSql(plan: FlowPlan, now: number, op: TaskClaimOp, routine: boolean): string {
  const buckets = new Map<number, Array<[string, string]>>();
  for (const sl of plan.slots) {
    let b = buckets.get(sl.id);
    if (!b) buckets.set(sl.id, (b = []));
    b.push([sl.limitId, sl.key]);
  }
  const ids = bigints(plan.ids);
  const fbs = `ARRAY[${plan.ids.map((id) => (buckets.has(id) ? text(JSON.stringify(buckets.get(id))) : 'NULL')).join(', ')}]::jsonb[]`;
  const rates = [...plan.rate.values()];
  const cursors = [...plan.cursor];
  const n = Math.trunc(now);
  const worker = text(op.workerId);
  return `WITH ${PG_LEASE_SEED_CTE},
    u AS (
      UPDATE tasks t SET state = 'running', attempt = t.attempt + 1, lease_token = ${nextLeaseToken('t.lease_token', pgRandomTokenBits('t.id'))},
        lease_expires_at = ${n + Math.trunc(op.leaseMs)}, worker_id = ${worker}, started_at = ${n}, updated_at = ${n},
        flow_buckets = (${fbs})[array_position(${ids}, t.id)]
      WHERE t.id = ANY(${ids}) AND ${stateGuard(SOURCE_STATES.claim, `(t.state || '')`)}
      RETURNING ${claimed('t')}),
    ${routine ? `ev AS (INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
      SELECT id, 'claimed', ${n}, attempt, ${worker}, NULL FROM u ORDER BY array_position(${ids}, id)),` : ''}
    rt AS (INSERT INTO flow_rate (limit_id, key, window_start, used, slots)
      SELECT * FROM unnest(${texts(rates.map((r) => r.limitId))}, ${texts(rates.map((r) => r.key))}, ${bigints(rates.map((r) => r.windowStart))}, ${bigints(rates.map((r) => r.used))}::int[],
        ARRAY[${rates.map((r) => text(JSON.stringify(r.log))).join(', ')}]::jsonb[])
      ON CONFLICT (limit_id, key) DO UPDATE SET window_start = excluded.window_start, used = excluded.used, slots = excluded.slots),
    cu AS (INSERT INTO flow_cursors (limit_id, key, at) SELECT l, k, ${n} FROM unnest(${texts(cursors.map((c) => c[0]))}, ${texts(cursors.map((c) => c[1]))}) AS v(l, k)
      ON CONFLICT (limit_id) DO UPDATE SET key = excluded.key, at = excluded.at)
    SELECT ${claimed('u')} FROM u ORDER BY array_position(${ids}, id)`;
}

/**
 * A flow claim's transaction of its own, opened in one round trip (a simple query of several
 * statements, its values written as literals): BEGIN, async commit for this transaction, the
 * lock, then the snapshot statement. Each statement of a simple query takes its own snapshot
 * (read committed), so the last one reads after the lock, as when they are sent one by one (see
 * flowClaim). Its last result is the snapshot row, for flowClaim's `pre`.
 */
export function flowBegin(queues: readonly string[], now: number): string {
  const snapshot = SQL.snapshot.replace('$1::text[]', `ARRAY[${queues.map(lit).join(', ')}]::text[]`).replace('$2::bigint', `${Math.trunc(now)}::bigint`);
  return `BEGIN; SET LOCAL synchronous_commit = off; ${FLOW_LOCK_SQL}; ${snapshot}`;
}

async function audit(q: Q, now: number, action: FlowAuditEntry['action'], kind: string, target: string, actor: string | null, detail: unknown): Promise<void> {
  await q.rows(SQL.audit, [now, action, kind, target, actor, j(detail)]);
}

export async function limitList(q: Q): Promise<FlowLimit[]> {
  return (await q.rows<LimitRow>(SQL.limits, [])).map(rowToLimit);
}

/** In the caller's transaction: the rule, its key index (keyed rules), and its audit line. */
export async function limitSet(q: Q, p: { limit: FlowLimit; actor: string | null; now: number }): Promise<void> {
  const l = p.limit;
  const [before] = await q.rows<LimitRow>(SQL.limitGet, [l.id]);
  await q.rows(SQL.limitUpsert, [l.id, l.queue, l.name, l.key, l.rate?.n ?? null, l.rate?.periodMs ?? null, l.concurrency, p.now]);
  const idx = keyIndex('postgres', l, KEYED);
  if (idx) await q.rows(idx.create, []);
  if (before && (before.queue !== l.queue || before.name !== l.name || before.key !== l.key)) {
    await q.rows(SQL.bucketsDelete, [l.id]);
    await dropUnusedIndex(q, rowToLimit(before));
  }
  await audit(q, p.now, 'limit_set', 'limit', l.id, p.actor, { ...limitDetail(l), ...(before ? { before: limitDetail(rowToLimit(before)) } : {}) });
}

export async function limitRemove(q: Q, p: { id: string; actor: string | null; now: number }): Promise<boolean> {
  const [before] = await q.rows<LimitRow>(SQL.limitGet, [p.id]);
  if (!before) return false;
  await q.rows(SQL.limitDelete, [p.id]);
  await q.rows(SQL.bucketsDelete, [p.id]);
  await dropUnusedIndex(q, rowToLimit(before));
  await audit(q, p.now, 'limit_removed', 'limit', p.id, p.actor, limitDetail(rowToLimit(before)));
  return true;
}

async function dropUnusedIndex(q: Q, gone: FlowLimit): Promise<void> {
  const idx = keyIndex('postgres', gone, KEYED);
  if (!idx) return;
  if ((await limitList(q)).some((l) => keyIndex('postgres', l, KEYED)?.name === idx.name)) return;
  await q.rows(`DROP INDEX IF EXISTS ${idx.name}`, []);
}

export async function pauseSet(q: Q, p: { kind: FlowPauseKind | 'queue'; target: string; paused: boolean; actor: string | null; now: number }): Promise<boolean> {
  if (p.kind === 'queue') {
    const [row] = await q.rows<{ paused: boolean }>(SQL.queuePausedLock, [p.target]);
    if ((row?.paused ?? false) === p.paused) return false;
    await q.rows(SQL.queueSetPaused, [p.target, p.paused, p.now]);
  } else {
    const changed = await q.rows(p.paused ? SQL.pauseInsert : SQL.pauseDelete, p.paused ? [p.kind, p.target, p.now] : [p.kind, p.target]);
    if (changed.length === 0) return false;
  }
  await audit(q, p.now, p.paused ? 'paused' : 'resumed', p.kind, p.target, p.actor, null);
  return true;
}

export async function pauseList(q: Q): Promise<FlowPause[]> {
  return (await q.rows<{ kind: FlowPauseKind; target: string; paused_at: string }>(SQL.pauses, [])).map((r) => ({ kind: r.kind, target: r.target, pausedAt: Number(r.paused_at) }));
}

export async function auditList(q: Q, p: { limit: number; beforeId?: string }): Promise<FlowAuditEntry[]> {
  const rows = await q.rows<Record<string, unknown>>(SQL.auditList, [p.beforeId ?? '9223372036854775807', p.limit]);
  return rows.map((r) => ({
    id: String(r.id), at: Number(r.at), action: r.action as FlowAuditEntry['action'], kind: r.kind as string, target: r.target as string,
    actor: (r.actor as string | null) ?? null, detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : (r.detail ?? null),
  }));
}

export async function usage(q: Q, now: number): Promise<FlowUsage[]> {
  const limits = new Map((await limitList(q)).map((l) => [l.id, l]));
  const out = new Map<string, FlowUsage>();
  const at = (limitId: string, key: string) => {
    const b = bucketOf(limitId, key);
    let u = out.get(b);
    if (!u) out.set(b, (u = { limitId, key, running: 0, windowClaims: 0, windowStart: null }));
    return u;
  };
  for (const r of await q.rows<{ limit_id: string; key: string; n: string }>(SQL.running, [])) at(r.limit_id, r.key).running = Number(r.n);
  for (const r of await q.rows<{ limit_id: string; key: string; window_start: string; used: number; slots: unknown }>(SQL.rates, [])) {
    const l = limits.get(r.limit_id);
    if (!l) continue;
    const use = rateUse(l, { windowStart: Number(r.window_start), used: Number(r.used), log: parsed(r.slots) as RateLog | null }, now);
    if (use.windowClaims > 0) Object.assign(at(r.limit_id, r.key), use);
  }
  return [...out.values()].sort((a, b) => (a.limitId < b.limitId ? -1 : a.limitId > b.limitId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const CANDIDATE_COLUMNS = 'id, queue, name, priority, run_at, payload, tags';
/** A key's first task as the key walk carries it: a candidate, and what the pauses look at. */
const HEAD_COLUMNS = `${CANDIDATE_COLUMNS}, run_id`;
/** The snapshot statement's row. */
export type FlowSnapshot = { limits: unknown; pauses: unknown; queues: unknown; running: unknown; rates: unknown; cursors: unknown };
type CandidateRow = { id: string; queue: string; name: string; priority: number; run_at: string; payload: unknown; tags: unknown };
const parsed = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const toCandidate = (r: CandidateRow): FlowCandidate => ({
  id: Number(r.id), queue: r.queue, name: r.name, priority: r.priority, runAt: Number(r.run_at),
  payload: parsed(r.payload) ?? null, tags: (parsed(r.tags) as string[] | null) ?? [],
});

/** The rules and the name/run pauses a snapshot read. */
export type FlowRules = { limits: FlowLimit[]; pauses: Array<{ kind: FlowPauseKind; target: string }> };
export function snapshotRules(snap: FlowSnapshot): FlowRules {
  return { limits: (parsed(snap.limits) as LimitRow[]).map(rowToLimit), pauses: parsed(snap.pauses) as Array<{ kind: FlowPauseKind; target: string }> };
}

/**
 * The flow-aware claim, inside the caller's transaction: null when no rule or name/run pause
 * exists (the caller claims plainly). Otherwise as sqlite/flow.ts flowClaim, under FLOW_LOCK.
 * `commit`, when the transaction is the claim's own: runs its last statement and commits in the
 * same round trip (the lock is held one round trip less), giving back the statement's rows.
 */
export async function flowClaim(
  q: QA,
  now: number,
  op: TaskClaimOp,
  routine: boolean,
  pre?: { snap: FlowSnapshot; rules: FlowRules },
  commit?: Commit,
): Promise<ClaimedTask[] | null> {
  // The lock first, in a statement of its own: a statement's snapshot is taken when it starts,
  // so everything read after it sees what the previous holder committed. `pre`: the caller opened
  // the transaction with flowBegin, which took the lock and read the snapshot after it (and
  // already parsed its rules).
  let snap = pre?.snap;
  if (!snap) {
    await q.rows(FLOW_LOCK_SQL, []);
    [snap] = await q.rows<FlowSnapshot>(SQL.snapshot, [op.queues, now]);
  }
  const { limits, pauses } = pre?.rules ?? snapshotRules(snap!);
  if (limits.length === 0 && pauses.length === 0) return null;
  const names = pauses.filter((p) => p.kind === 'name').map((p) => lit(p.target));
  const runs = pauses.filter((p) => p.kind === 'run').map((p) => lit(p.target));
  const unpaused = [names.length ? `name NOT IN (${names.join(', ')})` : '', runs.length ? `(run_id IS NULL OR run_id NOT IN (${runs.join(', ')}))` : '']
    .filter(Boolean)
    .map((c) => ` AND ${c}`)
    .join('');
  const queues = (parsed(snap!.queues) as string[]).sort();
  const state: FlowState = { running: new Map(), rate: new Map(), cursor: new Map(), rank: new Map() };
  for (const [l, k, n] of parsed(snap!.running) as Array<[string, string, number]>) state.running.set(bucketOf(l, k), Number(n));
  for (const [l, k, w, u, log] of parsed(snap!.rates) as Array<[string, string, number, number, RateLog | null]>) state.rate.set(bucketOf(l, k), { windowStart: Number(w), used: Number(u), log });
  for (const [l, k] of parsed(snap!.cursors) as Array<[string, string]>) state.cursor.set(l, k);
  const candidates: FlowCandidate[] = [];
  // Per keyed rule whose walk stopped at KEYS_PER_CLAIM: where the next claim goes on (Rotation).
  const stopped = new Map<string, string>();
  const fetch = async (sql: string, args: unknown[]) => {
    for (const r of await q.ruleRows<CandidateRow>(sql, args)) candidates.push(toCandidate(r));
  };
  const ORDER = 'ORDER BY priority DESC, run_at, id';
  // A queue's tasks in claim order matching `where`, a priority level at a time ($1 now, $2 limit).
  const byLevels = (qn: string, where: string) =>
    byPriorityLevels(lit(qn), (prio) => `SELECT ${CANDIDATE_COLUMNS} FROM tasks WHERE ${where} AND ${CLAIMABLE} AND priority = ${prio} AND run_at <= $1 ORDER BY run_at, id LIMIT $2`, '$2');
  /**
   * The first due task of each key (`e`) among queue qn's tasks that `where` selects, and the keys
   * in the database's order, when the queue has at most `bound` due tasks (counted in its claim
   * index first: no row is read otherwise); else null, and the caller walks the key index.
   */
  const dueSet = async (qn: string, where: string, e: string, cursor: string | null, bound: number) => {
    if (bound <= 0) return null;
    const rows = await q.ruleRows<CandidateRow & { few: boolean; kv: string | null; after: boolean | null }>(
      `WITH d AS (
         SELECT x.id FROM (${priorityLevelsSql(queueClaimableSql(lit(qn), CLAIMABLE))}) lv CROSS JOIN LATERAL (
           SELECT id FROM tasks WHERE ${queueClaimableSql(lit(qn), CLAIMABLE)} AND priority = lv.prio AND run_at <= $1 ORDER BY run_at, id LIMIT $2 + 1) x
         LIMIT $2 + 1),
       few AS (SELECT count(*) <= $2 AS ok FROM d),
       h AS (SELECT DISTINCT ON (kv) (${e}) AS kv, ${CANDIDATE_COLUMNS} FROM tasks
         WHERE (SELECT ok FROM few) AND id = ANY(ARRAY(SELECT id FROM d)) AND ${where} ORDER BY kv, priority DESC, run_at, id)
       SELECT true AS few, kv, kv > $3 AS after, ${CANDIDATE_COLUMNS} FROM h
       UNION ALL SELECT false, NULL, NULL, ${CANDIDATE_COLUMNS.split(', ').map(() => 'NULL').join(', ')} WHERE NOT (SELECT ok FROM few)
       ORDER BY kv`,
      [now, bound, cursor],
    );
    if (rows.some((r) => !r.few)) return null;
    const firsts = new Map(rows.map((r) => [String(r.kv), r as CandidateRow]));
    return { firsts, walk: listWalk(rows.map((r) => ({ key: String(r.kv), afterCursor: r.after === true }))) };
  };
  for (const qn of queues) {
    const mine = limitsForQueue(limits, qn);
    if (!mine.some((l) => l.name === null)) {
      const covered = mine.map((l) => lit(l.name!));
      await fetch(byLevels(qn, `queue = ${lit(qn)}${unpaused}${covered.length ? ` AND name NOT IN (${covered.join(', ')})` : ''}`), [now, op.limit]);
    }
    for (const l of mine) {
      const scope = `${scopeSql(l)}${l.queue === null ? ` AND queue = ${lit(qn)}` : ''}`;
      const k = keyOf(l);
      if (k === null) {
        if (hasRoom(l, '', state, now)) await fetch(byLevels(qn, `${scope}${unpaused}`), [now, op.limit]);
        continue;
      }
      const e = keySql('postgres', k);
      // Each key's first `per` tasks, one index range scan per key, in one statement.
      const fetchFirsts = (keys: string[], per: number) =>
        fetch(
          `SELECT c.* FROM unnest($1::text[]) AS kv(v) CROSS JOIN LATERAL (
             SELECT ${CANDIDATE_COLUMNS} FROM tasks WHERE ${KEYED} AND ${scope} AND (${e}) = kv.v AND run_at <= $2${unpaused} ${ORDER} LIMIT $3) c`,
          [keys, now, per],
        );
      // Keys by skip scan over the limit's key index, in rotation from the cursor: one probe per
      // key gives the key and its first task in claim order (the index's order after the key).
      // That task is the key's candidate when it is due and not paused (the usual case); for the
      // others, the key's first task that is (keyFirstDue), in the same statement. A key with no
      // such task has no turn: its tasks are all delayed or paused. So the usual claim (one task
      // per key: as many keys with room as the claim asks) needs no other fetch.
      await ensureKeyIndex(q, l);
      const head = (cmp: string) => keyHead(e, scope, cmp, HEAD_COLUMNS);
      // Nothing in the queue due (every task delayed): no key has a turn, and without this the
      // walk would visit every key (up to KEYS_PER_CLAIM) to find that out, at every idle poll.
      const anyDue = (nowParam: string) => `(SELECT t FROM (${nextRunAtSql(queueClaimableSql(lit(qn), CLAIMABLE))}) d) <= ${nowParam}`;
      const walkSql = (first: string, nParam: string, nowParam: string) => `WITH RECURSIVE k(v, ${HEAD_COLUMNS}, n) AS (
           SELECT f.*, 1 FROM (${head(first)}) f WHERE ${anyDue(nowParam)}
           UNION ALL SELECT f.*, k.n + 1 FROM k CROSS JOIN LATERAL (${head('> k.v')}) f WHERE k.n < ${nParam}),
         h AS (SELECT *, (run_at <= ${nowParam}${unpaused}) AS due FROM k)
         SELECT v AS kv, n, ${CANDIDATE_COLUMNS} FROM h WHERE due
         UNION ALL SELECT h.v, h.n, d.* FROM h LEFT JOIN LATERAL (${keyFirstDue(e, scope, 'h.v', `CASE WHEN h.run_at <= ${nowParam} THEN h.priority ELSE h.priority - 1 END`, nowParam, unpaused, CANDIDATE_COLUMNS)}) d ON true WHERE NOT h.due
         ORDER BY n`;
      const walk = async (after: string | null, n: number) => {
        const rows = await q.ruleRows<Omit<CandidateRow, 'id'> & { id: string | null; kv: string }>(
          after === null ? walkSql(">= ''", '$1', '$2') : walkSql('> $1', '$2', '$3'), after === null ? [n, now] : [after, n, now]);
        for (const row of rows) if (row.id !== null) heads.set(String(row.kv), toCandidate(row as CandidateRow));
        return rows.map((row) => String(row.kv));
      };
      const heads = new Map<string, FlowCandidate>();
      const cursor = state.cursor.get(l.id) ?? null;
      const due = await dueSet(qn, `${scope}${unpaused}`, e, cursor, q.walks?.dueSetBound(l.id) ?? 0);
      let turns: Rotation;
      if (due) {
        // The keys with a due task, each with its first: a key with room has its turn.
        turns = rotate(cursor, op.limit, (key) => due.firsts.has(key) && hasRoom(l, key, state, now), KEYS_PER_CLAIM, due.walk);
        for (const key of turns.chosen) heads.set(key, toCandidate(due.firsts.get(key)!));
      } else {
        const it = rotation(cursor, op.limit, (key) => heads.has(key) && hasRoom(l, key, state, now), KEYS_PER_CLAIM);
        let r = it.next();
        while (!r.done) r = it.next(await walk(r.value.after, r.value.n));
        turns = r.value;
        q.walks?.record(l.id, turns.walked, turns.chosen.length);
      }
      const { chosen, stoppedAt } = turns;
      if (stoppedAt !== null) stopped.set(l.id, stoppedAt);
      chosen.forEach((key, i) => state.rank.set(bucketOf(l.id, key), i));
      const per = Math.max(1, Math.ceil(op.limit / Math.max(1, chosen.length)));
      if (per === 1) for (const key of chosen) candidates.push(heads.get(key)!);
      else await fetchFirsts(chosen, per);
    }
  }
  const plan = planClaim({ limits, candidates, state, limit: op.limit, now });
  for (const [id, key] of stopped) plan.cursor.set(id, key);
  if (plan.ids.length === 0 && plan.cursor.size === 0) return [];
  const sql = claimSql(plan, now, op, routine);
  const rows = commit ? await commit(sql) : await q.arrays(sql, []);
  return claimedTasks(rows, op, now, q.consequential);
}
