import type { FlowLimit } from '../../model/flow.js';
import type { TaskClaimOp } from '../store.js';
/** What the statement's last row says (its column PG_CLAIMED_COLUMNS.length). */
export interface FastSignal {
    /** The rules and name/run pauses are still the ones the statement was built for. */
    ok: boolean;
    /** The queue is paused: nothing to claim, on either path. */
    paused: boolean;
}
/**
 * The rule the one-statement claim serves for these queues, or null (the general path claims).
 * `limits` and `pauses` as the last flow snapshot read them.
 */
export declare function fastRule(limits: readonly FlowLimit[], namePauses: number, queues: readonly string[]): FlowLimit | null;
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
export declare function fastStatement(rule: FlowLimit, routine: boolean): FastStatement;
/**
 * The whole claim as one simple query: BEGIN, async commit, the flow lock, the statement, COMMIT.
 * The statement's rows are the second-to-last result. `inline` writes the parameters into the text
 * (no prepared statement: a pooler may move the connection between server sessions); `prepare`
 * prepares it by SQL first (it stays prepared on the server session even if the rest fails).
 */
export declare function fastClaimSql(st: FastStatement, mode: FastMode, p: {
    op: TaskClaimOp;
    now: number;
}): string;
