/**
 * When a blocked task may run, given how its dependencies ended. Pure, shared by every driver
 * so DAG progression means the same thing on SQLite and PostgreSQL (decisions.ts applies it).
 */
export const TRIGGER_RULES = ['all_success', 'all_done', 'any_failed'];
/**
 * @param pending dependencies not finished yet
 * @param failed  dependencies that finished without succeeding (failed, cancelled, skipped)
 * @returns 'wait' (stay blocked), 'run' (become pending) or 'skip'
 */
export function decideTrigger(rule, pending, failed) {
    switch (rule) {
        case 'all_success':
            if (failed > 0)
                return 'skip';
            return pending > 0 ? 'wait' : 'run';
        case 'all_done':
            return pending > 0 ? 'wait' : 'run';
        case 'any_failed':
            // Fires at the first failure so alerting and cleanup do not wait for the slowest sibling.
            if (failed > 0)
                return 'run';
            return pending > 0 ? 'wait' : 'skip';
    }
}
//# sourceMappingURL=trigger.js.map