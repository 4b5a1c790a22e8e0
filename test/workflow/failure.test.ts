import { afterEach, describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../src/model/errors.js';
import type { TaskContext } from '../../src/worker/worker.js';
import { harness, label, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** Runs until its task is cancelled (the worker aborts the handler). */
const hang = (_p: unknown, ctx: TaskContext) => new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
const states = (tasks: Array<{ payload: unknown; name: string; state: string }>) => Object.fromEntries(tasks.map((t) => [label(t), t.state]));

describe('failure policies', () => {
  it('fail_fast cancels running siblings, skips downstream, runs on_failure with the failure named', async () => {
    h = await harness();
    const seen: unknown[] = [];
    h.start({ hang, boom: () => { throw new NonRetryableError('disk full'); }, alert: (p: unknown) => seen.push(p) });
    const runId = await h.submit(`name: ff
tasks:
  slow: { handler: hang }
  boom: { handler: boom, retries: 0 }
  after: { handler: hang, needs: boom }
  cleanup: { handler: alert, needs: boom, trigger_rule: all_done, payload: { state: "\${{ needs.boom.state }}" } }
on_failure:
  handler: alert
  payload: { failed: "\${{ failure.tasks[0].task }}", why: "\${{ failure.tasks[0].error.message }}" }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('failed');
    expect((run.error as { message: string }).message).toBe('task "boom" failed: disk full');
    // The cleanup task (all_done) is not cancelled by fail fast: it is there for this moment.
    expect(states(tasks)).toMatchObject({ slow: 'cancelled', boom: 'failed', after: 'skipped', cleanup: 'succeeded' });
    expect(seen).toContainEqual({ failed: 'boom', why: 'disk full' });
    expect(seen).toContainEqual({ state: 'failed' });
  });

  it('continue lets other branches finish; dependents of the failure are skipped', async () => {
    h = await harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = h.start({ wait: () => gate.then(() => 'done'), boom: () => { throw new NonRetryableError('nope'); }, ok: () => 'ok' });
    w.on('task:end', (t, outcome) => outcome === 'failed' && t.name === 'boom' && release());
    const runId = await h.submit(`name: cont
failure: continue
tasks:
  slow: { handler: wait }
  boom: { handler: boom }
  after: { handler: ok, needs: boom }
  next: { handler: ok, needs: slow }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('failed');
    expect(states(tasks)).toMatchObject({ slow: 'succeeded', next: 'succeeded', boom: 'failed', after: 'skipped' });
  });

  it('continue: the run ends only when every task has, even when the failure already skipped every sink', async () => {
    h = await harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.start({ wait: () => gate.then(() => 'late'), boom: () => { throw new NonRetryableError('nope'); }, ok: () => 'ok' });
    const runId = await h.submit(`name: wait
failure: continue
tasks:
  a: { handler: wait }
  b: { handler: boom }
  join: { handler: ok, needs: [a, b] }
`);
    // b fails and skips join at once; a is still running: the run must wait for it. a is let go
    // once the run's finishing step has looked at the run after join was skipped (and, finding
    // a still running, is waiting to look again): had it ended the run early, it would have then.
    void (async () => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { tasks } = await h.engine.runs.withTasks(runId);
        const join = tasks.find((t) => label(t) === 'join');
        const finish = tasks.find((t) => label(t) === 'finish');
        if (join?.state === 'skipped' && finish && finish.state !== 'running' && (finish.startedAt ?? 0) >= join.finishedAt!) break;
        if (Date.now() > deadline) break; // let a go anyway: the assertions below say what went wrong
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
    })();
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('failed');
    const a = tasks.find((t) => label(t) === 'a')!;
    expect(a.state).toBe('succeeded');
    expect(run.finishedAt!).toBeGreaterThanOrEqual(a.finishedAt!);
    expect(states(tasks).join).toBe('skipped');
  });

  it('a map failure cancels the remaining map tasks and runs the compensation task', async () => {
    h = await harness();
    const compensated: unknown[] = [];
    h.start({
      list: () => Array.from({ length: 12 }, (_, i) => `part-${i}`),
      map: (p: { part: string }, ctx: TaskContext) => (p.part === 'part-2' ? Promise.reject(new NonRetryableError(`bad ${p.part}`)) : p.part === 'part-3' ? hang(p, ctx) : p.part.length),
      reduce: () => 'never',
      rollback: (p: unknown) => compensated.push(p),
    }, 4);
    const runId = await h.submit(`name: mr
tasks:
  list: { handler: list }
  map:
    handler: map
    needs: list
    foreach: \${{ needs.list.output }}
    concurrency: 3
    retries: 0
    payload: { part: "\${{ item }}" }
  reduce: { handler: reduce, needs: map, payload: { all: "\${{ needs.map.output }}" } }
on_failure:
  handler: rollback
  payload: { failed: "\${{ failure.tasks }}" }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('failed');
    const items = tasks.filter((t) => /^map\[/.test(label(t)));
    expect(items.find((t) => label(t) === 'map[2]')!.state).toBe('failed');
    expect(items.find((t) => label(t) === 'map[3]')!.state).toBe('cancelled');
    // Nothing of the map is left live, the items behind the failure never ran.
    expect(items.every((t) => ['succeeded', 'failed', 'cancelled', 'skipped'].includes(t.state))).toBe(true);
    expect(items.filter((t) => t.state === 'cancelled' || t.state === 'skipped').length).toBeGreaterThanOrEqual(12 - 6);
    expect(states(tasks).reduce).toBe('skipped');
    expect(compensated).toHaveLength(1);
    expect(JSON.stringify(compensated[0])).toContain('bad part-2');
  });

  it('a run is cancelled as a whole: running handlers aborted, the rest cancelled or skipped', async () => {
    h = await harness();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    h.start({ hang: (p: unknown, ctx: TaskContext) => (started(), hang(p, ctx)), ok: () => 1 });
    const runId = await h.submit(`name: c
tasks:
  a: { handler: hang }
  b: { handler: ok, needs: a }
`);
    await running;
    const r = await h.engine.runs.cancel(runId);
    expect(r.state).toBe('cancelled');
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('cancelled');
    expect(tasks.every((t) => t.state === 'cancelled' || t.state === 'skipped')).toBe(true);
    expect(states(tasks).a).toBe('cancelled');
    await expect(h.engine.runs.cancel(runId)).rejects.toThrow(/already cancelled/);
  });

  it('`if` decides per task and per item; retries apply to workflow tasks', async () => {
    h = await harness();
    let flaky = 0;
    h.start({ echo: (p: unknown) => p, flaky: () => (++flaky < 2 ? Promise.reject(new Error('transient')) : 'ok') });
    const runId = await h.submit(`name: cond
inputs:
  env: prod
tasks:
  a: { handler: echo, if: "inputs.env == 'dev'", payload: 1 }
  b: { handler: echo, foreach: [1, 2, 3, 4], if: "item > 2", payload: "\${{ item }}" }
  c: { handler: flaky, retries: 2, backoff: { kind: fixed, base: 10ms } }
  d: { handler: echo, needs: [b, c], if: "needs.c.output == 'ok'", payload: "\${{ needs.b.output }}" }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    const byLabel = Object.fromEntries(tasks.map((t) => [label(t), t]));
    expect(byLabel.a!.result).toBeNull();
    expect(byLabel.d!.result).toEqual([null, null, 3, 4]);
    expect(byLabel.c!.attempt).toBe(2);
  });
});
