export const EVENT_TYPES = [
    'created',
    'claimed',
    'progress',
    'retry_scheduled',
    'lease_expired',
    'timed_out',
    'succeeded',
    'waiting',
    'failed',
    'cancelled',
    'unclaimed',
    'unblocked',
    'skipped',
    'retried',
    'deduplicated',
    /** An enqueue collapsed into this task (debounce or throttle); detail says which and what changed. */
    'debounced',
];
//# sourceMappingURL=task.js.map