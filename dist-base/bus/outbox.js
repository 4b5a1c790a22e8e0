/**
 * Egress: publishes what happens in the store to the bus, driven by the store's event feed and
 * a durable cursor (the transactional-outbox pattern without a second table: the event log
 * already is one).
 *
 * - Every finishing event (succeeded, failed, cancelled, skipped) becomes a done message in
 *   seed-000 format on `doneTopic`; optionally every event goes to `eventsTopic`.
 * - The cursor moves only past events whose messages are settled: confirmed by the broker, or
 *   dead-lettered. A bus that is down stops the cursor; when it returns, publishing resumes
 *   where it stopped: nothing is lost.
 * - A message the broker refuses for good (`MessageRejectedError`: too large, rejected) cannot
 *   hold the stream: it goes to `deadTopic` with the reason (and a log line, the `dead` event,
 *   `stats.deadLettered`), and the outbox moves on.
 * - Any other failure is the broker's (away, overloaded): the messages not yet confirmed are
 *   sent again after a backoff that doubles up to `maxRetryDelayMs`. Only those: a message the
 *   broker confirmed is never sent again by this outbox, nor by one restarted from its cursor
 *   (the cursor also records what is confirmed beyond its position, see outbox-cursor.ts).
 * - Order per task: a task's messages are published one after another (each waits for the
 *   previous one's confirm, and a failed one is retried before the next is sent). Different
 *   tasks are published concurrently, and reading goes on while confirms are outstanding (a
 *   sliding window of `maxWindow` events), so the lag stays near one broker round trip.
 * - Stable ids (`done:<task>:<event>`, `event:<event>`): a crash between a confirm and the next
 *   cursor write (at most `commitIntervalMs`) publishes those messages again with the same id;
 *   consumers dedupe by id (JetStream and the ingress of another taskframe do it for them).
 * - Two outboxes with the same name are safe (compare-and-set on the cursor) but wasteful.
 *
 * Retention must keep events longer than the longest bus outage you want to ride out.
 */
