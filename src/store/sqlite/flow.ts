/**
 * Flow control (SQLite): limit rules and pauses as rows, their audit, and the flow-aware claim.
 * The claim reads the rules in its own transaction (SQLite has one writer at a time, across
 * processes too), so a rule holds from the next claim on. With no rule and no name/run pause the
 * claim is the plain one (lease.ts); this file is not on that path. The same functions as
 * postgres/flow.ts; the decisions are flow-plan.ts's.
 */
import type Database from 'better-sqlite3';
import type { FlowAuditEntry, FlowLimit, FlowPause, FlowPauseKind, FlowUsage } from '../../model/flow.js';
import type { ClaimedTask } from '../../model/task.js';
import {
  bucketOf,
  fastRule,
  firstTurnPlan,
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
  rowToLimit,
  scopeSql,
  rateUse,
  type FlowCandidate,
  type FlowPlan,
  type FlowState,
  type LimitRow,
  type Rotation,
  type StoredRate,
  WalkCosts,
} from '../flow-plan.js';
import { claimedRowToTask } from '../rows.js';
import type { TaskClaimOp } from '../store.js';
import { byLevel } from './levels.js';
import { CLAIMABLE } from './statements.js';
import { j, type SqliteTx } from './tx.js';

type Stmt = Database.Statement<unknown[], unknown>;

/** Keys of one limit a claim looks at, at most (its docs say so). */
export const KEYS_PER_CLAIM = 10_000;

const CANDIDATE_COLUMNS = 'id, queue, name, priority, run_at, payload, tags';

