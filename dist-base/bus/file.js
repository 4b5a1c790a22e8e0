/**
 * A bus in a directory, for development: topic T is the file `T.jsonl`, one message a line;
 * group G's position is `T.G.offset` (the byte offset below which every message is acked, and
 * the offsets of messages acked above it), written atomically (temp file + rename) as acks
 * arrive. A restarted subscriber resumes from there, so an unacked message is delivered again
 * and an acked one never is.
 *
 * A line written by taskframe is an envelope `{"$bus":1,"id":…,"headers":…,"data":"…"}`; any
 * other line is a message as it stands (its id is `T@offset`), so `echo '{"type":…}' >> T.jsonl`
 * is a plain client. Publishing appends whole lines with O_APPEND and fsyncs before resolving.
 * One subscriber per group at a time (there is no cross-process lock).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../model/errors.js';
import { DeliveredMessage, dispatch, resolveSubscribeOptions, toBuffer, validateTopic, } from './bus.js';
/** Appends to one topic file, many publishes per write + fsync (group commit). */
class Appender {
    file;
    queue = [];
    writing = false;
    constructor(file) {
        this.file = file;
    }
    append(line) {
        return new Promise((resolve, reject) => {
            this.queue.push({ line, resolve, reject });
            if (!this.writing)
                void this.flush();
        });
    }
    async flush() {
        this.writing = true;
        while (this.queue.length > 0) {
            const batch = this.queue;
            this.queue = [];
            try {
                const fh = await fs.promises.open(this.file, 'a');
                try {
                    // One write() with O_APPEND: lines from other processes never interleave inside it.
                    await fh.write(batch.map((b) => b.line).join(''));
                    await fh.datasync();
                }
                finally {
                    await fh.close();
                }
                for (const b of batch)
                    b.resolve();
            }
            catch (err) {
                for (const b of batch)
                    b.reject(err);
            }
        }
        this.writing = false;
    }
}
export function fileBusDir(url) {
    if (url.startsWith('file://'))
        return fileURLToPath(url);
    const rest = url.slice('file:'.length);
    if (!rest)
        throw new ValidationError('bus', 'file: URL needs a directory, e.g. file:./bus');
    return path.resolve(rest);
}
export class FileBus {
    dir;
    url;
    appenders = new Map();
    subs = new Set();
    closed = false;
    constructor(url, dir) {
        this.dir = dir;
        this.url = url;
    }
    static async open(url) {
        const dir = fileBusDir(url);
        await fs.promises.mkdir(dir, { recursive: true });
        return new FileBus(url, dir);
    }
    topicFile(topic) {
        return path.join(this.dir, `${topic}.jsonl`);
    }
    async publish(topic, data, options = {}) {
        validateTopic(topic);
        if (this.closed)
            throw new Error('bus closed');
        const body = toBuffer(data);
        const text = body.toString('utf8');
        const env = { $bus: 1 };
        if (options.id !== undefined)
            env.id = options.id;
        if (options.headers && Object.keys(options.headers).length > 0)
            env.headers = options.headers;
        // Keep bytes that are not UTF-8 exact.
        if (Buffer.from(text, 'utf8').equals(body))
            env.data = text;
        else
            env.data64 = body.toString('base64');
        let appender = this.appenders.get(topic);
        if (!appender)
            this.appenders.set(topic, (appender = new Appender(this.topicFile(topic))));
        await appender.append(`${JSON.stringify(env)}\n`);
    }
    async subscribe(topic, handler, options = {}) {
        validateTopic(topic);
        const o = resolveSubscribeOptions(options);
        const file = this.topicFile(topic);
        const offsetFile = path.join(this.dir, `${topic}.${o.group}.offset`);
        const saved = await readOffset(offsetFile);
        let committed = saved.offset;
        /** Acked above `committed` in an earlier life: skipped when read again. */
        const ackedBefore = new Set(saved.acked);
        let readPos = committed;
        let partial = Buffer.alloc(0);
        /** Delivered, unacked messages by start offset (insertion order = file order). */
        const pending = new Map();
        let unacked = 0;
        let stopped = false;
        let persisting = Promise.resolve();
        let persistQueued = false;
        const onError = (err) => {
            if (!stopped)
                process.emitWarning(`file bus ${topic}: ${err.message ?? err}`);
        };
        const persist = () => {
            if (persistQueued)
                return;
            persistQueued = true;
            persisting = persisting.then(async () => {
                persistQueued = false;
                const acked = [...ackedBefore].filter((o) => o >= committed);
                for (const [start, p] of pending)
                    if (p.acked)
                        acked.push(start);
                const tmp = `${offsetFile}.${process.pid}.tmp`;
                await fs.promises.writeFile(tmp, JSON.stringify({ offset: committed, acked }));
                await fs.promises.rename(tmp, offsetFile);
            }).catch(onError);
        };
        const advance = () => {
            for (const [start, p] of pending) {
                if (!p.acked)
                    break;
                pending.delete(start);
                committed = p.end;
            }
            persist();
        };
        const makeMessage = (start, end, line, redeliveries) => {
            let id = `${topic}@${start}`;
            let headers = {};
            let data = Buffer.from(line);
            try {
                const v = JSON.parse(line);
                if (v && typeof v === 'object' && v.$bus === 1) {
                    if (typeof v.id === 'string')
                        id = v.id;
                    headers = v.headers ?? {};
                    data = v.data64 !== undefined ? Buffer.from(v.data64, 'base64') : Buffer.from(v.data ?? '');
                }
            }
            catch {
                // Not an envelope: the line itself is the message.
            }
            return new DeliveredMessage(id, topic, data, headers, redeliveries, () => {
                const p = pending.get(start);
                if (!p || p.acked)
                    return;
                p.acked = true;
                unacked--;
                advance();
            }, (delayMs) => {
                unacked--;
                const redeliver = () => {
                    if (stopped || !pending.has(start))
                        return;
                    unacked++;
                    pending.get(start).deliveredAt = Date.now();
                    void dispatch(handler, makeMessage(start, end, line, redeliveries + 1), onError);
                };
                if (delayMs > 0)
                    setTimeout(redeliver, delayMs).unref();
                else
                    setImmediate(redeliver);
            });
        };
        const readMore = async () => {
            if (unacked >= o.maxInFlight)
                return;
            let fh;
            try {
                fh = await fs.promises.open(file, 'r');
            }
            catch (err) {
                if (err.code === 'ENOENT')
                    return;
                throw err;
            }
            try {
                const buf = Buffer.alloc(256 * 1024);
                for (;;) {
                    // Lines already read (left over when the in-flight limit stopped the last round) go first.
                    let cut = 0;
                    let nl;
                    while (unacked < o.maxInFlight && (nl = partial.indexOf(10, cut)) !== -1) {
                        const start = readPos + cut;
                        const end = readPos + nl + 1;
                        const line = partial.subarray(cut, nl).toString('utf8');
                        cut = nl + 1;
                        if (line.trim() === '' || ackedBefore.has(start)) {
                            pending.set(start, { end, acked: true, deliveredAt: Date.now(), msg: () => makeMessage(start, end, line, 0) });
                            continue;
                        }
                        unacked++;
                        pending.set(start, { end, acked: false, deliveredAt: Date.now(), msg: () => makeMessage(start, end, line, 1) });
                        void dispatch(handler, makeMessage(start, end, line, 0), onError);
                    }
                    readPos += cut;
                    partial = partial.subarray(cut);
                    advance();
                    if (stopped || unacked >= o.maxInFlight)
                        return;
                    const { bytesRead } = await fh.read(buf, 0, buf.length, readPos + partial.length);
                    if (bytesRead === 0)
                        return;
                    partial = Buffer.concat([partial, buf.subarray(0, bytesRead)]);
                }
            }
            finally {
                await fh.close();
            }
        };
        /** Messages delivered longer than ackWaitMs ago and still unacked are delivered again. */
        const sweep = () => {
            const now = Date.now();
            for (const [, p] of pending) {
                if (!p.acked && now - p.deliveredAt >= o.ackWaitMs) {
                    p.deliveredAt = now;
                    void dispatch(handler, p.msg(), onError);
                }
            }
        };
        let timer = null;
        let busy = Promise.resolve();
        let lastSweep = Date.now();
        const tick = () => {
            busy = readMore()
                .catch(onError)
                .then(() => {
                if (Date.now() - lastSweep >= o.ackWaitMs / 2) {
                    lastSweep = Date.now();
                    sweep();
                }
                if (!stopped)
                    timer = setTimeout(tick, 20);
            });
        };
        tick();
        const sub = {
            close: async () => {
                if (stopped)
                    return;
                stopped = true;
                if (timer)
                    clearTimeout(timer);
                await busy;
                await persisting;
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
    }
}
async function readOffset(file) {
    let text;
    try {
        text = await fs.promises.readFile(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return { offset: 0, acked: [] };
        throw err;
    }
    try {
        const v = JSON.parse(text);
        if (Number.isInteger(v.offset) && v.offset >= 0 && Array.isArray(v.acked))
            return v;
    }
    catch {
        // fall through
    }
    throw new ValidationError(file, 'is not a file bus offset ({"offset":N,"acked":[…]}); delete it to start the group over');
}
//# sourceMappingURL=file.js.map