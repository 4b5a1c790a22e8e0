export declare const PG_MIGRATIONS: string[];
/** The version table lives in the schema itself, so dropping the schema forgets everything. */
export declare const VERSION_TABLE = "CREATE TABLE IF NOT EXISTS taskframe_schema (\n    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),\n    version integer NOT NULL,\n    migrated_at timestamptz NOT NULL DEFAULT now()\n  )";