const SQL = {
  active: `SELECT EXISTS (SELECT 1 FROM flow_limits) OR EXISTS (SELECT 1 FROM flow_pauses WHERE kind IN ('name', 'run')) AS on_`,
  limits: `SELECT * FROM flow_limits ORDER BY id`,
  limitGet: `SELECT * FROM flow_limits WHERE id = ?`,
  limitUpsert: `INSERT INTO flow_limits (id, queue, name, key, rate_n, rate_ms, concurrency, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET queue = excluded.queue, name = excluded.name, key = excluded.key, rate_n = excluded.rate_n,
      rate_ms = excluded.rate_ms, concurrency = excluded.concurrency, updated_at = excluded.updated_at`,
  limitDelete: `DELETE FROM flow_limits WHERE id = ?`,
  bucketsDelete: [`DELETE FROM flow_rate WHERE limit_id = ?`, `DELETE FROM flow_slots WHERE limit_id = ?`, `DELETE FROM flow_cursors WHERE limit_id = ?`],
  pauses: `SELECT kind, target, paused_at FROM flow_pauses ORDER BY kind, target`,
  pauseGet: `SELECT 1 FROM flow_pauses WHERE kind = ? AND target = ?`,
  pauseInsert: `INSERT OR IGNORE INTO flow_pauses (kind, target, paused_at) VALUES (?, ?, ?)`,
  pauseDelete: `DELETE FROM flow_pauses WHERE kind = ? AND target = ?`,
  queuePaused: `SELECT paused FROM queues WHERE name = ?`,
  queueSetPaused: `INSERT INTO queues (name, paused, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at`,
  audit: `INSERT INTO flow_audit (at, action, kind, target, actor, detail) VALUES (?, ?, ?, ?, ?, ?)`,
  auditList: `SELECT * FROM flow_audit WHERE id < ? ORDER BY id DESC LIMIT ?`,
  // A slot counts while its task runs under the lease it was taken with; the rest are swept.
  slotsSweep: `DELETE FROM flow_slots WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = flow_slots.task_id
      AND t.lease_token = flow_slots.lease_token AND t.state = 'running')`,
  slotsCount: `SELECT limit_id, key, count(*) AS n FROM flow_slots GROUP BY limit_id, key`,
  // JSON array of [limit_id, key, task_id, lease_token]
  slotsInsert: `INSERT OR REPLACE INTO flow_slots (limit_id, key, task_id, lease_token)
      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
  rates: `SELECT limit_id, key, window_start, used, slots FROM flow_rate`,
  rateUpsert: `INSERT INTO flow_rate (limit_id, key, window_start, used, slots) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (limit_id, key) DO UPDATE SET window_start = excluded.window_start, used = excluded.used, slots = excluded.slots`,
  // Rate buckets with no claim for a day (the longest period) go, so keys seen once do not pile up.
  ratesSweep: `DELETE FROM flow_rate WHERE window_start < ? - 86400000`,
  cursors: `SELECT limit_id, key FROM flow_cursors`,
  // queue, priority, now, at most: due tasks at one priority level, from the claim index alone.
  dueCount: `SELECT count(*) AS n FROM (SELECT 1 FROM tasks INDEXED BY tasks_claim WHERE queue = ? AND ${CLAIMABLE} AND priority = ? AND run_at <= ? LIMIT ?)`,
  // cursor, JSON array of keys: the keys in the order of the key index (text, BINARY), each
  // with whether it comes after the cursor.
  keyOrder: `SELECT value AS k, value > ? AS a FROM json_each(?) ORDER BY value`,
  // JSON array of ids: their rows as candidates (the heads a lean walk found, when they are planned).
  candidatesById: `SELECT ${CANDIDATE_COLUMNS} FROM tasks WHERE id IN (SELECT value FROM json_each(?))`,
  cursorSet: `INSERT INTO flow_cursors (limit_id, key, at) VALUES (?, ?, ?)
      ON CONFLICT (limit_id) DO UPDATE SET key = excluded.key, at = excluded.at`,
} as const;

/** Statements of this file, and the claim's generated ones, prepared once per connection and text. */
export class FlowStatements {
  private readonly cache = new Map<string, Stmt>();
  /** Key indexes known to exist on this connection (ensureKeyIndex). */
  readonly ensured = new Set<string>();
  /** What this connection's key walks cost (WalkCosts): when to read the due tasks instead. */
  readonly walks = new WalkCosts();
  /**
   * Whether the common case (flow-plan.ts fastRule) is claimed without reading the tasks' rows or
   * planning; off, every claim plans (the tests compare the two).
   */
  fastPath = true;
  constructor(private readonly db: Database.Database) {}
  get(sql: string, raw = false): Stmt {
    const k = raw ? `raw:${sql}` : sql;
    let st = this.cache.get(k);
    if (!st) {
      // Generated texts vary with the rules and pauses; a few hundred is plenty between changes.
      if (this.cache.size > 500) this.cache.clear();
      st = this.db.prepare(sql);
      if (raw) st.raw(true);
      this.cache.set(k, st);
    }
    return st;
  }
  exec(sql: string): void {
    this.db.exec(sql);
  }
}

function audit(f: FlowStatements, now: number, action: FlowAuditEntry['action'], kind: string, target: string, actor: string | null, detail: unknown): void {
  f.get(SQL.audit).run(now, action, kind, target, actor, j(detail));
}

export function limitList(f: FlowStatements): FlowLimit[] {
  return (f.get(SQL.limits).all() as LimitRow[]).map(rowToLimit);
}

/** In the caller's transaction: the rule, its key index (keyed rules), and its audit line. */
export function limitSet(f: FlowStatements, p: { limit: FlowLimit; actor: string | null; now: number }): void {
  const l = p.limit;
  const before = f.get(SQL.limitGet).get(l.id) as LimitRow | undefined;
  f.get(SQL.limitUpsert).run(l.id, l.queue, l.name, l.key, l.rate?.n ?? null, l.rate?.periodMs ?? null, l.concurrency, p.now);
  const idx = keyIndex('sqlite', l, CLAIMABLE);
  if (idx) f.exec(idx.create);
  // A changed scope or key makes the old buckets meaningless.
  if (before && (before.queue !== l.queue || before.name !== l.name || before.key !== l.key)) {
    for (const sql of SQL.bucketsDelete) f.get(sql).run(l.id);
    dropUnusedIndex(f, rowToLimit(before));
  }
  audit(f, p.now, 'limit_set', 'limit', l.id, p.actor, { ...limitDetail(l), ...(before ? { before: limitDetail(rowToLimit(before)) } : {}) });
}

export function limitRemove(f: FlowStatements, p: { id: string; actor: string | null; now: number }): boolean {
  const before = f.get(SQL.limitGet).get(p.id) as LimitRow | undefined;
  if (!before) return false;
  f.get(SQL.limitDelete).run(p.id);
  for (const sql of SQL.bucketsDelete) f.get(sql).run(p.id);
  dropUnusedIndex(f, rowToLimit(before));
  audit(f, p.now, 'limit_removed', 'limit', p.id, p.actor, limitDetail(rowToLimit(before)));
  return true;
}

function dropUnusedIndex(f: FlowStatements, gone: FlowLimit): void {
  const idx = keyIndex('sqlite', gone, CLAIMABLE);
  if (!idx) return;
  if (limitList(f).some((l) => keyIndex('sqlite', l, CLAIMABLE)?.name === idx.name)) return;
  f.exec(`DROP INDEX IF EXISTS ${idx.name}`);
}

/**
 * The name of a keyed limit's index, made first if this connection has not seen it: a tag-keyed
 * rule stored by an earlier version (whose tag keys had no index) has none, and the claim names
 * it (INDEXED BY). Checked once per connection and index.
 */
function ensureKeyIndex(f: FlowStatements, l: FlowLimit): string {
  const idx = keyIndex('sqlite', l, CLAIMABLE)!;
  if (!f.ensured.has(idx.name)) {
    f.exec(idx.create);
    f.ensured.add(idx.name);
  }
  return idx.name;
}

export function pauseSet(f: FlowStatements, p: { kind: FlowPauseKind | 'queue'; target: string; paused: boolean; actor: string | null; now: number }): boolean {
  let was: boolean;
  if (p.kind === 'queue') {
    was = (f.get(SQL.queuePaused).get(p.target) as { paused: number } | undefined)?.paused === 1;
    if (was === p.paused) return false;
    f.get(SQL.queueSetPaused).run(p.target, p.paused ? 1 : 0, p.now);
  } else {
    was = f.get(SQL.pauseGet).get(p.kind, p.target) !== undefined;
    if (was === p.paused) return false;
    if (p.paused) f.get(SQL.pauseInsert).run(p.kind, p.target, p.now);
    else f.get(SQL.pauseDelete).run(p.kind, p.target);
  }
  audit(f, p.now, p.paused ? 'paused' : 'resumed', p.kind, p.target, p.actor, null);
  return true;
}

export function pauseList(f: FlowStatements): FlowPause[] {
  return (f.get(SQL.pauses).all() as Array<{ kind: FlowPauseKind; target: string; paused_at: number }>).map((r) => ({ kind: r.kind, target: r.target, pausedAt: Number(r.paused_at) }));
}

export function auditList(f: FlowStatements, p: { limit: number; beforeId?: string }): FlowAuditEntry[] {
  const rows = f.get(SQL.auditList).all(p.beforeId === undefined ? Number.MAX_SAFE_INTEGER : Number(p.beforeId), p.limit) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: String(r.id), at: Number(r.at), action: r.action as FlowAuditEntry['action'], kind: r.kind as string, target: r.target as string,
    actor: (r.actor as string | null) ?? null, detail: r.detail === null ? null : JSON.parse(r.detail as string),
  }));
}

export function usage(f: FlowStatements, now: number): FlowUsage[] {
  const limits = new Map(limitList(f).map((l) => [l.id, l]));
  const out = new Map<string, FlowUsage>();
  const at = (limitId: string, key: string) => {
    const b = bucketOf(limitId, key);
    let u = out.get(b);
    if (!u) out.set(b, (u = { limitId, key, running: 0, windowClaims: 0, windowStart: null }));
    return u;
  };
  const running = `SELECT s.limit_id, s.key, count(*) AS n FROM flow_slots s JOIN tasks t ON t.id = s.task_id AND t.lease_token = s.lease_token AND t.state = 'running' GROUP BY s.limit_id, s.key`;
  for (const r of f.get(running).all() as Array<{ limit_id: string; key: string; n: number }>) at(r.limit_id, r.key).running = Number(r.n);
  for (const r of f.get(SQL.rates).all() as RateRow[]) {
    const l = limits.get(r.limit_id);
    if (!l) continue;
    const use = rateUse(l, storedRate(r), now);
    if (use.windowClaims > 0) Object.assign(at(r.limit_id, r.key), use);
  }
  return [...out.values()].sort((a, b) => (a.limitId < b.limitId ? -1 : a.limitId > b.limitId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Whether any rule or name/run pause exists: the claim then takes the flow-aware path. */
export function flowActive(f: FlowStatements): boolean {
  return (f.get(SQL.active).get() as { on_: number }).on_ === 1;
}

type CandidateRow = { id: number; queue: string; name: string; priority: number; run_at: number; payload: string | null; tags: string | null };
const toCandidate = (r: CandidateRow): FlowCandidate => ({
  id: Number(r.id), queue: r.queue, name: r.name, priority: r.priority, runAt: Number(r.run_at),
  payload: r.payload === null ? null : JSON.parse(r.payload), tags: r.tags === null ? [] : (JSON.parse(r.tags) as string[]),
});

/**
 * The flow-aware claim over unpaused `queues`: candidates are fetched by route (the queue's
 * tasks no limit covers, in claim order; each limit's tasks, per key for keyed limits, keys in
 * round-robin order), planned (flow-plan.ts), then claimed one by one with their slots, rate
 * windows and round-robin positions written in this transaction.
 */
export function flowClaim(tx: SqliteTx, f: FlowStatements, op: TaskClaimOp, queues: string[]): ClaimedTask[] {
  const { now } = tx;
  const limits = limitList(f);
  const pauses = pauseList(f);
  const names = pauses.filter((p) => p.kind === 'name').map((p) => lit(p.target));
  const runs = pauses.filter((p) => p.kind === 'run').map((p) => lit(p.target));
  const unpaused = [names.length ? `name NOT IN (${names.join(', ')})` : '', runs.length ? `(run_id IS NULL OR run_id NOT IN (${runs.join(', ')}))` : '']
    .filter(Boolean)
    .map((c) => ` AND ${c}`)
    .join('');
  const state = readState(f, now);
  const candidates: FlowCandidate[] = [];
  // The common case's rule: its walk reads each key's first due task without the row, and a claim
  // that fills in the first turn takes those tasks as planClaim would (firstTurnPlan).
  const fast = f.fastPath ? fastRule(limits, names.length + runs.length, queues) : null;
  let fastPlan: FlowPlan | null = null;
  // Per keyed rule whose walk stopped at KEYS_PER_CLAIM: where the next claim goes on (Rotation).
  const stopped = new Map<string, string>();
  const fetch = (sql: string, ...args: unknown[]) => {
    for (const r of f.get(sql).all(...args) as CandidateRow[]) candidates.push(toCandidate(r));
  };
  const ORDER = 'ORDER BY priority DESC, run_at, id';
  // A queue's tasks in claim order matching `where`, a priority level at a time (levels.ts).
  const fetchByLevel = (q: string, where: string) =>
    byLevel(tx.s, q, op.limit, (prio, room) => {
      const rows = f.get(`SELECT ${CANDIDATE_COLUMNS} FROM tasks WHERE ${where} AND ${CLAIMABLE} AND priority = ? AND run_at <= ? ORDER BY run_at, id LIMIT ?`).all(prio, now, room) as CandidateRow[];
      for (const r of rows) candidates.push(toCandidate(r));
      return rows.length;
    });
  const anyDue = (q: string) => {
    const t = (tx.s.nextRunAt.get({ q }) as { t: number | null } | undefined)?.t ?? null;
    return t !== null && t <= now;
  };
  /**
   * The first due task of each key (`e`) among queue q's tasks that `where` selects, and the keys
   * in the database's order, when the queue has at most `bound` due tasks (counted in its claim
   * index, without reading a row); otherwise null: the caller walks the key index.
   */
  const dueSet = (q: string, where: string, e: string, cursor: string | null, bound: number) => {
    if (bound <= 0) return null;
    const levels: Array<[priority: number, due: number]> = [];
    let n = 0;
    byLevel(tx.s, q, bound + 1, (prio, room) => {
      const c = (f.get(SQL.dueCount).get(q, prio, now, room) as { n: number }).n;
      levels.push([prio, c]);
      n += c;
      return c;
    });
    if (n > bound) return null;
    const firsts = new Map<string, CandidateRow>();
    // Per level, each key's first task (the others are not read out).
    const read = `SELECT ${CANDIDATE_COLUMNS}, kv FROM (SELECT *, row_number() OVER (PARTITION BY kv ORDER BY run_at, id) AS nth
        FROM (SELECT ${CANDIDATE_COLUMNS}, (${e}) AS kv FROM tasks INDEXED BY tasks_claim
          WHERE queue = ? AND ${CLAIMABLE} AND priority = ? AND run_at <= ? AND ${where})) WHERE nth = 1`;
    for (const [prio, c] of levels) {
      if (c === 0) continue;
      for (const r of f.get(read).all(q, prio, now) as Array<CandidateRow & { kv: string }>) if (!firsts.has(String(r.kv))) firsts.set(String(r.kv), r);
    }
    const keys = f.get(SQL.keyOrder).all(cursor, JSON.stringify([...firsts.keys()])) as Array<{ k: string; a: number | null }>;
    return { firsts, walk: listWalk(keys.map((r) => ({ key: String(r.k), afterCursor: r.a === 1 }))) };
  };
  for (const q of queues) {
    const mine = limitsForQueue(limits, q);
    const wholeQueue = mine.some((l) => l.name === null);
    if (!wholeQueue) {
      const covered = mine.map((l) => lit(l.name!));
      fetchByLevel(q, `queue = ${lit(q)}${unpaused}${covered.length ? ` AND name NOT IN (${covered.join(', ')})` : ''}`);
    }
    for (const l of mine) {
      const scope = `${scopeSql(l)}${l.queue === null ? ` AND queue = ${lit(q)}` : ''}`;
      const k = keyOf(l);
      if (k === null) {
        if (hasRoom(l, '', state, now)) fetchByLevel(q, `${scope}${unpaused}`);
        continue;
      }
      // Nothing in the queue due (every task delayed): no key has a turn, and without this the
      // walk would visit every key (up to KEYS_PER_CLAIM) to find that out, at every idle poll.
      if (!anyDue(q)) continue;
      const e = keySql('sqlite', k);
      // Keys by skip scan over the limit's key index (one probe per key), in rotation from the
      // cursor. The index is named: the planner would otherwise walk the claim index and
      // evaluate the key on every row.
      const idx = ensureKeyIndex(f, l);
      const step = (start: string) => `(SELECT min(${e}) FROM tasks INDEXED BY ${idx} WHERE ${CLAIMABLE} AND ${scope} AND ${e} ${start})`;
      const walkSql = (first: string) => `WITH RECURSIVE k(v, n) AS (SELECT ${step(first)}, 1
           UNION ALL SELECT ${step('> k.v')}, n + 1 FROM k WHERE k.v IS NOT NULL AND n < ?)
         SELECT v FROM k WHERE v IS NOT NULL`;
      const walk = (after: string | null, n: number) =>
        (f.get(walkSql(after === null ? ">= ''" : '> ?')).all(...(after === null ? [n] : [after, n])) as Array<{ v: string }>).map((r) => String(r.v));
      // A key takes its turn with its first due, unpaused task in claim order; a key with none
      // has no turn. Looked up for the walked keys with room, each a range scan of the key index,
      // in one statement per step of the walk.
      const dueOf = (key: string) => `${CLAIMABLE} AND ${scope} AND (${e}) = ${key} AND run_at <= ?${unpaused} ${ORDER}`;
      const one = `SELECT ${CANDIDATE_COLUMNS} FROM tasks WHERE ${dueOf('?')} LIMIT ?`;
      // On the fast path only the head's id, from the key index (the row is not read).
      const lean = fast === l;
      const firsts = lean
        ? `SELECT kv.value AS kv, (SELECT id FROM tasks WHERE ${dueOf('kv.value')} LIMIT 1) AS id FROM json_each(?) kv`
        : `SELECT kv.value AS kv, t.id, t.queue, t.name, t.priority, t.run_at, t.payload, t.tags FROM json_each(?) kv
          JOIN tasks t ON t.id = (SELECT id FROM tasks WHERE ${dueOf('kv.value')} LIMIT 1)`;
      // Only keys with room are looked up, so a key with a head has room and a due task: its turn.
      // A head's row is there unless the lean walk found it (`plain`: its key is keyed alike here
      // and by flowKeyOf, textIsPlain).
      const heads = new Map<string, { id: number; row: FlowCandidate | null; plain: boolean }>();
      const walkDue = (after: string | null, n: number) => {
        const keys = walk(after, n);
        const open = keys.filter((key) => hasRoom(l, key, state, now));
        if (open.length) {
          // The lean statement names the time first (in its subquery), then the keys.
          const args = lean ? [now, JSON.stringify(open)] : [JSON.stringify(open), now];
          for (const r of f.get(firsts).all(...args) as Array<CandidateRow & { kv: string }>) {
            if (r.id === null) continue;
            const key = String(r.kv);
            heads.set(key, lean ? { id: Number(r.id), row: null, plain: textIsPlain(key) } : { id: Number(r.id), row: toCandidate(r), plain: false });
          }
        }
        return keys;
      };
      const cursor = state.cursor.get(l.id) ?? null;
      const due = dueSet(q, `${scope}${unpaused}`, e, cursor, f.walks.dueSetBound(l.id));
      let turns: Rotation;
      if (due) {
        // The keys with a due task, each with its first: a key with room has its turn.
        turns = rotate(cursor, op.limit, (key) => due.firsts.has(key) && hasRoom(l, key, state, now), KEYS_PER_CLAIM, due.walk);
        for (const key of turns.chosen) {
          const r = due.firsts.get(key)!;
          heads.set(key, { id: Number(r.id), row: toCandidate(r), plain: false });
        }
      } else {
        turns = rotate(cursor, op.limit, (key) => heads.has(key), KEYS_PER_CLAIM, walkDue);
        f.walks.record(l.id, turns.walked, turns.chosen.length);
      }
      const { chosen, stoppedAt } = turns;
      if (stoppedAt !== null) stopped.set(l.id, stoppedAt);
      chosen.forEach((key, i) => state.rank.set(bucketOf(l.id, key), i));
      const per = Math.max(1, Math.ceil(op.limit / Math.max(1, chosen.length)));
      if (per > 1) for (const key of chosen) fetch(one, key, now, per);
      else if (lean && chosen.every((key) => heads.get(key)!.plain)) fastPlan = firstTurnPlan(l, chosen, (key) => heads.get(key)!.id);
      else {
        const unread = chosen.map((key) => heads.get(key)!).filter((h) => h.row === null);
        if (unread.length) {
          const rows = new Map((f.get(SQL.candidatesById).all(JSON.stringify(unread.map((h) => h.id))) as CandidateRow[]).map((r) => [Number(r.id), toCandidate(r)]));
          for (const h of unread) h.row = rows.get(h.id)!;
        }
        for (const key of chosen) candidates.push(heads.get(key)!.row!);
      }
    }
  }
  const plan = fastPlan ?? planClaim({ limits, candidates, state, limit: op.limit, now });
  for (const [id, key] of stopped) plan.cursor.set(id, key);
  const claimed: ClaimedTask[] = [];
  const tokens = new Map<number, number>();
  // One statement for the chosen tasks; taken back into the plan's order (its turns).
  const order = new Map(plan.ids.map((id, i) => [id, i]));
  const rows = (plan.ids.length ? (tx.s.claimIds.all(now, op.leaseMs, op.workerId, now, now, JSON.stringify(plan.ids)) as unknown[][]) : [])
    .sort((a, b) => order.get(Number(a[0]))! - order.get(Number(b[0]))!);
  for (const a of rows) {
    const t = claimedRowToTask(a, op.workerId, now, op.leaseMs);
    tokens.set(Number(t.id), t.leaseToken);
    claimed.push(t);
    if (tx.routine) tx.event(t.id, 'claimed', t.attempt, op.workerId, null);
  }
  const slots = plan.slots.filter((s) => tokens.has(s.id));
  if (slots.length) f.get(SQL.slotsInsert).run(JSON.stringify(slots.map((s) => [s.limitId, s.key, s.id, tokens.get(s.id)])));
  for (const r of plan.rate.values()) f.get(SQL.rateUpsert).run(r.limitId, r.key, r.windowStart, r.used, JSON.stringify(r.log));
  for (const [limitId, key] of plan.cursor) f.get(SQL.cursorSet).run(limitId, key, now);
  return claimed;
}

/**
 * Whether a key's text, as the database computed it (keySql), is the one flowKeyOf gives whatever
 * JSON value it came from. Payloads are stored as JSON.stringify wrote them: a string, true,
 * false, no value and an integer read back alike; a number with a fraction or an exponent may
 * print differently here (1e+21 as 1.0e+21), and an object or array is left to the planner too.
 */
function textIsPlain(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c === 0x7b || c === 0x5b) return false; // { [
  const numeric = c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x2e; // - digit .
  return !(numeric && /[.eE]/.test(key));
}

function readState(f: FlowStatements, now: number): FlowState {
  f.get(SQL.slotsSweep).run();
  f.get(SQL.ratesSweep).run(now);
  const running = new Map<string, number>();
  for (const r of f.get(SQL.slotsCount).all() as Array<{ limit_id: string; key: string; n: number }>) running.set(bucketOf(r.limit_id, r.key), Number(r.n));
  const rate = new Map<string, StoredRate>();
  for (const r of f.get(SQL.rates).all() as RateRow[]) rate.set(bucketOf(r.limit_id, r.key), storedRate(r));
  const cursor = new Map<string, string>();
  for (const r of f.get(SQL.cursors).all() as Array<{ limit_id: string; key: string }>) cursor.set(r.limit_id, r.key);
  return { running, rate, cursor, rank: new Map() };
}

type RateRow = { limit_id: string; key: string; window_start: number; used: number; slots: string | null };
const storedRate = (r: RateRow): StoredRate => ({ windowStart: Number(r.window_start), used: Number(r.used), log: r.slots === null ? null : JSON.parse(r.slots) });
