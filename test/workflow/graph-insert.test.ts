import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
afterEach(async () => ts?.cleanup());

describe('engine.enqueueGraph: a graph in one transaction, dependencies by position', () => {
  it('links nodes to earlier nodes of the same call, even when other inserts share the transaction', async () => {
    ts = await freshSqlite();
    const engine = new Engine({ store: ts.store });
    const [x, graph, y] = await Promise.all([
      engine.enqueue('x'),
      engine.enqueueGraph([{ spec: { name: 'a' } }, { spec: { name: 'b' }, after: [0] }, { spec: { name: 'c' }, after: [0, 1] }]),
      engine.enqueue('y'),
    ]);
    expect(engine.writeStats.transactions).toBe(1);
    const [a, b, c] = graph;
    expect([a!.state, b!.state, c!.state]).toEqual(['pending', 'blocked', 'blocked']);
    const deps = await ts.store.taskDepsList({ taskIds: [b!.id, c!.id] });
    expect(deps.sort((p, q) => Number(p.taskId) - Number(q.taskId) || Number(p.depId) - Number(q.depId))).toEqual([
      { taskId: b!.id, depId: a!.id },
      { taskId: c!.id, depId: a!.id },
      { taskId: c!.id, depId: b!.id },
    ]);
    expect([x.id, y.id]).not.toContain(a!.id);
  });

  it('rejects a reference to itself or a later node, and inserts nothing', async () => {
    ts = await freshSqlite();
    const engine = new Engine({ store: ts.store });
    await expect(engine.enqueueGraph([{ spec: { name: 'a' }, after: [1] }, { spec: { name: 'b' } }])).rejects.toThrow(ValidationError);
    await expect(engine.enqueueGraph([{ spec: { name: 'a' } }, { spec: { name: 'b' }, after: [1] }])).rejects.toThrow('tasks[1].after[0]');
    await expect(engine.enqueueGraph([{ spec: { name: 'a' } }, { spec: { name: 'b', dependsOn: ['999'] }, after: [0] }])).rejects.toThrow(/999/);
    expect(await ts.store.taskList({ limit: 10 })).toEqual([]);
  });
});
