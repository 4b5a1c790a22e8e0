import type { HistoryMode } from '../model/history.js';
import type { TaskState } from '../model/state.js';
/** `state = 'a'`, or `state IN ('a', 'b')`: the guard naming the states an operation may start from. */
export declare function stateGuard(states: readonly TaskState[], column?: string): string;
/** A state as an SQL literal (for the state an update sets). */
export declare function stateLiteral(state: TaskState): string;
/**
 * The expression a claim sets lease_token to (see LEASE_TOKEN_RANDOM_BITS): the claim count
 * above the random bits goes up by one (wrapping), the random bits are new. `random` is the
 * dialect's expression for LEASE_TOKEN_RANDOM_BITS bits from a cryptographic source.
 */
export declare function nextLeaseToken(column: string, random: string): string;
/** SQLite: random() is a ChaCha20 stream seeded from the operating system (SQLite 3.40 and later). */
export declare const SQLITE_RANDOM_TOKEN_BITS = "(random() & 1099511627775)";
/**
 * PostgreSQL: one 60-bit secret per claim statement, from gen_random_uuid() (pg_strong_random;
 * random() is a xoshiro stream that can be reconstructed from its outputs), spread over the
 * claimed rows by a keyed hash of their ids. The secret never leaves the statement, and every
 * token made with it goes to the one worker that claimed in it, so working it back out of that
 * worker's own tokens tells it nothing about anyone else's. (gen_random_uuid() for each row cost
 * 1.7 µs a row under load, a few per cent of a task's database time; the hash costs 0.2 µs.)
 * PG_LEASE_SEED_CTE must be among the statement's CTEs.
 */
export declare const PG_LEASE_SEED_CTE = "lease_seed AS (SELECT ('x' || translate(gen_random_uuid()::text, '-', ''))::bit(64)::bigint AS seed)";
export declare function pgRandomTokenBits(idColumn: string): string;
/**
 * model/history.ts's keepsSucceeded as an SQL predicate on a task row (`t`): under `none`, a
 * success keeps its row only when something reads it later. `hasDependents` and `throttling` are
 * the dialect's expressions for "some task depends on it" and "an open throttle window names it".
 */
export declare function keepsSucceededSql(mode: HistoryMode, t: string, hasDependents: string, throttling: string): string;
/**
 * The tasks among `ids` (an SQL expression: one id, or an array of them on PostgreSQL with `any`)
 * that an open throttle window names at `now` (keepsSucceeded's `throttling`).
 */
export declare function throttledSql(ids: string, now: string, any?: boolean): string;
/** The tasks of one queue that a claim may take (`queue`: an SQL expression), for the functions below. */
export declare const queueClaimableSql: (queue: string, claimable: string) => string;
/** The highest priority below `below` of the tasks `where` selects (NULL when none): one index probe. */
export declare function priorityBelowSql(where: string, below: string): string;
/**
 * The priority levels of the tasks `where` selects (a queue's claimable tasks, or one key's under
 * a flow rule), highest first, found as they are read (column prio).
 */
export declare function priorityLevelsSql(where: string): string;
/** The earliest run_at among the tasks `where` selects (column t): each level's first entry. */
export declare function nextRunAtSql(where: string): string;
