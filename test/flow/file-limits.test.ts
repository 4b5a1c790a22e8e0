/**
 * Flow control declared in files: a workflow's `limits:` and steps' `limit:`, a unit's
 * `[Service] RateLimit=`/`ConcurrencyLimit=`/`LimitKey=`. Applied on a real store (SQLite):
 * submitting writes the rules, submitting again writes nothing (no audit line), a changed file
 * replaces or removes the rules it owns and no other; a bad rule (unparseable rate, K ≤ 0, a key
 * naming nothing, a step limit on a command, an unknown queue) names file:line and writes
 * neither a rule nor a run. The rules hold at claim time: K=1 per tenant keeps a second task of
 * the tenant pending while the first runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import { createLogger } from '../../src/logger.js';
import { buildApp } from '../../src/server/app.js';
import { applyUnitLimits } from '../../src/units/flow.js';
import { parseUnit } from '../../src/units/load.js';
import type { UnitSpec } from '../../src/units/spec.js';
import { WorkflowError, parseWorkflow } from '../../src/workflow/parse.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';
import { runCli } from '../workflow/cli.js';

let ts: TestStore;
let engine: Engine;
beforeEach(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
});
afterEach(async () => {
  await engine.flush();
  await ts.cleanup();
});

const WF = (limits: string, step = '') => `name: billing
tasks:
  charge:
    handler: billing.charge
    queue: payments
${step}
${limits}
`;

async function rejected(p: Promise<unknown>): Promise<ValidationError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const ruleIds = async () => (await engine.flow.listLimits()).map((l) => l.id).sort();
const auditCount = async () => (await engine.flow.audit()).length;

describe('workflow files', () => {
  const src = WF(`limits:
  - queue: payments
    rate: 100/1s
  - name: billing.charge
    key: payload.customer
    concurrency: 2`, `    limit:
      concurrency: 5
      rate: 10/1m`);

  it('parses both forms with positions and owner-prefixed ids', () => {
    const wf = parseWorkflow(src, { file: 'billing.yaml' });
    expect(wf.limits).toEqual([
      { spec: { id: 'workflow:billing:queue=payments', queue: 'payments', rate: '100/1s' }, at: 'billing.yaml:10:5' },
      { spec: { id: 'workflow:billing:name=billing.charge/key=payload.customer', name: 'billing.charge', key: 'payload.customer', concurrency: 2 }, at: 'billing.yaml:12:5' },
      { spec: { id: 'workflow:billing:step=charge', name: 'billing.charge', concurrency: 5, rate: '10/1m' }, at: 'billing.yaml:7:7' },
    ]);
  });

  it('submit applies them before the run (the step queue counts as known); again: no write; a changed file replaces and removes only its own', async () => {
    await engine.flow.setLimit({ id: 'by-hand', name: 'other.task', concurrency: 1 });
    await submitWorkflow(engine, src, { file: 'billing.yaml' });
    expect(await ruleIds()).toEqual(['by-hand', 'workflow:billing:name=billing.charge/key=payload.customer', 'workflow:billing:queue=payments', 'workflow:billing:step=charge']);
    const audits = await auditCount();
    await submitWorkflow(engine, src, { file: 'billing.yaml' });
    expect(await auditCount()).toBe(audits);
    // The file now declares only the queue rule, at a new rate.
    await submitWorkflow(engine, WF('limits:\n  - queue: payments\n    rate: 50/1s'), { file: 'billing.yaml' });
    const rules = await engine.flow.listLimits();
    expect(rules.map((l) => [l.id, l.rate]).sort()).toEqual([['by-hand', null], ['workflow:billing:queue=payments', { n: 50, periodMs: 1000 }]]);
    const actions = (await engine.flow.audit()).slice(0, 3).map((e) => `${e.action}:${e.target}:${e.actor}`).sort();
    expect(actions).toEqual([
      'limit_removed:workflow:billing:name=billing.charge/key=payload.customer:workflow:billing',
      'limit_removed:workflow:billing:step=charge:workflow:billing',
      'limit_set:workflow:billing:queue=payments:workflow:billing',
    ]);
    // No limits at all: its rules go, the hand-made one stays.
    await submitWorkflow(engine, WF(''), { file: 'billing.yaml' });
    expect(await ruleIds()).toEqual(['by-hand']);
  });

  it('bad input names file:line:column and writes neither a rule nor a run', async () => {
    const cases: Array<[string, RegExp]> = [
      [WF('limits:\n  - queue: payments\n    rate: 100 per second'), /^b\.yaml:9:11: limits\[0\]\.rate: malformed rate "100 per second"/],
      [WF('limits:\n  - name: billing.charge\n    concurrency: 0'), /^b\.yaml:9:18: limits\[0\]\.concurrency: must be a whole number from 1/],
      [WF('limits:\n  - name: billing.charge\n    concurrency: -2'), /^b\.yaml:9:18: limits\[0\]\.concurrency: must be a whole number/],
      [WF('limits:\n  - name: billing.charge\n    key: tenant\n    concurrency: 2'), /^b\.yaml:9:10: limits\[0\]\.key: unknown key expression "tenant"/],
      [WF('limits:\n  - name: billing.charge\n    key: payload.\n    concurrency: 2'), /^b\.yaml:9:10: limits\[0\]\.key: "payload\." names no payload field/],
      [WF('limits:\n  - name: billing.charge'), /^b\.yaml:8:5: limits\[0\]\.rate: a limit needs a rate/],
      [WF('limits:\n  - rate: 1/s'), /^b\.yaml:8:5: limits\[0\]\.queue: a limit needs a scope/],
      [WF('limits:\n  - queue: payments\n    rate: 1/s\n    burst: 3'), /^b\.yaml:10:5: unknown key "burst" in `limits\[0\]`/],
      [WF('limits: { queue: payments }'), /^b\.yaml:7:9: `limits` must be a list/],
      [WF('', '    limit: { concurrency: 0 }'), /^b\.yaml:6:27: tasks\.charge\.limit\.concurrency: must be a whole number/],
      [WF('', '    limit: { key: payload.tenant }'), /^b\.yaml:6:12: tasks\.charge\.limit\.rate: a limit needs a rate/],
      [`name: w\ntasks:\n  sh:\n    command: "true"\n    limit: { concurrency: 1 }\n`, /^b\.yaml:5:5: task "sh" is a command/],
    ];
    for (const [source, message] of cases) {
      const err = await rejected(submitWorkflow(engine, source, { file: 'b.yaml' }));
      expect(err).toBeInstanceOf(WorkflowError);
      expect(err.message).toMatch(message);
    }
    // A queue nobody knows (no task, no step of this workflow, not declared): named, nothing written.
    const err = await rejected(submitWorkflow(engine, WF('limits:\n  - name: billing.charge\n    concurrency: 1\n  - queue: nowhere\n    rate: 1/s'), { file: 'b.yaml' }));
    expect(err.message).toMatch(/^b\.yaml:10:5\.queue: unknown queue "nowhere"/);
    expect(await engine.flow.listLimits()).toEqual([]);
    expect(await engine.flow.audit()).toEqual([]);
    expect(await engine.runs.list({ limit: 10 })).toEqual([]);
  });

  it('the rules hold at claim time: a step limit of 1 per customer keeps the second task pending', async () => {
    await submitWorkflow(engine, WF('', '    limit: { concurrency: 1, key: payload.customer }'), { file: 'b.yaml' });
    await engine.enqueueMany([
      { name: 'billing.charge', queue: 'payments', payload: { customer: 'acme' } },
      { name: 'billing.charge', queue: 'payments', payload: { customer: 'acme' } },
      { name: 'billing.charge', queue: 'payments', payload: { customer: 'zeta' } },
    ]);
    const claimed = await engine.claim({ queues: ['payments'], workerId: 'w1', limit: 10, leaseMs: 30_000 });
    const customers = claimed.map((t) => (t.payload as { customer: string }).customer).sort();
    // The run's own step task has no customer: it is the "" bucket, claimed too.
    expect(customers.filter(Boolean)).toEqual(['acme', 'zeta']);
  });
});

describe('workflows over HTTP', () => {
  it('limits are an admin\'s: a producer\'s workflow with limits is 403 and writes nothing; without, its submission leaves the rules alone; an admin\'s applies them', async () => {
    const app = await buildApp({
      engine,
      tokens: [{ name: 'root', token: '7f3a9c2e5b81d4f6a0c9e2b7', scopes: ['admin'] }, { name: 'app', token: 'c4e8a1f7b2d95e3a6c0f8b1d', scopes: ['producer'] }],
      logger: createLogger({ name: 'flow-files', level: 'error' }),
    });
    try {
      const submit = (token: string, workflow: string) => app.inject({ method: 'POST', url: '/v1/runs', headers: { authorization: `Bearer ${token}` }, payload: { workflow, file: 'billing.yaml' } });
      const withLimit = WF('', '    limit: { concurrency: 3 }');
      const refused = await submit('c4e8a1f7b2d95e3a6c0f8b1d', withLimit);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/declares flow-control limits; submitting it needs an admin token/);
      expect(await engine.flow.listLimits()).toEqual([]);
      expect((await submit('7f3a9c2e5b81d4f6a0c9e2b7', withLimit)).statusCode).toBe(201);
      expect(await ruleIds()).toEqual(['workflow:billing:step=charge']);
      // The same workflow name without limits, from a producer: accepted, the admin's rule stays.
      expect((await submit('c4e8a1f7b2d95e3a6c0f8b1d', WF(''))).statusCode).toBe(201);
      expect(await ruleIds()).toEqual(['workflow:billing:step=charge']);
      // An explicit id stays under the workflow's prefix: it cannot replace a rule set by hand.
      await engine.flow.setLimit({ id: 'by-hand', name: 'x', concurrency: 1 });
      expect((await submit('7f3a9c2e5b81d4f6a0c9e2b7', WF('limits:\n  - id: by-hand\n    name: x\n    concurrency: 9'))).statusCode).toBe(201);
      expect((await engine.flow.listLimits()).map((l) => [l.id, l.concurrency]).sort()).toEqual([['by-hand', 1], ['workflow:billing:by-hand', 9]]);
    } finally {
      await app.close();
    }
  });
});

describe('unit files', () => {
  const unit = (name: string, service: string): UnitSpec => parseUnit(`[Service]\n${service}\n[Command]\ncommand=./run.sh\n`, `/u/${name}.service`);
  const units = (...us: UnitSpec[]) => new Map(us.map((u) => [u.name, u]));

  it('a worker loading units applies their rules; again: no write; a unit that drops its keys loses its rule; others stay', async () => {
    await applyUnitLimits(engine, units(unit('resize', 'RateLimit=100/1s\nConcurrencyLimit=4\nLimitKey=payload.tenant'), unit('plain', 'MaxTime=1s')));
    const rules = await engine.flow.listLimits();
    expect(rules.map((l) => [l.id, l.name, l.key, l.concurrency, l.rate])).toEqual([['unit:resize', 'resize', 'payload.tenant', 4, { n: 100, periodMs: 1000 }]]);
    const audits = await auditCount();
    expect((await applyUnitLimits(engine, units(unit('resize', 'RateLimit=100/1s\nConcurrencyLimit=4\nLimitKey=payload.tenant')))).unchanged.length).toBe(1);
    expect(await auditCount()).toBe(audits);
    await engine.flow.setLimit({ id: 'unit:elsewhere', name: 'elsewhere', concurrency: 1 });
    const r = await applyUnitLimits(engine, units(unit('resize', 'MaxTime=1s')));
    expect(r.removed).toEqual(['unit:resize']);
    expect(await ruleIds()).toEqual(['unit:elsewhere']);
  });

  it('`taskframe worker --units` applies them before its first claim; a bad value stops it at file:line before the store is opened', async () => {
    const dir = tempDir('taskframe-unit-limits-');
    try {
      fs.mkdirSync(path.join(dir, 'units'));
      fs.writeFileSync(path.join(dir, 'units', 'resize.service'), '[Service]\nConcurrencyLimit=3\nLimitKey=payload.tenant\n[Command]\ncommand=true\n');
      const db = `sqlite:${path.join(dir, 'w.db')}`;
      const ok = await runCli(['--db', db, 'worker', '--units', path.join(dir, 'units'), '--drain'], { cwd: dir });
      expect(ok.code).toBe(0);
      const { openStore } = await import('../../src/store/open.js');
      const store = await openStore(db);
      try {
        expect((await store.flowLimitList()).map((l) => [l.id, l.name, l.key, l.concurrency])).toEqual([['unit:resize', 'resize', 'payload.tenant', 3]]);
      } finally {
        await store.close();
      }
      fs.writeFileSync(path.join(dir, 'units', 'resize.service'), '[Service]\nConcurrencyLimit=0\n[Command]\ncommand=true\n');
      const db2 = `sqlite:${path.join(dir, 'w2.db')}`;
      const bad = await runCli(['--db', db2, 'worker', '--units', path.join(dir, 'units'), '--drain'], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/resize\.service:2:1: Service\.ConcurrencyLimit: expected a positive integer, got "0"/);
      expect(fs.existsSync(path.join(dir, 'w2.db'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
