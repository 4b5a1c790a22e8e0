import { CLAIMED_COLUMNS, claimedRowToTask } from '../rows.js';
export const PG_CLAIMED_COLUMNS = [...CLAIMED_COLUMNS, 'has_dependents'];
const PARENT = CLAIMED_COLUMNS.indexOf('parent_id');
const HAS_DEPENDENTS = PG_CLAIMED_COLUMNS.length - 1;
/**
 * `PG_CLAIMED_COLUMNS` of `from`, as a select list, read back as arrays by claimedTasks. The claim
 * knows the columns it set itself; parsing each whole row into an object, then collecting it, was
 * about a tenth of a worker's CPU per no-op task (bench/RESULTS.md).
 */
export const claimed = (from) => PG_CLAIMED_COLUMNS.map((c) => `${from}.${c}`).join(', ');
/**
 * Claimed rows as tasks. The ids of those whose completion has consequences go into
 * `consequential` (the driver's; null where nobody keeps them).
 */
export function claimedTasks(rows, op, now, consequential) {
    return rows.map((a) => {
        if (consequential && (a[HAS_DEPENDENTS] === true || a[PARENT] !== null))
            consequential.add(String(a[0]));
        return claimedRowToTask(a, op.workerId, now, op.leaseMs);
    });
}
//# sourceMappingURL=claimed.js.map