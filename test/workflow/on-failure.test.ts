/**
 * `failure: continue` with `on_failure`: the compensation runs once, after every task of the run
 * has ended, with every failure in `failure.tasks`; a run where nothing failed never runs it.
 * Errors a workflow hands on (`failure.tasks`, `needs.X.error`, the run's error) carry the
 * message and code, never a JavaScript stack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../src/model/errors.js';
import { harness, label, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

interface Failure {
  id: string;
  task: string;
  error: { message: string; kind?: string; stack?: string };
}

describe('failure: continue and on_failure', () => {
  it('runs on_failure once, after the run has failed, with every failure listed', async () => {
    h = await harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: Array<{ failures: Failure[]; secondState: string }> = [];
    const w = h.start({
      wait: () => gate.then(() => 'slow done'),
      boom: (p: string) => {
        throw new NonRetryableError(`${p} broke`);
      },
      ok: () => 'ok',
      alert: async (p: { failures: Failure[] }) => {
        const second = (await h.engine.runs.tasksOf(runId)).find((t) => label(t) === 'second');
        calls.push({ failures: p.failures, secondState: second?.state ?? 'none' });
      },
    });
    // The slow branch goes on after the first failure, and fails later.
    w.on('task:end', (t, outcome) => outcome === 'failed' && (t.payload as { task?: string }).task === 'first' && release());
    const runId = await h.submit(`name: cont-of
failure: continue
tasks:
  first: { handler: boom, payload: first, retries: 0 }
  slow: { handler: wait }
  second: { handler: boom, needs: slow, payload: second, retries: 0 }
  fine: { handler: ok }
on_failure:
  handler: alert
  payload: { failures: "\${{ failure.tasks }}" }
`);
    const { run } = await h.finish(runId);
    expect(run.state).toBe('failed');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.secondState).toBe('failed');
    expect(calls[0]!.failures.map((f) => [f.task, f.error.message])).toEqual([
      ['first', 'first broke'],
      ['second', 'second broke'],
    ]);
  });

  it('errors handed on (failure.tasks, needs.X.error, the run\'s error) carry the message and no stack', async () => {
    h = await harness();
    const seen: unknown[] = [];
    h.start({
      boom: () => {
        throw new NonRetryableError('disk full');
      },
      report: (p: unknown) => seen.push({ report: p }),
      alert: (p: unknown) => seen.push({ alert: p }),
    });
    const runId = await h.submit(`name: errs
tasks:
  boom: { handler: boom, retries: 0 }
  told: { handler: report, needs: boom, trigger_rule: all_done, payload: "\${{ needs.boom.error }}" }
on_failure:
  handler: alert
  payload: "\${{ failure.tasks[0].error }}"
`);
    const { run, tasks } = await h.finish(runId);
    const shown = { message: 'disk full', kind: 'NonRetryableError', retryable: false };
    expect(seen).toContainEqual({ report: shown });
    expect(seen).toContainEqual({ alert: shown });
    expect((run.error as { tasks: Array<{ error: unknown }> }).tasks[0]!.error).toEqual(shown);
    // The stored task keeps its stack for whoever debugs the handler.
    expect(tasks.find((t) => label(t) === 'boom')!.error!.stack).toMatch(/disk full\n\s+at /);
  });

  it('a run where nothing failed never runs on_failure', async () => {
    h = await harness();
    const alerts: unknown[] = [];
    h.start({ ok: () => 'ok', alert: (p: unknown) => alerts.push(p) });
    const runId = await h.submit(`name: fine
failure: continue
tasks:
  a: { handler: ok }
  b: { handler: ok, needs: a }
on_failure:
  handler: alert
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    expect(alerts).toEqual([]);
    expect(tasks.find((t) => label(t) === 'on_failure')!.state).toBe('skipped');
  });
});
