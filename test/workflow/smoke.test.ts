import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Worker } from '../../src/worker/worker.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { workflowHandlers } from '../../src/workflow/handlers.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
afterEach(async () => ts?.cleanup());

describe('smoke', () => {
  it('diamond', async () => {
    ts = await freshSqlite();
    const engine = new Engine({ store: ts.store });
    const src = `
name: diamond
inputs:
  n: 3
outputs:
  total: \${{ needs.join.output }}
tasks:
  a: { handler: add, payload: { x: "\${{ inputs.n }}" } }
  b: { handler: add, needs: a, payload: { x: "\${{ needs.a.output }}" } }
  c: { command: "echo 10" , needs: a}
  join: { handler: sum, needs: [b, c], payload: { xs: "\${{ [needs.b.output, needs.c.output] }}" } }
`;
    const w = new Worker(engine, { handlers: workflowHandlers(engine, { add: (p: { x: number }) => p.x + 1, sum: (p: { xs: number[] }) => p.xs.reduce((a, b) => a + b, 0) }), pollIntervalMs: 20 }).start();
    const run = await submitWorkflow(engine, src, { file: 'diamond.yaml' });
    const done = await engine.runs.wait(run.id);
    await w.stop();
    expect(done.error).toBeNull();
    expect(done.state).toBe('succeeded');
    expect(done.outputs).toEqual({ total: 15 });
  });
});
