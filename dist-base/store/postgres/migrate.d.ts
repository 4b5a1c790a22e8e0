/**
 * Versioned migrations, safe to run from many processes at once: the whole upgrade (schema
 * creation, every pending version, the version bump) is one transaction holding an advisory
 * lock keyed by the schema, so a second process waits, then finds the work done. A failure
 * rolls everything back: a schema is never left half-migrated.
 */
import type { Pool, PoolClient } from 'pg';
export declare const PG_SCHEMA_VERSION: number;
export declare function readSchemaVersion(c: Pool | PoolClient, schema: string): Promise<number>;
export declare function migrateSchema(pool: Pool, schema: string): Promise<{
    from: number;
    to: number;
}>;
export declare function quoteIdent(name: string): string;
