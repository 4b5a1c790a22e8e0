/**
 * Redis Streams adapter (`ioredis`, loaded only here). A topic is a stream; a group is a
 * consumer group created at the stream's start (so messages published before the first
 * subscriber are delivered). Each subscriber is one consumer of the group: it reads new
 * entries with XREADGROUP, acks with XACK, and takes over entries another consumer left
 * pending longer than `ackWaitMs` (a crashed process) with XAUTOCLAIM. Entries are fields
 * `id` (the publisher's stable id), `d` (the body) and `h` (headers as JSON); an entry from a
 * plain client without `d` (`XADD tasks * task '{…}'`) has its first other field as the body.
 *
 * Durability is Redis's: with `appendonly yes` an acknowledged XADD survives a restart.
 *
 * Redis takes no string longer than `proto-max-bulk-len` (512 MB by default). It answers one
 * with a protocol error and closes the connection, and the client then sends the commands that
 * were in flight on it again, some of which Redis had already applied (duplicates). So the
 * adapter reads the limit when it opens (the default when CONFIG is not allowed) and refuses a
 * larger message itself, before sending anything: `MessageRejectedError` "too_large". Other
 * failures (no connection, OOM under `maxmemory`) are left to the caller's retry.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { redactUrl } from '../model/errors.js';
import { DeliveredMessage, MessageRejectedError, dispatch, resolveSubscribeOptions, toBuffer, validateTopic, } from './bus.js';
import { InFlight } from './in-flight.js';
/** Redis's own default for proto-max-bulk-len. */
const DEFAULT_MAX_BULK = 512 * 1024 * 1024;
export class RedisBus {
    makeClient;
    client;
    maxMessageBytes;
    url;
    subs = new Set();
    closed = false;
    constructor(url, makeClient, client, 
    /** The largest string Redis accepts (its proto-max-bulk-len). */
    maxMessageBytes) {
        this.makeClient = makeClient;
        this.client = client;
        this.maxMessageBytes = maxMessageBytes;
        this.url = redactUrl(url);
    }
    static async open(url, options = {}) {
        const { Redis } = await import('ioredis');
        const make = () => new Redis(url, {
            connectionName: options.name ?? 'taskframe',
            // Commands wait out an outage (queued, resent on reconnect) instead of failing after 20 tries.
            maxRetriesPerRequest: null,
            retryStrategy: (times) => Math.min(50 * times, 1_000),
            lazyConnect: true,
        });
        const client = make();
        client.on('error', () => undefined);
        await client.connect();
        return new RedisBus(url, make, client, await maxBulkLength(client));
    }
    async publish(topic, data, options = {}) {
        validateTopic(topic);
        const body = toBuffer(data);
        if (body.length > this.maxMessageBytes) {
            throw new MessageRejectedError('too_large', `message is ${body.length} bytes; Redis takes at most ${this.maxMessageBytes} (proto-max-bulk-len)`, { topic, size: body.length, limit: this.maxMessageBytes });
        }
        const args = [];
        if (options.id !== undefined)
            args.push('id', options.id);
        if (options.headers && Object.keys(options.headers).length > 0)
            args.push('h', JSON.stringify(options.headers));
        args.push('d', body);
        await this.client.xadd(topic, '*', ...args);
    }
    async subscribe(topic, handler, options = {}) {
        validateTopic(topic);
        const o = resolveSubscribeOptions(options);
        try {
            await this.client.xgroup('CREATE', topic, o.group, '0', 'MKSTREAM');
        }
        catch (err) {
            if (!/BUSYGROUP/.test(err.message))
                throw err;
        }
        // Blocking reads get a connection of their own so publishes and acks never queue behind them.
        const reader = this.makeClient();
        reader.on('error', () => undefined);
        await reader.connect();
        const consumer = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
        const inFlight = new InFlight(o.maxInFlight);
        let stopped = false;
        const onError = (err) => {
            if (!stopped)
                process.emitWarning(`redis bus ${topic}: ${err.message ?? err}`);
        };
        const deliver = (entry, redeliveries) => {
            const entryId = entry[0].toString();
            const f = entry[1];
            let id = null;
            let body = null;
            let other = null;
            let headers = {};
            for (let i = 0; i + 1 < f.length; i += 2) {
                const k = f[i].toString();
                if (k === 'id')
                    id = f[i + 1].toString();
                else if (k === 'd')
                    body = f[i + 1];
                else if (k !== 'h')
                    other ??= f[i + 1];
                else if (k === 'h') {
                    try {
                        headers = JSON.parse(f[i + 1].toString());
                    }
                    catch {
                        headers = {};
                    }
                }
            }
            const msg = new DeliveredMessage(id ?? `${topic}:${entryId}`, topic, 
            // A plain client's `XADD topic * task '{…}'`: its first field is the message.
            body ?? other ?? Buffer.alloc(0), headers, redeliveries, async () => {
                inFlight.release();
                await this.client.xack(topic, o.group, entryId);
            }, async (delayMs) => {
                inFlight.release();
                // Claim it back after the delay: that resets its idle time and delivers it again here.
                setTimeout(() => {
                    if (stopped)
                        return;
                    void this.client
                        .callBuffer('XCLAIM', topic, o.group, consumer, '0', entryId)
                        .then((rows) => {
                        for (const e of rows) {
                            inFlight.take();
                            deliver(e, redeliveries + 1);
                        }
                    })
                        .catch(onError);
                }, delayMs).unref();
            });
            void dispatch(handler, msg, onError);
        };
        /** Takes over entries pending longer than ackWaitMs (their consumer died or lost them). */
        const reclaim = async () => {
            let cursor = '0-0';
            do {
                if (stopped || inFlight.room === 0)
                    return;
                const r = (await this.client.callBuffer('XAUTOCLAIM', topic, o.group, consumer, String(o.ackWaitMs), cursor, 'COUNT', String(Math.min(inFlight.room, 100))));
                cursor = r[0].toString();
                for (const e of r[1]) {
                    if (!e || !e[1])
                        continue; // entry deleted from the stream while pending
                    inFlight.take();
                    deliver(e, 1);
                }
            } while (cursor !== '0-0');
        };
        const loop = async () => {
            let lastReclaim = 0;
            while (!stopped && !this.closed) {
                try {
                    if (Date.now() - lastReclaim >= Math.min(o.ackWaitMs / 2, 5_000)) {
                        lastReclaim = Date.now();
                        await reclaim();
                    }
                    if (inFlight.room === 0) {
                        await inFlight.acquire();
                        inFlight.release();
                        continue;
                    }
                    const r = (await reader.callBuffer('XREADGROUP', 'GROUP', o.group, consumer, 'COUNT', String(Math.min(inFlight.room, 500)), 'BLOCK', '500', 'STREAMS', topic, '>'));
                    if (stopped)
                        break;
                    for (const [, entries] of r ?? []) {
                        for (const e of entries) {
                            inFlight.take();
                            deliver(e, 0);
                        }
                    }
                }
                catch (err) {
                    if (stopped)
                        break;
                    // The group vanished with the data (a Redis restart without persistence): make it again.
                    if (/NOGROUP/.test(err.message)) {
                        await this.client.xgroup('CREATE', topic, o.group, '0', 'MKSTREAM').catch(() => undefined);
                    }
                    else
                        onError(err);
                    await new Promise((r) => setTimeout(r, 100));
                }
            }
        };
        const running = loop();
        const sub = {
            close: async () => {
                if (stopped)
                    return;
                stopped = true;
                inFlight.wakeAll();
                await running;
                reader.disconnect();
                this.subs.delete(sub);
            },
        };
        this.subs.add(sub);
        return sub;
    }
    async close() {
        if (this.closed)
            return;
        await Promise.all([...this.subs].map((s) => s.close()));
        this.closed = true;
        await this.client.quit().catch(() => this.client.disconnect());
    }
}
/** proto-max-bulk-len as the server says, or Redis's default where CONFIG is not allowed (managed services rename it). */
async function maxBulkLength(client) {
    try {
        const reply = (await client.config('GET', 'proto-max-bulk-len'));
        const n = Number(reply[1]);
        return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_BULK;
    }
    catch {
        return DEFAULT_MAX_BULK;
    }
}
//# sourceMappingURL=redis.js.map