/**
 * When a blocked task may run, given how its dependencies ended. Pure, shared by every driver
 * so DAG progression means the same thing on SQLite and PostgreSQL (decisions.ts applies it).
 */
export declare const TRIGGER_RULES: readonly ["all_success", "all_done", "any_failed"];
export type TriggerRule = (typeof TRIGGER_RULES)[number];
/**
 * @param pending dependencies not finished yet
 * @param failed  dependencies that finished without succeeding (failed, cancelled, skipped)
 * @returns 'wait' (stay blocked), 'run' (become pending) or 'skip'
 */
export declare function decideTrigger(rule: TriggerRule, pending: number, failed: number): 'wait' | 'run' | 'skip';
