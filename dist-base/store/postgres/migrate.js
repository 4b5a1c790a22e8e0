import { SchemaTooNewError, StoreError } from '../../model/errors.js';
import { PG_MIGRATIONS, VERSION_TABLE } from './schema.js';
/** First half of the advisory lock key: "tf" + "mg"; the second half is the schema's hash. */
const MIGRATE_LOCK_CLASS = 0x7466_6d67;
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
export async function readSchemaVersion(c, schema) {
    const t = await c.query(`SELECT to_regclass(format('%I.taskframe_schema', $1::text)) IS NOT NULL AS exists`, [schema]);
    if (!t.rows[0]?.exists)
        return 0;
    const r = await c.query(`SELECT version FROM ${quoteIdent(schema)}.taskframe_schema`);
    return r.rows[0]?.version ?? 0;
}
export async function migrateSchema(pool, schema) {
    const target = PG_SCHEMA_VERSION;
    // Cheap check first: an up-to-date schema needs no lock and no CREATE privilege.
    const seen = await readSchemaVersion(pool, schema);
    if (seen > target)
        throw new SchemaTooNewError(seen, target);
    if (seen === target)
        return { from: seen, to: seen };
    const client = await pool.connect();
    try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATE_LOCK_CLASS, schema]);
        // CREATE SCHEMA IF NOT EXISTS checks the database CREATE privilege even when the schema
        // exists, so only ask for it when it is missing.
        const ns = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        if (ns.rowCount === 0)
            await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
        await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
        await client.query(VERSION_TABLE);
        const from = await readSchemaVersion(client, schema);
        if (from > target)
            throw new SchemaTooNewError(from, target);
        for (let v = from; v < target; v++) {
            try {
                await client.query(PG_MIGRATIONS[v]);
            }
            catch (err) {
                const e = err;
                if (e.code === '42501')
                    throw err; // privileges: named by the caller's error mapping
                throw new StoreError(`migration to version ${v + 1} of schema "${schema}" failed and was rolled back (the schema is unchanged): ${e.message}`, { schema, version: v + 1, pgCode: e.code }, { cause: err });
            }
        }
        await client.query(`INSERT INTO taskframe_schema (singleton, version) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, migrated_at = now()`, [target]);
        await client.query('COMMIT');
        return { from, to: target };
    }
    catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
    }
    finally {
        client.release();
    }
}
export function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
//# sourceMappingURL=migrate.js.map