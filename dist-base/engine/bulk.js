/**
 * Operator actions on many tasks at once: retry or cancel the tasks named, or those matching a
 * filter, at most BULK_MAX per call. Each task is acted on as it would be alone (engine.retry,
 * engine.cancel, through the group commit), and each gets its own answer: a task that moved on
 * meanwhile is a CONFLICT for that task and takes nothing else down with it.
 */
import { TaskframeError, ValidationError } from '../model/errors.js';
import { checkId } from './ids.js';
export const BULK_MAX = 1000;
export class Bulk {
    ops;
    inspect;
    constructor(ops, inspect) {
        this.ops = ops;
        this.inspect = inspect;
    }
    retry(target) {
        return this.each(target, (id) => this.ops.retry(id));
    }
    cancel(target, reason = 'cancelled in bulk') {
        return this.each(target, (id) => this.ops.cancel(id, reason));
    }
    async each(target, act) {
        const { ids, more } = await this.resolve(target);
        const settled = await Promise.allSettled(ids.map(act));
        const results = settled.map((s, i) => {
            if (s.status === 'fulfilled')
                return { id: ids[i], ok: true, state: s.value.state };
            const e = s.reason;
            // A bug in one task's action is not shown to the operator as-is (the server log has it).
            return e instanceof TaskframeError ? { id: ids[i], ok: false, code: e.code, message: e.message } : { id: ids[i], ok: false, code: 'INTERNAL', message: 'internal error' };
        });
        return { results, more };
    }
    async resolve(t) {
        if ((t.ids === undefined) === (t.filter === undefined))
            throw new ValidationError('ids', 'give either ids or a filter (exactly one)');
        if (t.ids !== undefined) {
            if (!Array.isArray(t.ids) || t.ids.length === 0)
                throw new ValidationError('ids', 'must list at least one task id');
            if (t.ids.length > BULK_MAX)
                throw new ValidationError('ids', `at most ${BULK_MAX} tasks per call (got ${t.ids.length})`);
            const ids = t.ids.map((id, i) => {
                try {
                    return checkId(id);
                }
                catch {
                    throw new ValidationError(`ids[${i}]`, `"${String(id)}" is not a task id`);
                }
            });
            return { ids: [...new Set(ids)], more: false };
        }
        const limit = t.limit ?? BULK_MAX;
        if (!Number.isInteger(limit) || limit < 1 || limit > BULK_MAX)
            throw new ValidationError('limit', `must be an integer from 1 to ${BULK_MAX}`);
        const page = await this.inspect.tasks(t.filter, { limit });
        return { ids: page.items.map((x) => x.id), more: page.next !== null };
    }
}
//# sourceMappingURL=bulk.js.map