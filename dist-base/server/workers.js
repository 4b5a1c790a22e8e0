export class WorkerRegistry {
    now;
    seen = new Map();
    constructor(now) {
        this.now = now;
    }
    touch(workerId, leaseMs, queues) {
        const t = this.now();
        const prev = this.seen.get(workerId);
        this.seen.set(workerId, { workerId, queues: queues ?? prev?.queues ?? [], lastSeenAt: t, liveUntil: t + leaseMs });
    }
    live() {
        const t = this.now();
        const out = [];
        for (const [id, w] of this.seen) {
            if (w.liveUntil >= t)
                out.push(w);
            else if (w.liveUntil < t - 3_600_000)
                this.seen.delete(id);
        }
        return out;
    }
}
//# sourceMappingURL=workers.js.map