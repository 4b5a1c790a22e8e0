/**
 * The `flow:` section of taskframe.yaml: limit rules and declared queues, checked field by field
 * at their file:line:column (an unparseable rate, K ≤ 0, a key naming nothing, no scope, two
 * rules with one id), and applied when `taskframe worker` starts (the built CLI, a real SQLite
 * store): the rules are in the store, a rule on a declared queue is accepted, and starting
 * again writes no second audit line; `taskframe server` applies them and its scheduled
 * workflows' limits at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ValidationError } from '../../src/model/errors.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/stores.js';
import { TOKENS, api, startServer } from '../server/harness.js';
import { runCli } from '../workflow/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function write(yaml: string): { dir: string; file: string } {
  const dir = tempDir('taskframe-flow-config-');
  dirs.push(dir);
  const file = path.join(dir, 'taskframe.yaml');
  fs.writeFileSync(file, yaml);
  return { dir, file };
}
const load = (yaml: string) => loadConfig({ file: write(yaml).file, env: {} });
function refusal(yaml: string): string {
  try {
    load(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a ValidationError');
}

const GOOD = `flow:
  queues: [payments]
  limits:
    - queue: payments
      rate: 100/1s
    - name: billing.charge
      key: payload.customer
      concurrency: 2
`;

describe('flow: in the configuration file', () => {
  it('reads rules and declared queues; defaults to none', () => {
    const c = load(GOOD).values;
    expect(c.flow.queues).toEqual(['payments']);
    expect(c.flow.limits).toEqual([{ queue: 'payments', rate: '100/1s' }, { name: 'billing.charge', key: 'payload.customer', concurrency: 2 }]);
    expect(load('store: { url: "sqlite:./x.db" }\n').values.flow).toEqual({ queues: [], limits: [] });
  });

  it('bad input is named at its file:line:column', () => {
    expect(refusal(GOOD.replace('rate: 100/1s', 'rate: 100 per second'))).toMatch(/taskframe\.yaml:5:13: flow\.limits\[0\]\.rate: malformed rate "100 per second"/);
    expect(refusal(GOOD.replace('concurrency: 2', 'concurrency: 0'))).toMatch(/taskframe\.yaml:8:20: flow\.limits\[1\]\.concurrency: /);
    expect(refusal(GOOD.replace('key: payload.customer', 'key: customer'))).toMatch(/taskframe\.yaml:7:12: flow\.limits\[1\]\.key: unknown key expression "customer"/);
    expect(refusal(GOOD.replace('    - queue: payments\n      rate: 100/1s\n', '    - rate: 100/1s\n'))).toMatch(/taskframe\.yaml:4:7: flow\.limits\[0\]: a limit needs a scope/);
    expect(refusal(GOOD.replace('      concurrency: 2\n', ''))).toMatch(/taskframe\.yaml:6:7: flow\.limits\[1\]: a limit needs a rate/);
    expect(refusal(GOOD.replace('rate: 100/1s', 'rate: 100/1s\n      burst: 5'))).toMatch(/taskframe\.yaml:6:7: flow\.limits\[0\]\.burst: unknown setting/);
    expect(refusal(`${GOOD}    - queue: payments\n      concurrency: 3\n`)).toMatch(/taskframe\.yaml:9:7: flow\.limits\[2\]: a second rule with id "queue=payments"/);
  });

  it('`taskframe worker` applies them at start (a declared queue is known); a second start writes nothing new', async () => {
    const { dir, file } = write(`store:\n  url: sqlite:./t.db\n${GOOD}`);
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['--config', file, 'worker', '--drain'], { cwd: dir });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
    }
    const store = await openStore(`sqlite:${path.join(dir, 't.db')}`);
    try {
      const limits = await store.flowLimitList();
      expect(limits.map((l) => [l.id, l.queue, l.name, l.key, l.rate, l.concurrency]).sort()).toEqual([
        ['name=billing.charge/key=payload.customer', null, 'billing.charge', 'payload.customer', null, 2],
        ['queue=payments', 'payments', null, null, { n: 100, periodMs: 1000 }, null],
      ]);
      const audit = await store.flowAuditList({ limit: 100 });
      expect(audit.map((e) => `${e.action}:${e.target}:${e.actor}`).sort()).toEqual(['limit_set:name=billing.charge/key=payload.customer:config', 'limit_set:queue=payments:config']);
    } finally {
      await store.close();
    }
  });

  it('a bad rule stops the worker before it opens the store', async () => {
    const { dir, file } = write(`store:\n  url: sqlite:./t.db\n${GOOD.replace('rate: 100/1s', 'rate: 0/1s')}`);
    const r = await runCli(['--config', file, 'worker', '--drain'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/taskframe\.yaml:7:13: flow\.limits\[0\]\.rate: malformed rate "0\/1s"/);
    expect(fs.existsSync(path.join(dir, 't.db'))).toBe(false);
  });

  it('`taskframe server` applies the configuration\'s rules and its scheduled workflows\' limits at start', async () => {
    const { dir, file } = write(GOOD);
    fs.writeFileSync(path.join(dir, 'nightly.yaml'), 'name: nightly\nlimits:\n  - name: etl.load\n    concurrency: 3\ntasks:\n  load: { handler: etl.load }\n');
    const srv = await startServer(`sqlite:${path.join(dir, 's.db')}`, { TASKFRAME_CONFIG: file }, ['--schedule', path.join(dir, 'nightly.yaml')]);
    try {
      const r = await api(srv.url, TOKENS.producer, 'GET', '/v1/flow/limits');
      expect(r.status).toBe(200);
      expect(r.body.limits.map((l: { id: string; concurrency: number | null; rate: string | null }) => [l.id, l.rate, l.concurrency]).sort()).toEqual([
        ['name=billing.charge/key=payload.customer', null, 2],
        ['queue=payments', '100/1s', null],
        ['workflow:nightly:name=etl.load', null, 3],
      ]);
    } finally {
      await srv.stop();
    }
  });
});
