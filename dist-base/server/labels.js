/** Labels kept at most (about 100 bytes each). */
const KEEP = 200_000;
export class TaskLabels {
    engine;
    known = new Map();
    constructor(engine) {
        this.engine = engine;
    }
    /** Labels of the events' tasks that still exist (a task purged meanwhile has none). */
    async forEvents(events) {
        const out = new Map();
        const missing = new Set();
        for (const e of events) {
            const l = this.known.get(e.taskId);
            if (l)
                out.set(e.taskId, l);
            else
                missing.add(e.taskId);
        }
        if (missing.size > 0) {
            for (const l of await this.engine.inspect.labels([...missing])) {
                out.set(l.id, l);
                this.remember(l);
            }
        }
        return out;
    }
    remember(l) {
        if (this.known.size >= KEEP) {
            // Oldest first: Map iteration is insertion order.
            const drop = this.known.keys();
            for (let i = 0; i < KEEP / 10; i++)
                this.known.delete(drop.next().value);
        }
        this.known.set(l.id, l);
    }
}
//# sourceMappingURL=labels.js.map