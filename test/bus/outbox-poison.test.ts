/**
 * The outbox and a message the broker will never take (issue 14, item 18). A done message of
 * 1.2 MB (over the broker's 1 MiB) is dead-lettered with its reason, a log line and a count,
 * and the messages behind it are published once each; a restarted outbox publishes nothing
 * again. Against real brokers configured with a 1 MiB limit: the shared NATS server (its
 * default max_payload), a private RabbitMQ node (max_message_size = 1 MiB) and a private Redis
 * (proto-max-bulk-len 1mb). The file bus has no limit: the same message just goes through.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { openBus } from '../../src/bus/open.js';
import { Outbox, type OutboxDeadLetter } from '../../src/bus/outbox.js';
import { compareFeedPositions } from '../../src/model/feed.js';
import type { Task } from '../../src/model/task.js';
import { Taskframe } from '../../src/taskframe.js';
import { IN_CI, serviceAvailable } from '../helpers/services.js';
import { freshSqlite, tempDir } from '../helpers/stores.js';
import { RABBITMQ_SERVER, startPrivateRabbit, startPrivateRedis } from './brokers.js';
import { collect, dropTopics, uniqueTopic } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch((e) => console.error(e));
});
afterAll(() => dropTopics());

/** A result that makes a done message of about 1.2 MB (the result is both `msg` and `output`). */
const BIG_RESULT = 'x'.repeat(600_000);

function binaryAvailable(what: string, file: string): boolean {
  if (fs.existsSync(file)) return true;
  if (IN_CI) throw new Error(`${what} (${file}) is not installed (required in CI)`);
  console.warn(`NOTICE: skipping a test that needs ${what}: ${file} is not installed`);
  return false;
}

/** Log lines, parsed, for asserting what an operator sees. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
        done();
      },
    }),
  );
  return { logger, lines };
}

async function setup(busUrl: string) {
  const ts = await freshSqlite();
  const tf = await Taskframe.open({ store: ts.store });
  const bus = await openBus(busUrl);
  cleanups.push(async () => {
    await bus.close();
    await tf.close();
    await ts.cleanup();
  });
  return { tf, bus };
}

/** Runs one task to success with `result`, by hand (claim + complete), so the feed's order is this call order. */
async function finish(tf: Taskframe, result: unknown): Promise<Task> {
  const t = await tf.enqueue('report.build', { type: 'report.build', task: `r${Date.now()}`, created: '2026-01-01' }, { queue: 'poison', maxAttempts: 1 });
  const [c] = await tf.engine.claim({ queues: ['poison'], workerId: 'w', limit: 1, leaseMs: 60_000 });
  expect(c!.id).toBe(t.id);
  await tf.engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: result as never });
  return t;
}

/** Resolves when the outbox's durable cursor has reached feed position `position`; rejects after `timeoutMs` (a jammed outbox never gets there). */
function advancedPast(outbox: Outbox, position: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      outbox.off('advanced', on);
      reject(new Error(`the outbox's cursor did not pass feed position ${position} within ${timeoutMs} ms (stats ${JSON.stringify(outbox.stats)})`));
    }, timeoutMs);
    const on = (cursor: string) => {
      if (compareFeedPositions(cursor, position) < 0) return;
      clearTimeout(timer);
      outbox.off('advanced', on);
      resolve();
    };
    outbox.on('advanced', on);
  });
}

function newOutbox(tf: Taskframe, bus: Bus, doneTopic: string, logger = capturedLogger().logger) {
  // A 50 ms first retry keeps the RabbitMQ case (whose first refusal fails its neighbours too) quick.
  return new Outbox({ bus, engine: tf.engine, doneTopic, name: doneTopic, from: 'beginning', retryDelayMs: 50, logger });
}

/**
 * The scenario on one bus: small, BIG, small, small finish in that order. With a limit, BIG is
 * dead-lettered and the rest published once each; without, all four are published. Then the
 * outbox is restarted and one more task finishes: only that one is published.
 */
