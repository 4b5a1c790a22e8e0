/**
 * `store.history` through the CLI: TASKFRAME_HISTORY reaches the store a command opens, and
 * `taskframe audit` tells the same story under `compact` as under `full` (the store-level rules
 * are in test/store/history.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { HistoryMode } from '../../src/model/history.js';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../helpers/processes.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

const open: TestStore[] = [];
afterEach(async () => {
  for (const ts of open.splice(0)) await ts.cleanup();
});

/** Enqueues with the CLI under `history`, runs the task in-process under the same mode, and returns the store-level and audit views. */
async function runOne(history: HistoryMode) {
  const ts = await freshSqlite();
  open.push(ts);
  await ts.store.close();
  const env = { TASKFRAME_HISTORY: history };
  const enq = await runCli(['--db', ts.url, 'enqueue', 'noop', '--payload', '{"n":1}', '--json'], env);
  expect(enq.code, enq.stderr).toBe(0);
  const id = String(JSON.parse(enq.stdout).id);
  const store = await openStore(ts.url, { history });
  const engine = new Engine({ store });
  try {
    const [c] = await engine.claim({ queues: ['default'], workerId: 'w1', limit: 1, leaseMs: 60_000 });
    await engine.complete({ id: c!.id, leaseToken: c!.leaseToken, result: { ok: true } });
    await engine.flush();
    const stored = (await store.eventList({ taskIds: [id], limit: 100 })).map((e) => e.type);
    const audit = await runCli(['--db', ts.url, 'audit', id, '--json'], env);
    expect(audit.code, audit.stderr).toBe(0);
    const events = (JSON.parse(audit.stdout) as Array<Record<string, unknown>>).map(({ type, attempt, workerId }) => ({ type, attempt, workerId }));
    return { stored, events };
  } finally {
    await store.close();
  }
}

describe('history modes through the CLI', () => {
  it('TASKFRAME_HISTORY=compact writes no routine event rows, and audit shows the same story as full', async () => {
    const full = await runOne('full');
    const compact = await runOne('compact');
    expect(full.stored).toEqual(['created', 'claimed', 'succeeded']);
    expect(compact.stored).toEqual([]);
    expect(compact.events).toEqual(full.events);
    expect(full.events.map((e) => e.type)).toEqual(['created', 'claimed', 'succeeded']);
  });

  it('an unknown mode is refused, naming the setting, and writes nothing', async () => {
    const ts = await freshSqlite();
    open.push(ts);
    const r = await runCli(['--db', ts.url, 'enqueue', 'noop'], { TASKFRAME_HISTORY: 'partial' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/TASKFRAME_HISTORY|history/);
    expect(await ts.store.taskList({ limit: 10 })).toEqual([]);
  });
});