import { EventEmitter } from 'node:events';
import { createLogger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import { isBookkeeping } from '../model/step.js';
import { MessageRejectedError, validateTopic } from './bus.js';
import { doneMessage, eventMessage, isFinishingEvent } from './formats.js';
import { formatOutboxCursor, parseOutboxCursor } from './outbox-cursor.js';
import { OUTBOX_CURSOR_PREFIX } from './follower-lag.js';
import { compareFeedPositions, FEED_START } from '../model/feed.js';
/** Ids of messages settled beyond the cursor's event kept in the cursor, at most (any more may be sent again after a restart). */
const AHEAD_MAX = 5_000;
const DEAD_BODY_BYTES = 4096;
export class Outbox extends EventEmitter {
    o;
    cursorName;
    deadTopic;
    stats = { published: 0, deadLettered: 0, rounds: 0, failures: 0 };
    /** Durable position: every event up to here has all its messages settled. */
    committed = null;
    /** The cursor's value as last read or written (for compare-and-set). */
    saved = null;
    /** From the cursor: messages settled before a restart, beyond `committed`; skipped when read again. */
    publishedAhead = new Set();
    /** Messages settled beyond `committed` while it was held, recorded in the cursor until it passes them. */
    settledAhead = new Set();
    /** Events read (and being published) up to here. */
    readCursor = null;
    /** Events read and not yet committed, in feed order. */
    window = [];
    /** Each task's messages not yet settled, in order; its pump sends them one at a time. */
    queues = new Map();
    pumps = new Map();
    /** A transient publish failure: pumps stop until the backoff is over. */
    failure = null;
    /** Which retry round the failure's publish was sent in (see `round`). */
    failureRound = 0;
    failuresInARow = 0;
    /** Counts resumes: a publish sent before the last one that fails only now is old news. */
    round = 0;
    halted = false;
    committing = null;
    commitAgain = false;
    lastCommitAt = 0;
    commitTimer = null;
    commitIntervalMs;
    maxWindow;
    running = false;
    loop = null;
    /** Cuts the loop's current wait short (a settled message, a failure). */
    wake = null;
    /** Cuts any wait short, a backoff too (stop). */
    stopWake = null;
    log;
    constructor(o) {
        super();
        this.o = o;
        if (!o.doneTopic && !o.eventsTopic)
            throw new ValidationError('out', 'give a done topic, an events topic or both');
        if (o.doneTopic)
            validateTopic(o.doneTopic, 'out');
        if (o.eventsTopic)
            validateTopic(o.eventsTopic, 'events');
        this.deadTopic = validateTopic(o.deadTopic ?? `${o.doneTopic ?? o.eventsTopic}.dead`, 'dead');
        if (o.from !== undefined && o.from !== 'end' && o.from !== 'beginning')
            throw new ValidationError('from', `must be "end" or "beginning", got ${JSON.stringify(o.from)}`);
        this.cursorName = `${OUTBOX_CURSOR_PREFIX}${o.name ?? 'default'}`;
        this.maxWindow = o.maxWindow ?? 10_000;
        this.commitIntervalMs = o.commitIntervalMs ?? 100;
        this.log = (o.logger ?? createLogger()).child({ component: 'bus-outbox', outbox: this.cursorName });
    }
    /** Reads the cursor, creating it (at the feed's end or beginning) on first use. */
    async loadCursor() {
        let raw = await this.o.engine.cursors.get(this.cursorName);
        if (raw === null) {
            const start = this.o.from === 'beginning' ? FEED_START : await this.o.engine.eventFeedEnd();
            raw = (await this.o.engine.cursors.compareAndSet(this.cursorName, null, start)) ? start : (await this.o.engine.cursors.get(this.cursorName));
        }
        const p = parseOutboxCursor(raw, this.cursorName);
        this.saved = raw;
        this.committed = this.readCursor = p.after;
        this.publishedAhead = new Set(p.published);
    }
    /**
     * Reads the next events after what was already read and hands their messages to the tasks'
     * pumps; returns how many events it read. Reading goes on while earlier messages wait for
     * their confirms (up to `maxWindow` events), which keeps the lag near one broker round trip.
     */
    async readMore() {
        if (this.committed === null)
            await this.loadCursor();
        const room = this.maxWindow - this.window.length;
        if (room <= 0 || this.failure)
            return 0;
        const events = await this.o.engine.eventFeed({ after: this.readCursor, limit: Math.min(room, this.o.batchSize ?? 1000) });
        if (events.length === 0)
            return 0;
        this.stats.rounds++;
        const slots = new Map(events.map((e) => [e.id, { eventId: e.id, position: e.position, remaining: 0, settled: [] }]));
        const outgoing = await this.messagesFor(events, slots);
        // Into the window only now, with their counts: a commit during the await above must not pass them.
        this.window.push(...slots.values());
        const touched = new Set();
        for (const m of outgoing) {
            // Confirmed before a restart, while an earlier message held the cursor: not again.
            if (this.publishedAhead.delete(m.id)) {
                m.slot.settled.push(m.id);
                this.settledAhead.add(m.id);
                continue;
            }
            m.slot.remaining++;
            let q = this.queues.get(m.taskId);
            if (!q)
                this.queues.set(m.taskId, (q = []));
            q.push(m);
            touched.add(m.taskId);
        }
        this.readCursor = events[events.length - 1].position;
        for (const taskId of touched)
            this.pump(taskId);
        return events.length;
    }
    /** Sends a task's queued messages one after another; stops at a transient failure (the rest wait for the retry). */
    pump(taskId) {
        if (this.pumps.has(taskId) || this.failure || this.halted)
            return;
        const run = async () => {
            await null; // runs after pumps.set below, so the bookkeeping at the end is never undone
            const q = this.queues.get(taskId);
            while (q && q.length > 0 && !this.failure && !this.halted) {
                if (!(await this.deliver(q[0])))
                    break;
                const m = q.shift();
                m.slot.remaining--;
                m.slot.settled.push(m.id);
                if (m.slot.remaining === 0)
                    this.wake?.();
            }
            // Synchronously with the last check: readMore either sees this pump running (and its loop
            // takes the new message) or sees it gone (and starts another).
            this.pumps.delete(taskId);
            if (q && q.length === 0)
                this.queues.delete(taskId);
        };
        this.pumps.set(taskId, run());
    }
    /** After a backoff: every task with messages waiting gets its pump back. */
    resume() {
        this.round++;
        for (const taskId of this.queues.keys())
            this.pump(taskId);
    }
    async drainPumps() {
        while (this.pumps.size > 0)
            await Promise.all([...this.pumps.values()]);
    }
    /** Publishes one message; true when it is settled (confirmed or dead-lettered), false on a transient failure. */
    async deliver(m) {
        const round = this.round;
        try {
            await this.o.bus.publish(m.topic, m.body, { id: m.id });
        }
        catch (err) {
            if (err instanceof MessageRejectedError)
                return this.deadLetter(m, err);
            m.failed = true;
            this.fail(err, round);
            return false;
        }
        this.stats.published++;
        // The backoff starts over once a message that failed goes through (not on any success: with
        // one topic down, the others' successes must not turn the retries into a busy loop).
        if (m.failed)
            this.failuresInARow = 0;
        if (this.listenerCount('published') > 0)
            this.emit('published', { topic: m.topic, id: m.id, taskId: m.taskId, eventId: m.slot.eventId, size: Buffer.byteLength(m.body) });
        return true;
    }
    fail(err, round) {
        if (this.failure === null) {
            this.failure = err instanceof Error ? err : new Error(String(err));
            this.failureRound = round;
        }
        this.wake?.();
    }
    /** A message the broker will never take: its letter goes to the dead-letter topic, and the stream moves on. */
    async deadLetter(m, rejected) {
        const bytes = Buffer.from(m.body);
        const truncated = bytes.length > DEAD_BODY_BYTES;
        const letter = {
            reason: rejected.reason,
            error: rejected.message,
            topic: m.topic,
            messageId: m.id,
            taskId: m.taskId,
            eventId: m.slot.eventId,
            size: bytes.length,
            at: new Date(this.o.engine.clock.now()).toISOString(),
            body: (truncated ? bytes.subarray(0, DEAD_BODY_BYTES) : bytes).toString('utf8'),
            truncated,
        };
        try {
            await this.o.bus.publish(this.deadTopic, JSON.stringify(letter), { id: `dead:${m.id}`, headers: { reason: letter.reason } });
        }
        catch (err) {
            if (!(err instanceof MessageRejectedError)) {
                // The broker is failing now, not the letter: the message is tried again after the backoff.
                m.failed = true;
                this.fail(err, this.round);
                return false;
            }
            // Refused too (a dead-letter topic with a tiny limit): holding the stream would help nobody; this line is the record.
            this.log.error({ ...letter, body: undefined, deadTopic: this.deadTopic, deadError: err.message }, 'message refused by the broker for good, and its dead letter too; dropped');
        }
        const { body: _body, ...fields } = letter;
        this.stats.deadLettered++;
        this.log.warn({ ...fields, deadTopic: this.deadTopic }, 'message refused by the broker for good; dead-lettered');
        this.emit('dead', letter);
        return true;
    }
    /**
     * Commits in the background, one cursor write at a time: the read loop never waits on a store
     * write (which queues behind the engine's batches), so reading and publishing keep going.
     */
    kickCommit() {
        // A cursor write is a store write: at most one per commitIntervalMs (a crash repeats at most
        // that much, with the same ids), so it never competes with the engine's batches for the lock.
        const since = Date.now() - this.lastCommitAt;
        if (since < this.commitIntervalMs) {
            this.commitTimer ??= setTimeout(() => {
                this.commitTimer = null;
                this.kickCommit();
            }, this.commitIntervalMs - since);
            return;
        }
        if (this.committing) {
            this.commitAgain = true;
            return;
        }
        this.lastCommitAt = Date.now();
        this.committing = this.commit()
            .catch((err) => this.log.warn({ err }, 'outbox cursor write failed; trying again'))
            .finally(() => {
            this.committing = null;
            if (this.commitAgain) {
                this.commitAgain = false;
                this.kickCommit();
            }
        });
    }
    async settleCommits() {
        while (this.committing)
            await this.committing;
    }
    /**
     * Moves the durable cursor past every event at the front of the window whose messages are
     * settled. While the front is held (a message waits for the broker), the messages settled beyond it are recorded in the cursor too, so a restart
     * does not send them again.
     */
    async commit() {
        if (this.committed === null)
            return;
        let next = this.committed;
        let n = 0;
        while (n < this.window.length && this.window[n].remaining === 0)
            next = this.window[n++].position;
        for (const s of this.window.splice(0, n))
            for (const id of s.settled)
                this.settledAhead.delete(id);
        // Held: the front did not move, or a failure is being retried (this commit may be a stop's).
        if (n === 0 || this.failuresInARow > 0) {
            hold: for (const s of this.window) {
                for (const id of s.settled) {
                    if (this.settledAhead.size >= AHEAD_MAX)
                        break hold;
                    this.settledAhead.add(id);
                }
            }
        }
        const ahead = [...this.settledAhead, ...this.publishedAhead].slice(0, AHEAD_MAX);
        const value = formatOutboxCursor({ after: next, published: ahead });
        this.committed = next;
        if (value === this.saved)
            return;
        const prev = this.saved;
        this.saved = value;
        if (!(await this.o.engine.cursors.compareAndSet(this.cursorName, prev, value))) {
            // Another outbox of the same name moved it: keep whichever is further (nothing we had not published is skipped).
            const theirs = await this.o.engine.cursors.get(this.cursorName);
            if (theirs === null || compareFeedPositions(parseOutboxCursor(theirs, this.cursorName).after, next) < 0)
                await this.o.engine.cursors.set(this.cursorName, value);
            else
                this.saved = theirs;
        }
        if (n > 0)
            this.emit('advanced', next, n);
    }
    /**
     * The wait before sending again after the failure in hand: doubles with each failure in a row.
     * A failure of a publish sent before the last retry (a confirm that timed out only now) does
     * not double it: the retry it would answer has not failed yet.
     */
    nextRetryDelay() {
        const first = this.o.retryDelayMs ?? 500;
        const max = Math.max(first, this.o.maxRetryDelayMs ?? 30_000);
        const stale = this.failureRound < this.round;
        const delay = Math.min(first * 2 ** Math.min(Math.max(0, this.failuresInARow - (stale ? 1 : 0)), 30), max);
        if (!stale)
            this.failuresInARow++;
        return delay;
    }
    /**
     * One full round, for tests and scripts: send what an earlier round could not, read a batch,
     * publish it, wait for every confirm, move the cursor. Returns the number of events read;
     * throws when a publish failed (what was not confirmed is sent by the next call).
     */
    async runOnce() {
        this.failure = null;
        this.resume();
        const n = await this.readMore();
        await this.drainPumps();
        await this.settleCommits();
        await this.commit();
        const err = this.failure;
        if (err) {
            this.failure = null;
            this.stats.failures++;
            throw err;
        }
        return n;
    }
    async messagesFor(events, slots) {
        const out = [];
        const tasks = new Map();
        if (this.o.doneTopic) {
            const ids = [...new Set(events.filter(isFinishingEvent).map((e) => e.taskId))];
            await Promise.all(ids.map(async (id) => tasks.set(id, await this.o.engine.find(id))));
        }
        for (const e of events) {
            const slot = slots.get(e.id);
            if (this.o.eventsTopic)
                out.push({ slot, taskId: e.taskId, topic: this.o.eventsTopic, id: `event:${e.id}`, body: JSON.stringify(eventMessage(e)) });
            if (this.o.doneTopic && isFinishingEvent(e)) {
                const task = tasks.get(e.taskId);
                if (!task) {
                    this.log.warn({ taskId: e.taskId, eventId: e.id }, 'finished task no longer in the store (purged); no done message');
                    continue;
                }
                // A workflow run's bookkeeping (its finishing task, fail fast) is no task of the user's.
                if (isBookkeeping(task))
                    continue;
                out.push({ slot, taskId: e.taskId, topic: this.o.doneTopic, id: `done:${e.taskId}:${e.id}`, body: JSON.stringify(doneMessage(task, e)) });
            }
        }
        return out;
    }
    start() {
        if (this.running)
            return this;
        this.running = true;
        this.halted = false;
        this.resume();
        this.loop = this.run();
        return this;
    }
    async run() {
        while (this.running) {
            let wait = this.o.pollIntervalMs ?? 10;
            let backoff = false;
            if (this.failure) {
                const err = this.failure;
                wait = this.nextRetryDelay();
                backoff = true;
                this.stats.failures++;
                this.log.warn({ err, retryInMs: wait }, 'outbox publishing failed; what is not confirmed is sent again after the wait');
                // Only when someone listens: an unheard 'error' event would throw and end the loop.
                if (this.listenerCount('error') > 0)
                    this.emit('error', err, wait);
            }
            else {
                try {
                    const n = await this.readMore();
                    this.kickCommit();
                    if (n >= (this.o.batchSize ?? 1000))
                        wait = 0;
                }
                catch (err) {
                    // The store is failing (reading the feed or the cursor): the messages are safe in it.
                    this.log.warn({ err }, 'outbox could not read the event feed; trying again');
                    if (this.listenerCount('error') > 0)
                        this.emit('error', err, this.o.retryDelayMs ?? 500);
                    wait = this.o.retryDelayMs ?? 500;
                }
            }
            if (wait > 0 && this.running) {
                await new Promise((r) => {
                    const t = setTimeout(r, wait);
                    const cut = () => {
                        clearTimeout(t);
                        r();
                    };
                    // A backoff is cut short only by stop(); a poll wait also by a settled message or a failure.
                    this.wake = backoff ? null : cut;
                    this.stopWake = cut;
                });
                this.wake = null;
                this.stopWake = null;
            }
            if (backoff) {
                this.failure = null;
                this.resume();
            }
        }
        // Stopping: let what is in flight land and record it.
        this.halted = true;
        await this.drainPumps();
        if (this.commitTimer)
            clearTimeout(this.commitTimer);
        this.commitTimer = null;
        await this.settleCommits();
        await this.commit().catch((err) => this.log.warn({ err }, 'outbox cursor write failed at stop'));
    }
    async stop() {
        this.running = false;
        this.stopWake?.();
        await this.loop;
        this.loop = null;
    }
}
//# sourceMappingURL=outbox.js.map