const CLAIMABLE = new Set(['pending', 'scheduled', 'retrying']);
/** `held`: live tasks by state that count in the total but are not claimable (paused queues). */
export function buildSample(at, live, finished, since, limit, held = {}) {
    const s = { at, states: { ...held }, ready: {}, soon: {}, oldestReadyAt: null, nextDueAt: null, finished: { since, n: 0, capped: false, firstAt: null, byName: {} } };
    for (const r of live) {
        s.states[r.state] = (s.states[r.state] ?? 0) + r.n;
        if (!CLAIMABLE.has(r.state))
            continue;
        if (r.due === 'now') {
            s.ready[r.name] = (s.ready[r.name] ?? 0) + r.n;
            s.oldestReadyAt = s.oldestReadyAt === null ? r.minReadyAt : Math.min(s.oldestReadyAt, r.minReadyAt);
        }
        else {
            if (r.due === 'soon')
                s.soon[r.name] = (s.soon[r.name] ?? 0) + r.n;
            s.nextDueAt = s.nextDueAt === null ? r.minRunAt : Math.min(s.nextDueAt, r.minRunAt);
        }
    }
    for (const f of finished) {
        s.finished.n += f.n;
        s.finished.firstAt = s.finished.firstAt === null ? f.firstFinishedAt : Math.min(s.finished.firstAt, f.firstFinishedAt);
        if (f.served > 0)
            s.finished.byName[f.name] = { served: f.served, serviceMsSum: f.serviceMsSum };
    }
    s.finished.capped = s.finished.n >= limit;
    return s;
}
export const sum = (m) => Object.values(m).reduce((a, b) => a + b, 0);
//# sourceMappingURL=sample.js.map