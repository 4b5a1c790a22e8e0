import { iso, stamped } from '../model/json.js';
import { stepOf } from '../model/step.js';
/** Running tasks read to show what workers hold; past this the reply says it is cut. */
export const HELD_MAX = 1000;
/** Tasks listed per worker (all are counted). */
const HELD_LISTED = 20;
const CLAIMABLE = new Set(['pending', 'scheduled', 'retrying']);
export async function queueOverview(engine, now) {
    const { queues } = engine;
    const [counts, paused] = await Promise.all([queues.counts(), queues.paused()]);
    const byName = new Map(counts.map((c) => [c.queue, { queue: c.queue, paused: false, counts: c.counts, backlog: 0, oldestReadyAt: null, oldestWaitMs: 0 }]));
    for (const p of paused)
        byName.set(p, { ...(byName.get(p) ?? { queue: p, counts: {}, backlog: 0, oldestReadyAt: null, oldestWaitMs: 0 }), paused: true });
    const live = [...byName.values()].filter((q) => CLAIMABLE_STATES.some((s) => (q.counts[s] ?? 0) > 0)).map((q) => q.queue);
    for (const name of live) {
        const q = byName.get(name);
        let oldest = Infinity;
        for (const g of await queues.liveSummary({ queues: [name], soonBy: now, now })) {
            if (!CLAIMABLE.has(g.state) || g.due !== 'now')
                continue;
            q.backlog += g.n;
            oldest = Math.min(oldest, g.minReadyAt);
        }
        if (oldest !== Infinity) {
            q.oldestReadyAt = iso(oldest);
            q.oldestWaitMs = Math.max(0, now - oldest);
        }
    }
    return [...byName.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}
const CLAIMABLE_STATES = [...CLAIMABLE];
export async function workerOverview(engine, registry) {
    const running = await engine.inspect.tasks({ states: ['running'] }, { limit: HELD_MAX });
    const byWorker = new Map();
    const get = (id) => {
        let w = byWorker.get(id);
        if (!w)
            byWorker.set(id, (w = { workerId: id, remote: false, queues: [], lastSeenAt: null, liveUntil: null, holding: 0, tasks: [] }));
        return w;
    };
    for (const r of registry.live())
        Object.assign(get(r.workerId), { remote: true, queues: [...r.queues], lastSeenAt: iso(r.lastSeenAt), liveUntil: iso(r.liveUntil) });
    for (const t of [...running.items].reverse()) {
        if (!t.workerId)
            continue;
        const w = get(t.workerId);
        w.holding++;
        if (!w.queues.includes(t.queue))
            w.queues.push(t.queue);
        if (w.tasks.length < HELD_LISTED)
            w.tasks.push({ id: t.id, name: t.name, step: stepOf(t), queue: t.queue, attempt: t.attempt, startedAt: iso(t.startedAt) });
    }
    const workers = [...byWorker.values()].sort((a, b) => Number(b.remote) - Number(a.remote) || a.workerId.localeCompare(b.workerId));
    return { workers, truncated: running.next !== null };
}
/** Characters of a result a timeline entry carries: enough to read at a glance, small for 10,000 rows. */
export const PREVIEW_MAX = 120;
function preview(v) {
    if (v === null || v === undefined)
        return null;
    const text = JSON.stringify(v);
    return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1)}…` : text;
}
export function timelineJson(e) {
    const t = e.task;
    return {
        id: t.id,
        step: stepOf(t),
        name: t.name,
        state: t.state,
        parentId: t.parentId,
        attempt: t.attempt,
        maxAttempts: t.maxAttempts,
        createdAt: stamped(t.createdAt, 'createdAt'),
        startedAt: iso(t.startedAt),
        finishedAt: iso(t.finishedAt),
        resultPreview: preview(t.result),
        error: t.error ? { message: String(t.error.message ?? ''), kind: t.error.kind ?? null } : null,
        attempts: e.attempts.map((a) => ({ attempt: a.attempt, startedAt: stamped(a.startedAt, 'attempts.startedAt'), endedAt: iso(a.endedAt), outcome: a.outcome, workerId: a.workerId })),
    };
}
//# sourceMappingURL=overview.js.map