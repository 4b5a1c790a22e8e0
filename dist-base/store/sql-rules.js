/**
 * The model's rules written as SQL text, for both dialects (they agree on this much). Statements
 * are built from these once, when their module loads, so a prepared statement costs the same as
 * a literal; the guards thereby come from the transition table (src/model/state.ts) instead of
 * being copied into each driver.
 */
import { LEASE_TOKEN_COUNTER_BITS, LEASE_TOKEN_RANDOM_BITS } from '../model/decisions.js';
/** `state = 'a'`, or `state IN ('a', 'b')`: the guard naming the states an operation may start from. */
export function stateGuard(states, column = 'state') {
    if (states.length === 0)
        throw new Error('a state guard needs at least one state');
    const quoted = states.map((s) => `'${s}'`);
    return quoted.length === 1 ? `${column} = ${quoted[0]}` : `${column} IN (${quoted.join(', ')})`;
}
/** A state as an SQL literal (for the state an update sets). */
export function stateLiteral(state) {
    return `'${state}'`;
}
/**
 * The expression a claim sets lease_token to (see LEASE_TOKEN_RANDOM_BITS): the claim count
 * above the random bits goes up by one (wrapping), the random bits are new. `random` is the
 * dialect's expression for LEASE_TOKEN_RANDOM_BITS bits from a cryptographic source.
 */
export function nextLeaseToken(column, random) {
    const counterMask = 2 ** LEASE_TOKEN_COUNTER_BITS - 1;
    return `((((${column} >> ${LEASE_TOKEN_RANDOM_BITS}) + 1) & ${counterMask}) << ${LEASE_TOKEN_RANDOM_BITS}) | ${random}`;
}
/** SQLite: random() is a ChaCha20 stream seeded from the operating system (SQLite 3.40 and later). */
export const SQLITE_RANDOM_TOKEN_BITS = `(random() & ${2 ** LEASE_TOKEN_RANDOM_BITS - 1})`;
/**
 * PostgreSQL: one 60-bit secret per claim statement, from gen_random_uuid() (pg_strong_random;
 * random() is a xoshiro stream that can be reconstructed from its outputs), spread over the
 * claimed rows by a keyed hash of their ids. The secret never leaves the statement, and every
 * token made with it goes to the one worker that claimed in it, so working it back out of that
 * worker's own tokens tells it nothing about anyone else's. (gen_random_uuid() for each row cost
 * 1.7 µs a row under load, a few per cent of a task's database time; the hash costs 0.2 µs.)
 * PG_LEASE_SEED_CTE must be among the statement's CTEs.
 */
export const PG_LEASE_SEED_CTE = `lease_seed AS (SELECT ('x' || translate(gen_random_uuid()::text, '-', ''))::bit(64)::bigint AS seed)`;
export function pgRandomTokenBits(idColumn) {
    return `(hashint8extended(${idColumn}, (SELECT seed FROM lease_seed)) & ${2 ** LEASE_TOKEN_RANDOM_BITS - 1})`;
}
/**
 * model/history.ts's keepsSucceeded as an SQL predicate on a task row (`t`): under `none`, a
 * success keeps its row only when something reads it later. `hasDependents` and `throttling` are
 * the dialect's expressions for "some task depends on it" and "an open throttle window names it".
 */
export function keepsSucceededSql(mode, t, hasDependents, throttling) {
    if (mode !== 'none')
        return 'true';
    return `(${hasDependents} OR ${t}.parent_id IS NOT NULL OR ${t}.run_id IS NOT NULL OR ${t}.dedup_key IS NOT NULL OR ${throttling})`;
}
/**
 * The tasks among `ids` (an SQL expression: one id, or an array of them on PostgreSQL with `any`)
 * that an open throttle window names at `now` (keepsSucceeded's `throttling`).
 */
export function throttledSql(ids, now, any = false) {
    return `SELECT c.task_id FROM task_collapse c WHERE c.task_id = ${any ? `ANY(${ids})` : ids} AND c.mode = 'throttle' AND c.until > ${now}`;
}
// Reads of a queue's claimable tasks go through the claim index (queue, priority DESC, run_at, id)
// one priority at a time. Over the whole queue, `run_at <= now` cannot bound the range (priority
// comes first), so a claim stepped over every task not yet due at a higher priority than the due
// ones, and an empty claim or min(run_at) over all of them: beside 100,000 tasks delayed at a
// higher priority a drain ran at 0.46 (SQLite) and 0.78 (PostgreSQL) of its speed without them,
// and with 200,000 an idle worker's next run-at took 14 ms (SQLite) and 30-43 ms (PostgreSQL).
// Within one priority the range is bounded, and the levels present are found with a probe each.
/** The tasks of one queue that a claim may take (`queue`: an SQL expression), for the functions below. */
export const queueClaimableSql = (queue, claimable) => `queue = ${queue} AND ${claimable}`;
/** The highest priority below `below` of the tasks `where` selects (NULL when none): one index probe. */
export function priorityBelowSql(where, below) {
    return `SELECT max(priority) FROM tasks WHERE ${where} AND priority < ${below}`;
}
/**
 * The priority levels of the tasks `where` selects (a queue's claimable tasks, or one key's under
 * a flow rule), highest first, found as they are read (column prio).
 */
export function priorityLevelsSql(where) {
    const levels = `WITH RECURSIVE p(prio) AS (
      SELECT (SELECT max(priority) FROM tasks WHERE ${where})
      UNION ALL SELECT (${priorityBelowSql(where, 'p.prio')}) FROM p WHERE p.prio IS NOT NULL)`;
    return `${levels}
    SELECT prio FROM p WHERE prio IS NOT NULL`;
}
/** The earliest run_at among the tasks `where` selects (column t): each level's first entry. */
export function nextRunAtSql(where) {
    return `SELECT min((SELECT run_at FROM tasks WHERE ${where} AND priority = lv.prio ORDER BY run_at LIMIT 1)) AS t
    FROM (${priorityLevelsSql(where)}) lv`;
}
//# sourceMappingURL=sql-rules.js.map