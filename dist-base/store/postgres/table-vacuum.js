import { LOCK } from './statements.js';
export class TableVacuum {
    pool;
    schema;
    changes = 0;
    lastAt = 0;
    running = null;
    everyChanges;
    minIntervalMs;
    analyzeEvery;
    lockName;
    tables;
    passes = 0;
    constructor(pool, schema, options = {}) {
        this.pool = pool;
        this.schema = schema;
        // Measured at 20k tasks/s, one worker: passes every 1 s / 20,000 changes cost less in all
        // (PostgreSQL 41 us per task) than every 3 s / 50,000 (45 us; likely the claims stepping over
        // more dead index entries between passes) or every 250 ms (46 us: the passes themselves).
        this.everyChanges = options.everyChanges ?? 20_000;
        this.minIntervalMs = options.minIntervalMs ?? 1_000;
        this.tables = options.tables ?? ['tasks'];
        this.analyzeEvery = options.analyzeEvery ?? 10;
        this.lockName = options.lockName ?? schema;
    }
    /**
     * Counts row changes just committed; starts a pass when enough have piled up. `tables`
     * replaces the tables to vacuum (a new day's partitions) from this pass on.
     */
    note(changes, tables) {
        if (tables)
            this.tables = tables;
        this.changes += changes;
        if (this.running || this.changes < this.everyChanges || Date.now() - this.lastAt < this.minIntervalMs)
            return;
        this.changes = 0;
        this.lastAt = Date.now();
        this.running = this.vacuum().finally(() => (this.running = null));
    }
    async vacuum() {
        let client;
        try {
            client = await this.pool.connect();
            const got = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK.vacuum, this.lockName]);
            if (!got.rows[0]?.ok)
                return;
            try {
                // No truncation: giving the table's empty tail back needs an exclusive lock that claims
                // never leave free, and VACUUM waits up to 5 s for it (measured: passes of 5.2 s instead of
                // 0.15 s, the table growing to 113 MB meanwhile). Without it the size stays flat.
                const names = this.tables.map((t) => `"${this.schema.replace(/"/g, '""')}"."${t.replace(/"/g, '""')}"`).join(', ');
                const analyze = this.analyzeEvery > 0 && this.passes % this.analyzeEvery === 0;
                await client.query(`VACUUM (${analyze ? 'ANALYZE, ' : ''}TRUNCATE false) ${names}`);
                this.passes++;
            }
            finally {
                await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK.vacuum, this.lockName]);
            }
        }
        catch {
            // Best effort: autovacuum remains the safety net.
        }
        finally {
            client?.release();
        }
    }
    async close() {
        await this.running;
    }
}
//# sourceMappingURL=table-vacuum.js.map