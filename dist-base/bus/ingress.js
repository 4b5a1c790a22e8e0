/**
 * Ingress: consumes task messages from a bus topic and enqueues them.
 *
 * - A message is acked only after its enqueue committed (enqueueOne resolves after the group
 *   commit), so a crash or a broker restart at any point means a redelivery, never a loss.
 * - A redelivered message never creates a second task: each enqueue carries the permanent
 *   dedup key `bus:<source>:<message id>` (or the message's own dedupKey), checked atomically
 *   with the insert.
 * - A message that can never become a task (too large, not JSON, neither format, an unknown
 *   type, invalid fields) is published to the dead-letter topic with its reason and then acked,
 *   so the stream keeps flowing. A store that is failing is not the message's fault: that
 *   message is nacked and comes back later.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createLogger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import { LIMITS } from '../model/spec.js';
import { validateTopic } from './bus.js';
import { EnqueueBatcher } from './enqueue-batcher.js';
import { BadMessageError, decodeTaskMessage } from './formats.js';
export class Ingress extends EventEmitter {
    o;
    topic;
    deadTopic;
    stats = { received: 0, created: 0, duplicates: 0, deadLettered: 0, retried: 0 };
    acceptType;
    maxBytes;
    source;
    log;
    sub = null;
    batcher;
    constructor(o) {
        super();
        this.o = o;
        this.batcher = new EnqueueBatcher(o.engine);
        this.topic = validateTopic(o.topic, 'in');
        this.deadTopic = validateTopic(o.deadTopic ?? `${o.topic}.dead`, 'dead');
        this.source = o.source ?? o.topic;
        this.maxBytes = o.maxBytes ?? LIMITS.payloadMaxBytes + 65_536;
        if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1)
            throw new ValidationError('maxBytes', `must be a positive integer, got ${o.maxBytes}`);
        const accept = o.acceptTypes;
        this.acceptType = Array.isArray(accept) ? ((set) => (n) => set.has(n))(new Set(accept)) : accept;
        this.log = (o.logger ?? createLogger()).child({ component: 'bus-ingress', topic: this.topic });
    }
    async start() {
        if (this.sub)
            return this;
        this.sub = await this.o.bus.subscribe(this.topic, (m) => this.handle(m), {
            group: this.o.group ?? 'taskframe-ingress',
            maxInFlight: this.o.maxInFlight ?? 1000,
            ackWaitMs: this.o.ackWaitMs,
        });
        return this;
    }
    async stop() {
        const sub = this.sub;
        this.sub = null;
        await sub?.close();
    }
    dedupKey(messageId) {
        const key = `bus:${this.source}:${messageId}`;
        // Keys have a length limit; a long id is as unique hashed.
        return key.length <= 400 ? key : `bus:${this.source}:sha256:${createHash('sha256').update(messageId).digest('hex')}`;
    }
    async handle(m) {
        this.stats.received++;
        let decoded;
        try {
            decoded = decodeTaskMessage(m.data, { maxBytes: this.maxBytes, queue: this.o.queue, acceptType: this.acceptType, now: this.o.engine.clock.now() });
        }
        catch (err) {
            if (err instanceof BadMessageError)
                return this.deadLetter(m, err.reason, err.message);
            throw err;
        }
        const spec = { ...decoded.spec, dedupKey: decoded.spec.dedupKey ?? this.dedupKey(m.id) };
        let r;
        try {
            r = await this.batcher.enqueue(spec);
        }
        catch (err) {
            if (err instanceof ValidationError)
                return this.deadLetter(m, 'invalid', err.message);
            // The store is failing, not the message: let it come back.
            this.stats.retried++;
            this.log.warn({ err, messageId: m.id }, 'enqueue failed; the message will be delivered again');
            // Only when someone listens: an unheard 'error' event would throw and end the loop.
            if (this.listenerCount('error') > 0)
                this.emit('error', err);
            await m.nack({ delayMs: this.o.retryDelayMs ?? 1_000 });
            return;
        }
        // Counted before the ack: the task exists now whatever happens to the ack.
        if (r.created)
            this.stats.created++;
        else
            this.stats.duplicates++;
        this.emit('task', r.task, r.created, m.id);
        await m.ack();
    }
    async deadLetter(m, reason, error) {
        const truncated = reason === 'too_large';
        const record = {
            reason,
            error,
            topic: m.topic,
            messageId: m.id,
            size: m.data.length,
            at: new Date(this.o.engine.clock.now()).toISOString(),
            body: (truncated ? m.data.subarray(0, 4096) : m.data).toString('utf8'),
            truncated,
        };
        // Published before the ack: if this fails the handler throws, the message is nacked and comes back.
        await this.o.bus.publish(this.deadTopic, JSON.stringify(record), { id: `dead:${m.id}`, headers: { reason } });
        await m.ack();
        this.stats.deadLettered++;
        this.log.warn({ reason, error, messageId: m.id }, 'message dead-lettered');
        this.emit('dead', reason, m.id, error);
    }
}
//# sourceMappingURL=ingress.js.map