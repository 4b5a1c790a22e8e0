/**
 * Submitting a run writes the run and its whole graph in one transaction: when the graph is
 * refused, no run row and no task is left behind (before, the run was recorded first and then
 * marked failed). On SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { NotFoundError, ValidationError } from '../../src/model/errors.js';
import { parseWorkflow } from '../../src/workflow/parse.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';
import { PG_UP } from '../postgres/pg-available.js';

const DRIVERS: DriverName[] = PG_UP ? ['sqlite', 'postgres'] : ['sqlite'];
if (!PG_UP) console.warn('submit-atomic: PostgreSQL unreachable, running on SQLite only');

const WORKFLOW = 'name: etl\ntasks:\n  extract: { handler: extract }\n  load: { handler: load, needs: [extract] }\n';

describe.each(DRIVERS)('a run and its graph in one transaction (%s)', (driver) => {
  let ts: TestStore;
  let engine: Engine;
  afterEach(async () => {
    await engine?.flush();
    await ts?.cleanup();
  });

  async function nothingWritten(): Promise<void> {
    expect(await ts.store.runList({ limit: 10 })).toEqual([]);
    expect(await ts.store.taskList({ limit: 10 })).toEqual([]);
    expect(await ts.store.eventFeed({ limit: 10 })).toEqual([]);
  }

  it('a graph the store refuses (a dependency on a task that does not exist) leaves no run and no task', async () => {
    ts = await freshStore(driver);
    engine = new Engine({ store: ts.store });
    const graph = [{ spec: { name: 'first', runId: 'run-x' } }, { spec: { name: 'second', runId: 'run-x', dependsOn: ['987654321'] }, after: [0] }];
    const err = await engine.runs.submit({ id: 'run-x', name: 'wf', spec: {}, inputs: null, trigger: 'test' }, graph).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toMatch(/987654321/);
    expect(await engine.runs.find('run-x')).toBeNull();
    await nothingWritten();

    // The same run with a sound graph: run and tasks appear together, and the first task is claimable.
    const run = await engine.runs.submit({ id: 'run-x', name: 'wf', spec: {}, inputs: null, trigger: 'test' }, graph.map((n) => ({ ...n, spec: { name: n.spec.name, runId: 'run-x' } })));
    expect(run).toMatchObject({ id: 'run-x', name: 'wf', state: 'running', trigger: 'test', outputs: null, error: null, finishedAt: null });
    const { tasks } = await engine.runs.withTasks('run-x');
    expect(tasks.map((t) => [t.name, t.state])).toEqual([['first', 'pending'], ['second', 'blocked']]);
  });

  it('submitWorkflow: a workflow whose graph is refused writes nothing (no run left behind as failed)', async () => {
    ts = await freshStore(driver);
    engine = new Engine({ store: ts.store });
    const wf = parseWorkflow(WORKFLOW, { file: 'etl.yaml' });
    // A queue name no task may have: refused when the graph's tasks are resolved for insertion.
    wf.tasks.find((t) => t.id === 'load')!.queue = 'not a queue!';
    await expect(submitWorkflow(engine, wf, { trigger: 'test' })).rejects.toThrow(ValidationError);
    await nothingWritten();

    const ok = await submitWorkflow(engine, parseWorkflow(WORKFLOW, { file: 'etl.yaml' }), { trigger: 'test' });
    expect((await ts.store.runList({ limit: 10 })).map((r) => [r.id, r.state])).toEqual([[ok.id, 'running']]);
    // extract and load, plus the run's machinery (the fail-fast watcher and the finishing task).
    expect((await ts.store.taskList({ runId: ok.id, limit: 10 })).map((t) => t.name).sort()).toEqual(['extract', 'load', 'taskframe.workflow.finish', 'taskframe.workflow.on_failure']);
  });
});