async function scenario(busUrl: string, o: { limited: boolean; lostConfirms?: boolean }) {
  const limited = o.limited;
  const { tf, bus } = await setup(busUrl);
  const doneTopic = uniqueTopic('poison-done');
  const deadTopic = `${doneTopic}.dead`;
  const done = await collect(bus, doneTopic, { group: 'inspect' });
  const dead = await collect(bus, deadTopic, { group: 'inspect' });
  const tasks = [await finish(tf, 'first'), await finish(tf, BIG_RESULT), await finish(tf, 'third'), await finish(tf, 'fourth')];
  const big = tasks[1]!;
  const end = await tf.engine.eventFeedEnd();

  const log = capturedLogger();
  const outbox = newOutbox(tf, bus, doneTopic, log.logger);
  const letters: OutboxDeadLetter[] = [];
  outbox.on('dead', (l) => letters.push(l));
  const confirmed: string[] = [];
  outbox.on('published', (m) => confirmed.push(m.id));
  const passed = advancedPast(outbox, end);
  outbox.start();
  cleanups.push(() => outbox.stop());
  await passed;
  await done.c.count(limited ? 3 : 4);
  await outbox.stop();

  // Each message is confirmed once: none is sent again after its confirm.
  expect(confirmed.length - new Set(confirmed).size, `confirmed twice: ${confirmed}`).toBe(0);
  const doneIds = done.c.messages.map((m) => m.id);
  expect(new Set(doneIds)).toEqual(new Set(confirmed.filter((id) => id.startsWith('done:'))));
  // RabbitMQ answers the big message by closing the channel: a message sent just before it may be
  // stored with its confirm lost, so it is sent again (same id; consumers dedupe by id).
  if (!o.lostConfirms) expect(doneIds.length - new Set(doneIds).size, `delivered twice: ${doneIds}`).toBe(0);
  // The big one by name: a failing assertion must not print 1.2 MB.
  const published = done.c.messages.map((m) => JSON.parse(m.data.toString()) as { msg: string }).map((d) => (d.msg === BIG_RESULT ? 'BIG' : d.msg));
  if (limited) {
    expect([...new Set(published)].sort()).toEqual(['first', 'fourth', 'third']);
    expect(outbox.stats).toMatchObject({ published: 3, deadLettered: 1 });
    await dead.c.count(1);
    const letter = JSON.parse(dead.c.messages[0]!.data.toString()) as OutboxDeadLetter;
    expect(letter).toMatchObject({ reason: 'too_large', topic: doneTopic, taskId: big.id, truncated: true });
    expect(letter.messageId).toMatch(new RegExp(`^done:${big.id}:\\d+$`));
    expect(letter.size).toBeGreaterThan(1_048_576);
    expect(Buffer.byteLength(letter.body)).toBe(4096);
    expect(letter.error).toMatch(/1048576/);
    expect(letters).toEqual([letter]);
    expect(dead.c.messages[0]!.id).toBe(`dead:${letter.messageId}`);
    const warned = log.lines.filter((l) => l.msg === 'message refused by the broker for good; dead-lettered');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ reason: 'too_large', messageId: letter.messageId, deadTopic });
  } else {
    expect(published.sort()).toEqual(['BIG', 'first', 'fourth', 'third']);
    expect(outbox.stats.deadLettered).toBe(0);
  }

  // A restarted outbox (a bridge restart) starts after all of it: only the new task's message goes out.
  const again = newOutbox(tf, bus, doneTopic);
  const fifth = await finish(tf, 'fifth');
  const passedAgain = advancedPast(again, await tf.engine.eventFeedEnd());
  again.start();
  cleanups.push(() => again.stop());
  await passedAgain;
  await done.c.until(() => done.c.messages.some((m) => m.id.startsWith(`done:${fifth.id}:`)), 15_000, 'the fifth done message');
  await again.stop();
  expect(again.stats).toMatchObject({ published: 1, deadLettered: 0 });
  expect(new Set(done.c.messages.map((m) => m.id)).size).toBe(limited ? 4 : 5);
  expect(done.c.messages.length).toBe(doneIds.length + 1);
}

describe('outbox: a message the broker refuses for good is dead-lettered and the stream moves on', () => {
  it('NATS JetStream (the server\'s 1 MiB max_payload)', async (ctx) => {
    if (!(await serviceAvailable('NATS', '127.0.0.1', 4222))) return ctx.skip();
    await scenario('nats://127.0.0.1:4222', { limited: true });
  });

  it('RabbitMQ (a private node with max_message_size = 1 MiB)', async (ctx) => {
    if (!binaryAvailable('RabbitMQ', RABBITMQ_SERVER)) return ctx.skip();
    const rabbit = await startPrivateRabbit(['max_message_size = 1048576']);
    cleanups.push(() => rabbit.dispose());
    await scenario(rabbit.url, { limited: true, lostConfirms: true });
  });

  it('Redis Streams (a private server with proto-max-bulk-len 1mb)', async (ctx) => {
    if (!(await serviceAvailable('Redis', '127.0.0.1', 6379))) return ctx.skip();
    const redis = await startPrivateRedis(['--proto-max-bulk-len', '1mb']);
    cleanups.push(() => redis.dispose());
    await scenario(redis.url, { limited: true });
  });

  it('file bus (no limit: the 1.2 MB message is published like any other)', async () => {
    await scenario(`file:${tempDir('taskframe-bus-')}/bus`, { limited: false });
  });
});
