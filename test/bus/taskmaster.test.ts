/**
 * Taskmaster rules end to end: on the store's event feed, and over a bus (done topic in, task
 * topic out, ingress back into the store). A done message seen twice creates its follow-up once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Ingress } from '../../src/bus/ingress.js';
import { openBus } from '../../src/bus/open.js';
import { Outbox } from '../../src/bus/outbox.js';
import { parseRules } from '../../src/bus/rules.js';
import { BusTaskmaster, StoreTaskmaster } from '../../src/bus/taskmaster.js';
import { createLogger } from '../../src/logger.js';
import { Taskframe } from '../../src/taskframe.js';
import type { Task } from '../../src/model/task.js';
import { freshSqlite, tempDir } from '../helpers/stores.js';

const rules = parseRules(`rules:
  - name: mail
    when: { type: report.build, result: complete }
    create: { name: report.email, payload: { report: "{{task}}", pages: "{{output.pages}}" } }
  - name: alert
    when: { type: report.build, result: error }
    create: { name: report.alert, payload: { why: "{{msg}}" } }
`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const ts = await freshSqlite();
  const tf = await Taskframe.open({ store: ts.store, logger: createLogger({ level: 'silent' }) });
  cleanups.push(async () => {
    await tf.close();
    await ts.cleanup();
  });
  return { ts, tf };
}

async function runReports(tf: Taskframe) {
  await tf.enqueue('report.build', { type: 'report.build', task: 'r1', created: '2026-01-01' }, { maxAttempts: 1 });
  await tf.enqueue('report.build', { type: 'report.build', task: 'boom', created: '2026-01-01' }, { maxAttempts: 1 });
  const w = tf
    .worker({
      handlers: {
        'report.build': async (p: { task: string }) => {
          if (p.task === 'boom') throw new Error('no paper');
          return { pages: 3 };
        },
      },
      maintenance: false,
    })
    .start();
  cleanups.push(() => w.stop());
}

async function followUpsNow(tf: Taskframe): Promise<Task[]> {
  return (await tf.engine.list({ limit: 100 })).filter((t) => t.name !== 'report.build');
}

/** Waits until at least n follow-ups exist. */
async function followUps(tf: Taskframe, n: number): Promise<Task[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const f = await followUpsNow(tf);
    if (f.length >= n) return f;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} follow-up tasks (have ${f.length})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('taskmaster rules', () => {
  it('on the store: follow-ups created once, also when the feed is read again', async () => {
    const { tf } = await setup();
    const tm = new StoreTaskmaster({ engine: tf.engine, rules, name: 'test', pollIntervalMs: 10 });
    await tm.runOnce(); // positions the cursor at the feed's end before anything happens
    tm.start();
    cleanups.push(() => tm.stop());
    await runReports(tf);
    const f = await followUps(tf, 2);
    expect(f.map((t) => [t.name, t.payload]).sort()).toEqual([
      ['report.alert', { why: 'no paper' }],
      ['report.email', { report: 'r1', pages: 3 }],
    ]);
    // Rewind the cursor: the same done events are read again, and create nothing new.
    await tm.stop();
    await tf.engine.cursors.set(tm.cursorName, '0');
    const again = new StoreTaskmaster({ engine: tf.engine, rules, name: 'test' });
    let created = 0;
    again.on('created', (_r, _t, c) => (created += c ? 1 : 0));
    while ((await again.runOnce()) > 0);
    expect(created).toBe(0);
    expect(await followUpsNow(tf)).toHaveLength(2);
  });

  it('over the bus: done topic -> rules -> task topic -> ingress; a repeated done message creates nothing twice', async () => {
    const { tf } = await setup();
    const bus = await openBus(`file:${tempDir('taskframe-bus-')}/bus`);
    cleanups.push(() => bus.close());
    const outbox = new Outbox({ bus, engine: tf.engine, doneTopic: 'done', from: 'beginning', pollIntervalMs: 10 }).start();
    cleanups.push(() => outbox.stop());
    const tm = await new BusTaskmaster({ bus, rules, doneTopic: 'done', tasksTopic: 'tasks' }).start();
    cleanups.push(() => tm.stop());
    const ingress = await new Ingress({ bus, engine: tf.engine, topic: 'tasks' }).start();
    cleanups.push(() => ingress.stop());
    await runReports(tf);
    const f = await followUps(tf, 2);
    expect(f.map((t) => t.name).sort()).toEqual(['report.alert', 'report.email']);
    expect(f.find((t) => t.name === 'report.email')!.payload).toEqual({ report: 'r1', pages: 3 });
    // The same done message again (as a redelivery would bring it).
    const email = f.find((t) => t.name === 'report.email')!;
    const doneId = email.dedupKey!.replace(/^rule:mail:/, '');
    const built = (await tf.engine.list({ limit: 100, name: 'report.build' })).find((t) => (t.payload as { task: string }).task === 'r1')!;
    await bus.publish('done', JSON.stringify({ type: 'report.build', task: 'r1', result: 'complete', output: { pages: 3 }, id: built.id }), { id: doneId });
    const again = await new Promise<boolean>((resolve) => ingress.once('task', (_t, created) => resolve(created)));
    expect(again).toBe(false);
    expect(await followUpsNow(tf)).toHaveLength(2);
  });
});
