/** For Taskframe.open / openStore: the URL and the store's options. */
export function storeOptions(c) {
    return {
        db: c.store.url,
        migrate: c.store.migrate,
        ...(c.store.poolSize !== undefined ? { poolSize: c.store.poolSize } : {}),
        ...(c.store.schema !== undefined ? { schema: c.store.schema } : {}),
        writerThread: c.store.sqliteWriterThread,
        checkpointThread: c.store.sqliteCheckpointThread,
        history: c.store.history,
    };
}
/** For createLogger; `level` when the config sets none (the server logs requests at info). */
export function loggerOptions(c, level = 'warn') {
    return { level: c.log.level ?? level, format: c.log.format };
}
/** For tf.worker, less the handlers. */
export function workerOptions(c) {
    const w = c.worker;
    return {
        concurrency: w.concurrency,
        ...(w.prefetch !== undefined ? { prefetch: w.prefetch } : {}),
        queues: w.queues,
        leaseMs: w.lease,
        ...(w.poll !== undefined ? { pollIntervalMs: w.poll } : {}),
        shutdownGraceMs: w.grace,
        drain: w.drain,
        ...(w.id !== undefined ? { workerId: w.id } : {}),
    };
}
//# sourceMappingURL=options.js.map