/**
 * The flow-aware claim's common case in one round trip (PostgreSQL): one rule, "at most K running
 * per payload field (or tag)" over a whole queue, no rate and no name/run pause. What the general claim
 * (flow.ts) does in three round trips with the planner in between — lock, key walk, plan, claim,
 * commit — is here one simple query: the rotation from the cursor, one task per key with room,
 * written as the general claim writes it (buckets, events, cursor).
 *
 * It claims only when planClaim (flow-plan.ts) would take exactly that: the claim fills in the
 * rotation's first turn, one task per key (its first due task), keyed by text. Otherwise it claims
 * nothing and says so (the rules changed, too few keys with room and a due task, a task keyed by
 * a number), and the caller claims by the general path. Both stores run the same
 * random claim sequences in test/store/flow-fast.test.ts: PostgreSQL, taking this path where it
 * applies, claims exactly what SQLite's general path claims.
 */
import { escapeLiteral } from 'pg';
import type { FlowLimit } from '../../model/flow.js';
import { SOURCE_STATES } from '../../model/state.js';
import { fnv, KEY_SLACK, keyOf, keySql, lit, scopeSql } from '../flow-plan.js';
import { nextLeaseToken, nextRunAtSql, PG_LEASE_SEED_CTE, pgRandomTokenBits, queueClaimableSql, stateGuard } from '../sql-rules.js';
import type { TaskClaimOp } from '../store.js';
import { FLOW_LOCK_SQL, keyFirstDue, keyHead } from './flow.js';
import { claimed, PG_CLAIMED_COLUMNS } from './claimed.js';
import { CLAIMABLE } from './statements.js';

/** What the statement's last row says (its column PG_CLAIMED_COLUMNS.length). */
export interface FastSignal {
  /** The rules and name/run pauses are still the ones the statement was built for. */
  ok: boolean;
  /** The queue is paused: nothing to claim, on either path. */
  paused: boolean;
}

/** The statement of a rule: its name (one per rule, queue and history mode) and its text ($1..$5). */
export interface FastStatement {
  name: string;
  text: string;
  /** The same text with values (SQL literals) in place of the parameters. */
  inline(args: readonly string[]): string;
}

/** How a claim sends the statement: run the prepared one, prepare it first, or as text (`?prepare=false`). */
export type FastMode = 'execute' | 'prepare' | 'inline';

/**
 * The claim statement for a rule, prepared once per connection (planning it took 1.8 ms of its
 * 4-6 ms). Parameters: $1 now, $2 lease expiry, $3 worker id, $4 tasks wanted, $5 keys to
 * walk. The rule's key and scope stay literals, so its partial key index serves the walk.
 * Its rows: the claimed tasks (PG_CLAIMED_COLUMNS, in rotation order), then one row whose column
 * PG_CLAIMED_COLUMNS.length is the FastSignal as JSON.
 */
export function fastStatement(rule: FlowLimit, routine: boolean): FastStatement {
  // Read back on every general claim while the rule stands: made once per rule.
  const key = `${rule.id}\u0000${rule.key}\u0000${rule.queue}\u0000${rule.concurrency}\u0000${routine}`;
  let st = statements.get(key);
  if (!st) {
    if (statements.size >= 64) statements.clear();
    statements.set(key, (st = makeStatement(key, rule, routine)));
  }
  return st;
}

const statements = new Map<string, FastStatement>();

