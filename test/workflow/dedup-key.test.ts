/**
 * Subtasks with a dedupKey: made from the parent's id (ctx.task.id) and the child's position,
 * a tree is whole and a parent run again inserts nothing twice. A key built from a value that is
 * not there (`${task.id}:${i}` where the handler has no `task`) is refused with a clear error:
 * it used to collapse a 21-task tree to 5 and the run succeeded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskContext } from '../../src/worker/worker.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const WORKFLOW = `name: tree
tasks:
  root: { handler: tree, payload: { depth: 2 }, retries: 0 }
`;

/** Spawns 4 children per level; `keyOf` makes each child's dedupKey. */
function tree(keyOf: (payload: { depth: number; id?: string }, ctx: TaskContext, i: number) => string) {
  return async (payload: { depth: number }, ctx: TaskContext) => {
    if (payload.depth === 0) return 'leaf';
    for (let i = 0; i < 4; i++) await ctx.spawn('tree', { depth: payload.depth - 1 }, { dedupKey: keyOf(payload, ctx, i) });
    return 'node';
  };
}

describe('dedupKey of spawned subtasks', () => {
  it('from ctx.task.id and the position: the whole tree, once', async () => {
    h = await harness();
    h.start({ tree: tree((_p, ctx, i) => `tree:${ctx.task.id}:${i}`) });
    const { run, tasks } = await h.finish(await h.submit(WORKFLOW));
    expect(run.state).toBe('succeeded');
    expect(tasks.filter((t) => t.name === 'tree')).toHaveLength(1 + 4 + 16);
  });

  it('built from a value that is not there: refused, and the run fails saying why', async () => {
    h = await harness();
    // The mistake: the payload has no id, so every key is "undefined:0" … "undefined:3".
    h.start({ tree: tree((p, _ctx, i) => `${p.id}:${i}`) });
    const { run, tasks } = await h.finish(await h.submit(WORKFLOW));
    expect(run.state).toBe('failed');
    expect((run.error as { message: string }).message).toMatch(/dedupKey: "undefined:0" holds "undefined": it was built from a value that is not there \(in a handler, the task's own id is ctx.task.id/);
    expect(tasks.filter((t) => t.name === 'tree')).toHaveLength(1);
  });
});
