/** Workflows on PostgreSQL: the same graph, run state and failure handling as on SQLite. */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { NonRetryableError } from '../../src/model/errors.js';
import { Worker } from '../../src/worker/worker.js';
import { workflowHandlers } from '../../src/workflow/handlers.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshPostgres, type TestStore } from '../helpers/stores.js';
import { label } from './harness.js';

const { host, port } = pgHostPort();
const available = await serviceAvailable('PostgreSQL', host, port);

describe.skipIf(!available)('workflows on PostgreSQL', () => {
  let ts: TestStore;
  let worker: Worker | null = null;
  afterEach(async () => {
    await worker?.stop(100);
    await ts?.cleanup();
  });

  it('a fan-out over an upstream result, a reduce, and fail fast with compensation', async () => {
    ts = await freshPostgres();
    const engine = new Engine({ store: ts.store });
    const compensated: unknown[] = [];
    worker = new Worker(engine, {
      handlers: workflowHandlers(engine, {
        list: () => Array.from({ length: 30 }, (_, i) => i),
        square: (x: number) => (x === -1 ? Promise.reject(new NonRetryableError('negative')) : x * x),
        sum: (xs: number[]) => xs.reduce((a, b) => a + b, 0),
        undo: (p: unknown) => compensated.push(p),
      }),
      concurrency: 8,
      pollIntervalMs: 20,
    }).start();
    const ok = await submitWorkflow(engine, `name: pgmr
tasks:
  list: { handler: list }
  map: { handler: square, needs: list, foreach: "\${{ needs.list.output }}", payload: "\${{ item }}" }
  static: { handler: square, foreach: "\${{ range(20) }}", payload: "\${{ item }}" }
  reduce: { handler: sum, needs: [map, static], payload: "\${{ [sum(needs.map.output), sum(needs.static.output)] }}" }
outputs:
  total: \${{ needs.reduce.output }}
`);
    const done = await engine.runs.wait(ok.id, { intervalMs: 20 });
    expect(done.state).toBe('succeeded');
    expect(done.outputs).toEqual({ total: 8555 + 2470 });

    const bad = await submitWorkflow(engine, `name: pgfail
tasks:
  map: { handler: square, foreach: [1, 2, -1, 4], payload: "\${{ item }}", retries: 0 }
  reduce: { handler: sum, needs: map, payload: "\${{ needs.map.output }}" }
on_failure:
  handler: undo
  payload: "\${{ failure.tasks[0].task }}"
`);
    const failed = await engine.runs.wait(bad.id, { intervalMs: 20 });
    expect(failed.state).toBe('failed');
    const { tasks } = await engine.runs.withTasks(bad.id);
    expect(tasks.find((t) => label(t) === 'reduce')!.state).toBe('skipped');
    expect(compensated).toEqual(['map[2]']);
  });
});