function makeStatement(key: string, l: FlowLimit, routine: boolean): FastStatement {
  const k = keyOf(l)!;
  const e = keySql('postgres', k);
  // The JSON type of a payload key (a number's text may differ between JavaScript and
  // PostgreSQL); a tag is always text.
  const tk = k.kind === 'payload' ? `jsonb_typeof(payload -> ${lit(k.path[0]!)})` : 'NULL::text';
  const scope = scopeSql(l);
  const id = escapeLiteral(l.id);
  const head = (cmp: string) => keyHead(e, scope, cmp, `id, run_at, priority, ${tk} AS tk`);
  const nulls = PG_CLAIMED_COLUMNS.map((c) => `n.${c}`).join(', ');
  // The text with the prepared statement's parameters ($1..$5 as in the comment above), or with
  // their values written in (inline).
  const build = ([now, expires, worker, want, steps]: readonly string[]) => `WITH RECURSIVE ${PG_LEASE_SEED_CTE},
  ok AS (SELECT (SELECT count(*) FROM flow_limits) = 1
      AND EXISTS (SELECT 1 FROM flow_limits WHERE id = ${id} AND queue = ${lit(l.queue!)}
        AND name IS NULL AND key = ${escapeLiteral(l.key!)} AND rate_n IS NULL AND concurrency = ${l.concurrency!})
      AND NOT EXISTS (SELECT 1 FROM flow_pauses WHERE kind IN ('name', 'run')) AS ok,
    EXISTS (SELECT 1 FROM queues WHERE name = ${lit(l.queue!)} AND paused) AS paused),
  -- Nothing is walked under other rules: their key index may be gone, and the walk with it.
  -- Nor when nothing in the queue is due: the general path then says so without a walk.
  cur AS (SELECT (SELECT key FROM flow_cursors WHERE limit_id = ${id}) AS c WHERE (SELECT ok FROM ok)
    AND (SELECT t FROM (${nextRunAtSql(queueClaimableSql(lit(l.queue!), CLAIMABLE))}) d) <= ${now}),
  -- From just after the cursor to the end of the key space, then from its start up to the cursor.
  w1(v, id, run_at, prio, tk, n) AS (
    (SELECT h.*, 1 FROM cur CROSS JOIN LATERAL (${head('> cur.c')}) h WHERE cur.c IS NOT NULL
     UNION ALL SELECT h.*, 1 FROM cur CROSS JOIN LATERAL (${head(">= ''")}) h WHERE cur.c IS NULL)
    UNION ALL SELECT h.*, w1.n + 1 FROM w1 CROSS JOIN LATERAL (${head('> w1.v')}) h WHERE w1.n < ${steps}),
  w2(v, id, run_at, prio, tk, n) AS (
    SELECT h.*, (SELECT count(*) FROM w1) + 1 FROM cur CROSS JOIN LATERAL (${head(">= ''")}) h
      WHERE cur.c IS NOT NULL AND h.v <= cur.c AND (SELECT count(*) FROM w1) < ${steps}
    UNION ALL SELECT h.*, w2.n + 1 FROM w2 CROSS JOIN cur CROSS JOIN LATERAL (${head('> w2.v')}) h WHERE w2.n < ${steps} AND h.v <= cur.c),
  walked AS (SELECT * FROM w1 UNION ALL SELECT * FROM w2),
  -- Each walked key's first due task: its first task, or when that one is not due, the first that
  -- is (a priority level at a time). A key with none (all delayed) has no turn, as on the general path.
  due AS (SELECT w.v, w.n, w.id, w.tk FROM walked w WHERE w.run_at <= ${now}
    UNION ALL SELECT w.v, w.n, d.id, d.tk FROM walked w CROSS JOIN LATERAL (${keyFirstDue(e, scope, 'w.v', 'w.prio - 1', now!, '', `id, ${tk} AS tk`)}) d WHERE w.run_at > ${now}),
  -- Running tasks per key, as one object: a key's count is a lookup, not a join per walked key.
  run AS (SELECT coalesce(jsonb_object_agg(key, n), '{}') AS m FROM (SELECT b ->> 1 AS key, count(*) AS n
      FROM tasks t CROSS JOIN LATERAL jsonb_array_elements(t.flow_buckets) b
      WHERE t.state = 'running' AND t.flow_buckets IS NOT NULL AND b ->> 0 = ${id} GROUP BY 1) r),
  -- The general path's first turn, when it fills the claim: the first ${want} keys with room and a
  -- due task, one task each, keyed by text (the key flowKeyOf gives, which the general path
  -- counts). Anything else before that (a key with room whose task is keyed by a number) or too
  -- few such keys: nothing here, the general path claims.
  rk AS (SELECT w.v, w.id, w.n, coalesce(((SELECT m FROM run) ->> w.v)::int, 0) < ${l.concurrency!} AS room,
      (w.tk IS NULL OR w.tk IN ('string', 'null')) AS plain FROM due w),
  pre AS (SELECT v, id, n FROM rk WHERE room AND n < (SELECT coalesce(min(n), 2147483647) FROM rk WHERE room AND NOT plain)
      ORDER BY n LIMIT ${want}),
  ch AS (SELECT * FROM pre WHERE (SELECT ok AND NOT paused FROM ok) AND (SELECT count(*) FROM pre) = ${want}),
  u AS (
    UPDATE tasks t SET state = 'running', attempt = t.attempt + 1, lease_token = ${nextLeaseToken('t.lease_token', pgRandomTokenBits('t.id'))},
      lease_expires_at = ${expires}, worker_id = ${worker}, started_at = ${now}, updated_at = ${now},
      flow_buckets = jsonb_build_array(jsonb_build_array(${id}::text, ch.v))
    FROM ch WHERE t.id = ch.id AND ${stateGuard(SOURCE_STATES.claim, `(t.state || '')`)}
    RETURNING ${claimed('t')}, ch.n AS ord, ch.v AS kv),
  ${routine ? `ev AS (INSERT INTO events (task_id, type, at, attempt, worker_id, detail)
    SELECT id, 'claimed', ${now}, attempt, ${worker}, NULL FROM u ORDER BY ord),` : ''}
  cu AS (INSERT INTO flow_cursors (limit_id, key, at) SELECT ${id}, kv, ${now} FROM (SELECT kv FROM u ORDER BY ord DESC LIMIT 1) x
    ON CONFLICT (limit_id) DO UPDATE SET key = excluded.key, at = excluded.at)
  SELECT ${PG_CLAIMED_COLUMNS.join(', ')}, sig FROM (
    SELECT ${claimed('u')}, u.ord, NULL::text AS sig FROM u
    UNION ALL
    SELECT ${nulls}, 2147483647, json_build_object('ok', (SELECT ok FROM ok), 'paused', (SELECT paused FROM ok))::text
    FROM (SELECT (NULL::tasks).*) n
  ) x ORDER BY ord`;
  const text = build(['$1', '$2', '$3', '$4', '$5']);
  // Named after its text too: a server session that a pooler shares with a process of another
  // version may hold a statement of the same rule, prepared from another text.
  return { name: `tf_fast_${fnv(key + text)}`, text, inline: build };
}

/**
 * The whole claim as one simple query: BEGIN, async commit, the flow lock, the statement, COMMIT.
 * The statement's rows are the second-to-last result. `inline` writes the parameters into the text
 * (no prepared statement: a pooler may move the connection between server sessions); `prepare`
 * prepares it by SQL first (it stays prepared on the server session even if the rest fails).
 */
export function fastClaimSql(st: FastStatement, mode: FastMode, p: { op: TaskClaimOp; now: number }): string {
  const n = Math.trunc(p.now);
  const want = Math.max(0, Math.trunc(p.op.limit));
  const args = [String(n), String(n + Math.trunc(p.op.leaseMs)), escapeLiteral(p.op.workerId), String(want), String(want + KEY_SLACK)];
  const run = mode === 'inline'
    ? st.inline(args)
    : `${mode === 'prepare' ? `PREPARE ${st.name}(bigint, bigint, text, int, int) AS ${st.text}; ` : ''}EXECUTE ${st.name}(${args.join(', ')})`;
  return `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL plan_cache_mode = force_generic_plan; ${FLOW_LOCK_SQL}; ${run}; COMMIT`;
}
