/**
 * The outbox when the broker fails for a while (not the message's fault): it holds, retries
 * with a backoff that doubles, dead-letters nothing, and never sends a confirmed message again,
 * also after a restart in the middle of the failure. The failure is real: on the file bus the
 * done topic's file is made a directory, so every append to it fails (EISDIR) while the events
 * topic keeps working; removing the directory is the broker coming back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { createLogger } from '../../src/logger.js';
import type { Task } from '../../src/model/task.js';
import { Taskframe } from '../../src/taskframe.js';
import { freshSqlite, tempDir } from '../helpers/stores.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch((e) => console.error(e));
});

async function setup() {
  const ts = await freshSqlite();
  const tf = await Taskframe.open({ store: ts.store });
  const dir = path.join(tempDir('taskframe-bus-'), 'bus');
  const bus = await openBus(`file:${dir}`);
  cleanups.push(async () => {
    await bus.close();
    await tf.close();
    await ts.cleanup();
  });
  // The done topic cannot be written until this directory goes.
  const doneFile = path.join(dir, 'done.jsonl');
  fs.mkdirSync(doneFile);
  return { tf, bus, dir, brokerBack: () => fs.rmdirSync(doneFile) };
}

const outboxOf = (tf: Taskframe, bus: Awaited<ReturnType<typeof openBus>>) =>
  new Outbox({ bus, engine: tf.engine, doneTopic: 'done', eventsTopic: 'events', name: 'retry', from: 'beginning', retryDelayMs: 20, maxRetryDelayMs: 160, logger: createLogger({ level: 'silent' }) });

async function finishTasks(tf: Taskframe, n: number): Promise<Task[]> {
  const out: Task[] = [];
  for (let i = 0; i < n; i++) {
    await tf.enqueue('job', { i }, { queue: 'retry' });
    const [c] = await tf.engine.claim({ queues: ['retry'], workerId: 'w', limit: 1, leaseMs: 60_000 });
    await tf.engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: { i } });
    out.push(c!);
  }
  return out;
}

/** Message ids in a topic file, as many times as they were appended. */
function idsIn(dir: string, topic: string): string[] {
  const file = path.join(dir, `${topic}.jsonl`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1) // only whole lines: the last element is what follows the final newline
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

/** Resolves with the retry delays of the first `n` failures the outbox reports. */
function failures(outbox: Outbox, n: number): Promise<number[]> {
  const delays: number[] = [];
  return new Promise((resolve) => {
    const on = (_err: Error, retryInMs: number) => {
      delays.push(retryInMs);
      if (delays.length < n) return;
      outbox.off('error', on);
      resolve(delays);
    };
    outbox.on('error', on);
  });
}

function published(outbox: Outbox, topic: string, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const on = (m: { topic: string }) => {
      if (m.topic !== topic || ++seen < n) return;
      outbox.off('published', on);
      resolve();
    };
    outbox.on('published', on);
  });
}

describe('outbox: a broker failing for a while', () => {
  it('holds and retries with a doubling backoff, dead-letters nothing, and sends no confirmed message twice', async () => {
    const { tf, bus, dir, brokerBack } = await setup();
    const tasks = await finishTasks(tf, 3);
    const outbox = outboxOf(tf, bus);
    const sixFailures = failures(outbox, 6);
    const allEvents = published(outbox, 'events', 9); // created, claimed, succeeded for each of 3
    outbox.start();
    cleanups.push(() => outbox.stop());
    await allEvents;
    const delays = await sixFailures;
    expect(delays).toEqual([20, 40, 80, 160, 160, 160]);
    expect(outbox.stats.deadLettered).toBe(0);
    // Six rounds of retries of the done messages, and still one copy of each event.
    expect(idsIn(dir, 'events')).toHaveLength(9);
    expect(new Set(idsIn(dir, 'events')).size).toBe(9);

    const allDone = published(outbox, 'done', 3);
    brokerBack();
    await allDone;
    await outbox.stop();
    expect(idsIn(dir, 'done').sort()).toEqual(tasks.map((t) => expect.stringMatching(new RegExp(`^done:${t.id}:\\d+$`))).sort());
    expect(idsIn(dir, 'events')).toHaveLength(9);
    expect(outbox.stats.deadLettered).toBe(0);
  });

  it('a restart during the failure does not send again what was confirmed before it', async () => {
    const { tf, bus, dir, brokerBack } = await setup();
    await finishTasks(tf, 3);
    const first = outboxOf(tf, bus);
    const held = failures(first, 2);
    const allEvents = published(first, 'events', 9);
    first.start();
    cleanups.push(() => first.stop());
    await allEvents;
    await held;
    await first.stop();
    // The cursor is held before the first done message, and records the events confirmed beyond it.
    const cursor = JSON.parse((await tf.engine.cursors.get(first.cursorName))!) as { after: string; published: string[] };
    expect(cursor.published.filter((id) => id.startsWith('event:')).length).toBeGreaterThan(0);

    const second = outboxOf(tf, bus);
    const allDone = published(second, 'done', 3);
    second.start();
    cleanups.push(() => second.stop());
    brokerBack();
    await allDone;
    await second.stop();
    expect(second.stats.published).toBe(3); // the done messages only
    expect(idsIn(dir, 'events')).toHaveLength(9);
    expect(new Set(idsIn(dir, 'events')).size).toBe(9);
    expect(await tf.engine.cursors.get(first.cursorName)).toMatch(/^\d+$/); // everything settled: a plain position again
  });
});
