/**
 * SQLite migrations, compiled in (nothing is read from disk at run time). The schema version
 * is PRAGMA user_version. Live tasks and finished tasks have identical columns so a finished
 * task moves with one INSERT … SELECT *.
 */
export declare const TASK_COLUMN_NAMES: readonly ["id", "name", "queue", "state", "payload", "result", "error", "progress", "priority", "run_at", "attempt", "max_attempts", "backoff", "timeout_ms", "lease_token", "lease_expires_at", "worker_id", "parent_id", "run_id", "key", "tags", "deps_pending", "deps_failed", "trigger_rule", "dedup_key", "children_pending", "created_at", "started_at", "finished_at", "updated_at"];
/**
 * The select list that copies a running task into history as succeeded: every column as it is,
 * except the ones a success sets. `result` is the SQL expression for the result; `table` the alias.
 */
export declare function succeededSelectList(result: string, table?: string): string;
export declare const SQLITE_MIGRATIONS: string[];
