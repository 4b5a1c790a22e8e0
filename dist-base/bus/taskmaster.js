/**
 * Taskmasters run rules (rules.ts) on finished tasks, two ways:
 *
 * - BusTaskmaster reads done messages from a bus topic (from this taskframe or any producer of
 *   seed-000 done messages) and either enqueues the follow-up tasks directly or publishes them
 *   to a tasks topic for an ingress to pick up. It acks a done message only after every
 *   follow-up is enqueued or published.
 * - StoreTaskmaster follows the store's event feed with a durable cursor (no bus at all) and
 *   enqueues follow-ups directly; the cursor moves only after they are committed.
 *
 * Either way every follow-up carries the dedup key `rule:<rule>:<done id>`, so seeing a done
 * message twice creates nothing twice.
 */
import { EventEmitter } from 'node:events';
import { createLogger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import { validateTopic } from './bus.js';
import { doneMessage, isFinishingEvent } from './formats.js';
import { tasksFor } from './rules.js';
import { RULES_CURSOR_PREFIX } from './follower-lag.js';
export class BusTaskmaster extends EventEmitter {
    o;
    sub = null;
    log;
    constructor(o) {
        super();
        this.o = o;
        validateTopic(o.doneTopic, 'done topic');
        if (!o.engine === !o.tasksTopic)
            throw new ValidationError('taskmaster', 'give either an engine (enqueue directly) or a tasks topic (publish)');
        if (o.tasksTopic)
            validateTopic(o.tasksTopic, 'tasks topic');
        this.log = (o.logger ?? createLogger()).child({ component: 'bus-taskmaster' });
    }
    async start() {
        this.sub ??= await this.o.bus.subscribe(this.o.doneTopic, (m) => this.handle(m), { group: this.o.group ?? 'taskframe-taskmaster' });
        return this;
    }
    async stop() {
        const s = this.sub;
        this.sub = null;
        await s?.close();
    }
    async handle(m) {
        let done;
        try {
            done = JSON.parse(m.data.toString('utf8'));
            if (!done || typeof done !== 'object' || typeof done.type !== 'string')
                throw new Error('no "type"');
        }
        catch (err) {
            // Not a done message: nothing any rule could match. Ack so it does not come back forever.
            this.log.warn({ messageId: m.id, err: err.message }, 'not a done message; ignored');
            await m.ack();
            return;
        }
        for (const { rule, spec } of tasksFor(this.o.rules, done, m.id)) {
            if (this.o.engine) {
                try {
                    const r = await this.o.engine.enqueueOne(spec);
                    this.emit('created', rule, r.task, r.created);
                }
                catch (err) {
                    if (!(err instanceof ValidationError))
                        throw err; // store trouble: nack, try again later
                    this.log.warn({ rule, err: err.message }, 'rule produced an invalid task; skipped');
                }
            }
            else {
                await this.o.bus.publish(this.o.tasksTopic, JSON.stringify(spec), { id: spec.dedupKey });
                this.emit('created', rule, null, true);
            }
        }
        await m.ack();
    }
}
export class StoreTaskmaster extends EventEmitter {
    o;
    cursorName;
    cursor = null;
    running = false;
    loop = null;
    wake = null;
    log;
    constructor(o) {
        super();
        this.o = o;
        this.cursorName = `${RULES_CURSOR_PREFIX}${o.name ?? 'default'}`;
        this.log = (o.logger ?? createLogger()).child({ component: 'store-taskmaster' });
    }
    /** One round over the feed; returns the number of events passed. New taskmasters start at the feed's end. */
    async runOnce() {
        const { engine } = this.o;
        if (this.cursor === null) {
            this.cursor = await engine.cursors.get(this.cursorName);
            if (this.cursor === null) {
                await engine.cursors.compareAndSet(this.cursorName, null, await engine.eventFeedEnd());
                this.cursor = (await engine.cursors.get(this.cursorName));
            }
        }
        const events = await engine.eventFeed({ after: this.cursor, limit: this.o.batchSize ?? 1000 });
        if (events.length === 0)
            return 0;
        const work = [];
        for (const e of events) {
            if (!isFinishingEvent(e))
                continue;
            const task = await engine.find(e.taskId);
            if (!task)
                continue;
            const done = doneMessage(task, e);
            for (const { rule, spec } of tasksFor(this.o.rules, done, `done:${e.taskId}:${e.id}`)) {
                work.push(this.o.engine.enqueueOne(spec).then((r) => void this.emit('created', rule, r.task, r.created), (err) => {
                    if (!(err instanceof ValidationError))
                        throw err;
                    this.log.warn({ rule, err: err.message }, 'rule produced an invalid task; skipped');
                }));
            }
        }
        await Promise.all(work);
        const next = events[events.length - 1].position;
        await engine.cursors.set(this.cursorName, next);
        this.cursor = next;
        return events.length;
    }
    start() {
        if (this.running)
            return this;
        this.running = true;
        this.loop = (async () => {
            while (this.running) {
                let wait = this.o.pollIntervalMs ?? 50;
                try {
                    if ((await this.runOnce()) >= (this.o.batchSize ?? 1000))
                        wait = 0;
                }
                catch (err) {
                    if (this.listenerCount('error') > 0)
                        this.emit('error', err);
                    wait = 500;
                }
                if (wait > 0 && this.running) {
                    await new Promise((r) => {
                        const t = setTimeout(r, wait);
                        this.wake = () => (clearTimeout(t), r());
                    });
                }
            }
        })();
        return this;
    }
    async stop() {
        this.running = false;
        this.wake?.();
        await this.loop;
    }
}
//# sourceMappingURL=taskmaster.js.map