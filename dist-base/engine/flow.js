import { NotFoundError, ValidationError } from '../model/errors.js';
import { rateSlotMs, validateLimit, validatePauseTarget, } from '../model/flow.js';
import { validateName } from '../model/spec.js';
/** How long the rate rules read for wake-ups are trusted. */
const RULES_TTL_MS = 1000;
export class Flow {
    store;
    clock;
    signals;
    /** Queues declared in the configuration: known even before a task was enqueued to them. */
    declared = new Set();
    constructor(store, clock, 
    /** The engine's signals: a resume or a removed limit wakes the workers. */
    signals) {
        this.store = store;
        this.clock = clock;
        this.signals = signals;
    }
    /** Rate rules as last read (at most RULES_TTL_MS old), for waking workers when a window opens. */
    rates = null;
    refreshing = false;
    wakeTimer = null;
    /**
     * A claim took fewer tasks than asked: if a rate rule may be what held them back, wake the
     * workers at the next slot of the rate windows (else an idle worker would wait for its poll, and
     * a 1,000/s limit would be served at the poll's pace). One timer per engine; cheap when no rule.
     * `askedAt`: the clock when the claim was asked for. The slot that held the claim back is the
     * one it was asked in, not the one its answer arrives in: a wake-up that fires a little early
     * gets a short answer just after the next slot began, and timing from the answer slept through
     * that whole slot (bench:flow lost one second in twenty that way, with fixed windows).
     */
    claimedShort(askedAt) {
        const now = Date.now();
        if ((this.rates === null || now - this.rates.at > RULES_TTL_MS) && !this.refreshing) {
            this.refreshing = true;
            void this.store
                .flowLimitList()
                .then((ls) => (this.rates = { at: Date.now(), periodsMs: ls.flatMap((l) => (l.rate ? [l.rate.periodMs] : [])) }))
                .catch(() => undefined)
                .finally(() => (this.refreshing = false));
        }
        if (!this.rates || this.rates.periodsMs.length === 0 || this.wakeTimer)
            return;
        const t = askedAt;
        // Windows slide: claims leave them slot by slot (model/flow.ts rateSlotMs), so room comes back
        // at the next slot's turn, not only when a whole period has passed.
        const next = Math.min(...this.rates.periodsMs.map((p) => rateSlotMs(p)).map((s) => t - (t % s) + s));
        this.wakeTimer = setTimeout(() => {
            this.wakeTimer = null;
            this.signals.emit('wake', '*');
        }, Math.max(1, next - this.clock.now()));
        this.wakeTimer.unref?.();
    }
    /** Names queues as known (the configuration's `flow.queues`), so limits may be set on them before any task. */
    declareQueues(queues) {
        queues.forEach((q, i) => this.declared.add(validateName(q, `queues[${i}]`)));
    }
    /**
     * Creates or replaces a limit rule (same id = same rule). A ValidationError naming the field
     * for a bad rule, or for a queue nobody knows: no task was ever enqueued to it (live or in
     * retained history), it was never paused, holds no other limit, and is not declared.
     */
    async setLimit(spec, opts = {}) {
        const limit = validateLimit(spec, this.clock.now(), opts.where);
        if (limit.queue !== null && !(await this.queueKnown(limit.queue))) {
            const field = opts.where ? `${opts.where}.queue` : 'queue';
            throw new ValidationError(field, `unknown queue "${limit.queue}": no task was ever enqueued to it and it is not declared (configuration flow.queues)`);
        }
        await this.store.flowLimitSet({ limit, actor: opts.actor ?? null, now: limit.updatedAt });
        this.rates = null;
        return limit;
    }
    /**
     * Applies the rules a file declares (a workflow, a unit, the configuration): every rule is
     * validated, and every queue checked, before any is written, so one bad rule writes nothing.
     * A rule equal to the stored one is not written again (no audit line for each load); stored
     * rules the file `owns` but no longer declares are removed. Idempotent.
     */
    async applyLimits(rules, opts = {}) {
        const now = this.clock.now();
        const limits = rules.map((r) => validateLimit(r.spec, now, r.where));
        const ids = new Set();
        limits.forEach((l, i) => {
            if (ids.has(l.id))
                throw new ValidationError(`${rules[i].where}.id`, `a second rule with id "${l.id}" (ids are unique)`);
            ids.add(l.id);
        });
        for (const [i, l] of limits.entries()) {
            if (l.queue !== null && !(await this.queueKnown(l.queue))) {
                throw new ValidationError(`${rules[i].where}.queue`, `unknown queue "${l.queue}": no task was ever enqueued to it and it is not declared (configuration flow.queues)`);
            }
        }
        const stored = new Map((await this.store.flowLimitList()).map((l) => [l.id, l]));
        const same = (a, b) => a.queue === b.queue && a.name === b.name && a.key === b.key && a.concurrency === b.concurrency &&
            (a.rate === null ? b.rate === null : b.rate !== null && a.rate.n === b.rate.n && a.rate.periodMs === b.rate.periodMs);
        const out = { set: [], unchanged: [], removed: [] };
        for (const l of limits) {
            const old = stored.get(l.id);
            if (old && same(old, l))
                out.unchanged.push(old);
            else {
                await this.store.flowLimitSet({ limit: l, actor: opts.actor ?? null, now });
                out.set.push(l);
            }
        }
        if (opts.owns) {
            for (const id of stored.keys()) {
                if (!ids.has(id) && opts.owns(id) && (await this.store.flowLimitRemove({ id, actor: opts.actor ?? null, now })))
                    out.removed.push(id);
            }
        }
        if (out.set.length || out.removed.length) {
            this.rates = null;
            this.signals.emit('wake', '*');
        }
        return out;
    }
    /** Removes a rule; NotFoundError when there is none with this id. */
    async removeLimit(id, opts = {}) {
        if (typeof id !== 'string' || id.length === 0)
            throw new ValidationError('id', 'must be a limit id');
        const removed = await this.store.flowLimitRemove({ id, actor: opts.actor ?? null, now: this.clock.now() });
        if (!removed)
            throw new NotFoundError('limit', id);
        this.signals.emit('wake', '*');
    }
    listLimits() {
        return this.store.flowLimitList();
    }
    /** Buckets in use now: running per key (concurrency limits), claims in the current window (rate limits). */
    usage() {
        return this.store.flowUsage({ now: this.clock.now() });
    }
    /** No claim starts a task of the target until it is resumed; running tasks finish. True when it changed. */
    async pause(target, opts = {}) {
        const t = this.target(target);
        return this.store.flowPauseSet({ ...t, paused: true, actor: opts.actor ?? null, now: this.clock.now() });
    }
    async resume(target, opts = {}) {
        const t = this.target(target);
        const changed = await this.store.flowPauseSet({ ...t, paused: false, actor: opts.actor ?? null, now: this.clock.now() });
        this.signals.emit('wake', t.kind === 'queue' ? t.target : '*');
        return changed;
    }
    async paused() {
        const [queues, others] = await Promise.all([this.store.queuePausedList(), this.store.flowPauseList()]);
        const of = (k) => others.filter((p) => p.kind === k).map((p) => p.target);
        return { queues, names: of('name'), runs: of('run'), schedules: of('schedule') };
    }
    pauses() {
        return this.store.flowPauseList();
    }
    /** Whether a schedule is paused (the scheduler asks before it fires one). */
    async schedulePaused(name) {
        return (await this.store.flowPauseList()).some((p) => p.kind === 'schedule' && p.target === name);
    }
    audit(p = {}) {
        const limit = p.limit ?? 100;
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
            throw new ValidationError('limit', 'must be a whole number from 1 to 10000');
        if (p.beforeId !== undefined && !/^[0-9]{1,19}$/.test(p.beforeId))
            throw new ValidationError('beforeId', 'must be an audit entry id');
        return this.store.flowAuditList({ limit, ...(p.beforeId !== undefined ? { beforeId: p.beforeId } : {}) });
    }
    target(t) {
        if (t !== null && typeof t === 'object' && 'queue' in t && Object.keys(t).length === 1)
            return { kind: 'queue', target: validateName(t.queue, 'queue') };
        return validatePauseTarget(t);
    }
    async queueKnown(queue) {
        if (this.declared.has(queue))
            return true;
        const [counts, paused, limits] = await Promise.all([this.store.queueCounts(), this.store.queuePausedList(), this.store.flowLimitList()]);
        return counts.some((c) => c.queue === queue) || paused.includes(queue) || limits.some((l) => l.queue === queue);
    }
}
//# sourceMappingURL=flow.js.map