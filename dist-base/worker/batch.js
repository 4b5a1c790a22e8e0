import { MAX_TIMER_MS, parseDuration } from '../model/duration.js';
import { ValidationError } from '../model/errors.js';
/** Tasks per batch at most: far above any sensible batch, low enough that one claim can bring it. */
export const BATCH_SIZE_MAX = 10_000;
/** A batch handler for a HandlerMap: `handlers: { 'send-email': batch({ size: 100, wait: '200ms' }, async (tasks, ctx) => …) }`. */
export function batch(options, handler) {
    return { batch: options, handler };
}
export function isBatchSpec(v) {
    return typeof v === 'object' && v !== null && 'batch' in v;
}
export function resolveBatch(spec, field) {
    const b = spec.batch;
    if (b === null || typeof b !== 'object')
        throw new ValidationError(`${field}.batch`, 'must be an object like { size: 100, wait: "200ms" }');
    for (const k of Object.keys(b))
        if (k !== 'size' && k !== 'wait')
            throw new ValidationError(`${field}.batch.${k}`, 'unknown option (a batch takes size and wait)');
    const { size, wait } = b;
    if (size === undefined)
        throw new ValidationError(`${field}.batch.size`, 'is required: how many tasks one call takes at most');
    if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0 || size > BATCH_SIZE_MAX) {
        throw new ValidationError(`${field}.batch.size`, `must be an integer from 1 to ${BATCH_SIZE_MAX}, got ${JSON.stringify(size)}`);
    }
    const waitMs = wait === undefined ? 0 : parseDuration(wait, `${field}.batch.wait`, MAX_TIMER_MS);
    if (typeof spec.handler !== 'function')
        throw new ValidationError(`${field}.handler`, 'must be a function (tasks, ctx) => results');
    return { size, waitMs, handler: spec.handler };
}
/**
 * What a batch handler returned, as one outcome per task: `{ ok, value }` or `{ ok: false, error }`;
 * undefined for a task the return value says nothing about.
 */
export function outcomesOf(tasks, out) {
    const one = (v) => (v instanceof Error ? { ok: false, error: v } : { ok: true, value: v });
    if (Array.isArray(out)) {
        if (out.length !== tasks.length) {
            const err = new Error(`the batch handler returned ${out.length} results for ${tasks.length} tasks; an array must have one entry per task, in order`);
            return tasks.map(() => ({ ok: false, error: err }));
        }
        return out.map(one);
    }
    if (out instanceof Map)
        return tasks.map((t) => (out.has(t.id) ? one(out.get(t.id)) : undefined));
    return tasks.map(() => undefined);
}
//# sourceMappingURL=batch.js.map