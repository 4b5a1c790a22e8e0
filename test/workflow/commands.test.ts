import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, label, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('command tasks', () => {
  it('payload on stdin, stdout as the result, env from expressions, output kept in the log', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`name: cmd
inputs:
  n: 3
  xs: [1, 2]
tasks:
  json:
    command: ["node", "-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.error('working');console.log(JSON.stringify({got:JSON.parse(s)}))})"]
    payload: { n: "\${{ inputs.n }}" }
  text:
    command: echo "$N $XS $TASKFRAME_RUN_ID"
    env: { N: "\${{ inputs.n }}", XS: "\${{ inputs.xs }}" }
`);
    const { run, tasks } = await h.finish(runId);
    expect(run.state).toBe('succeeded');
    const byLabel = Object.fromEntries(tasks.map((t) => [label(t), t]));
    expect(byLabel.json!.result).toEqual({ got: { n: 3 } });
    expect(byLabel.text!.result).toBe(`3 [1,2] ${runId}`);
    const logs = await h.engine.logs.list({ taskId: byLabel.json!.id, limit: 10 });
    expect(logs.map((l) => [l.stream, l.text])).toEqual([
      ['stderr', 'working'],
      ['stdout', '{"got":{"n":3}}'],
    ]);
  });

  it('a non-zero exit fails the attempt with the end of stderr; a timeout kills the command', async () => {
    h = await harness();
    h.start({});
    const runId = await h.submit(`name: bad
failure: continue
tasks:
  exit:
    command: echo "disk is full" >&2; exit 3
    retries: 0
  slow:
    command: sleep 31.7; echo never
    timeout: 300ms
    retries: 0
`);
    const started = Date.now();
    const { run, tasks } = await h.finish(runId);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.state).toBe('failed');
    const byLabel = Object.fromEntries(tasks.map((t) => [label(t), t]));
    expect(byLabel.exit!.error).toMatchObject({ message: 'command exited with code 3: disk is full', exitCode: 3 });
    expect(byLabel.slow!.state).toBe('failed');
    expect(byLabel.slow!.error!.kind).toBe('TIMEOUT');
    // The shell and the sleep it started are both gone (one process group).
    await expect.poll(() => execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.trim() === 'sleep 31.7').length, { timeout: 5000 }).toBe(0);
  });
});
