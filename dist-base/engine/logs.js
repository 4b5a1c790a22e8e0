import { checkId } from './ids.js';
export class Logs {
    store;
    constructor(store) {
        this.store = store;
    }
    /** Appends lines; they keep their order. Best effort for callers that must not wait on it. */
    async append(entries) {
        if (entries.length === 0)
            return;
        await this.store.logAppend({ entries });
    }
    /** A task's lines, oldest first. */
    async list(p) {
        return this.store.logList({ ...p, taskId: checkId(p.taskId) });
    }
}
//# sourceMappingURL=logs.js.map