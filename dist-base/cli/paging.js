import { decodeCursor, decodeRunCursor, encodeCursor, encodeRunCursor } from '../model/cursor.js';
/** Newest first; `cursor` continues after the page that gave it. */
export async function taskPage(tf, filter, limit, cursor) {
    const beforeId = cursor === undefined ? undefined : decodeCursor(cursor, /^\d{1,19}$/, '--cursor');
    const rows = await tf.engine.list({ ...filter, ...(beforeId ? { beforeId } : {}), limit: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}
/** Every matching task, newest first, a page at a time. */
export async function* allTasks(tf, filter, pageSize = 1000) {
    let cursor;
    for (;;) {
        const page = await taskPage(tf, filter, pageSize, cursor);
        if (page.items.length)
            yield page.items;
        if (!page.next)
            return;
        cursor = page.next;
    }
}
/**
 * How many tasks match, from the per-queue counts the store keeps (cheap), or null when a
 * filter they cannot answer (a name) is given.
 */
export async function countTasks(tf, filter) {
    if (filter.name !== undefined || filter.runId !== undefined || filter.parentId !== undefined)
        return null;
    let total = 0;
    for (const q of await tf.engine.queues.counts()) {
        if (filter.queue !== undefined && q.queue !== filter.queue)
            continue;
        for (const [state, n] of Object.entries(q.counts))
            if (!filter.states || filter.states.includes(state))
                total += n ?? 0;
    }
    return total;
}
/** Runs, newest first; `cursor` continues after the page that gave it (runs created in the same millisecond are neither skipped nor shown twice). */
export async function runPage(tf, filter, limit, cursor) {
    const before = cursor === undefined ? undefined : decodeRunCursor(cursor, '--cursor');
    const rows = await tf.engine.runs.list({ ...filter, ...(before ? { before } : {}), limit: limit + 1 });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? encodeRunCursor(last) : null };
}
const ID_CHUNK = 5000;
const EVENT_PAGE = 2000;
export async function* allEvents(tf, taskIds) {
    const streams = [];
    for (let i = 0; i < taskIds.length; i += ID_CHUNK)
        streams.push({ ids: taskIds.slice(i, i + ID_CHUNK), buffer: [], afterId: undefined, done: false });
    const refill = async (s) => {
        if (s.buffer.length > 0 || s.done)
            return;
        const page = await tf.engine.events(s.ids, EVENT_PAGE, s.afterId);
        s.buffer = page;
        if (page.length)
            s.afterId = page[page.length - 1].id;
        if (page.length < EVENT_PAGE)
            s.done = true;
    };
    for (;;) {
        await Promise.all(streams.map(refill));
        const out = [];
        while (out.length < EVENT_PAGE) {
            let best = null;
            for (const s of streams)
                if (s.buffer.length && (!best || BigInt(s.buffer[0].id) < BigInt(best.buffer[0].id)))
                    best = s;
            if (!best)
                break;
            out.push(best.buffer.shift());
            // A drained buffer must be refilled before anything later can be known to come next.
            if (best.buffer.length === 0 && !best.done)
                break;
        }
        if (out.length === 0)
            return;
        yield out;
    }
}
/**
 * A table printed as rows arrive: column widths come from the header and the first batch, and a
 * longer cell later pushes its row out rather than holding the whole output back.
 */
export class StreamTable {
    header;
    write;
    widths = null;
    constructor(header, write) {
        this.header = header;
        this.write = write;
    }
    rows(rows) {
        if (!this.widths) {
            const all = [this.header, ...rows];
            this.widths = this.header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
            this.line(this.header);
        }
        for (const r of rows)
            this.line(r);
    }
    line(r) {
        this.write(r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(this.widths[c]))).join('  '));
    }
}
//# sourceMappingURL=paging.js.map