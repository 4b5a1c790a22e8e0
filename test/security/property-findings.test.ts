/**
 * What the property test (bad-input.property.test.ts) found outside the HTTP API, kept as fixed
 * cases: each was accepted before, and then either written half or kept as a nonsense limit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { parseUnit } from '../../src/units/load.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
let engine: Engine;
beforeAll(async () => {
  ts = await freshSqlite();
  engine = new Engine({ store: ts.store });
});
afterAll(async () => {
  await engine.flush();
  await ts.cleanup();
});

it('a workflow task with a queue name over 200 characters is refused at its line, and no run is written', async () => {
  const source = `name: long-queue\ntasks:\n  a:\n    handler: h\n    queue: a${'x'.repeat(300)}\n`;
  await expect(submitWorkflow(engine, source, { file: 'wf.yaml', handlers: ['h'] })).rejects.toThrow(/^wf\.yaml:5:\d+: `queue` must be at most 200 characters/);
  expect(await ts.store.runList({ limit: 10 })).toEqual([]);
  expect(await ts.store.taskList({ limit: 10 })).toEqual([]);
});

it.each([
  ['Restart="99999999999999999999"', /prop\.service:4:1: .*expected an integer from 0 to 999/],
  ['Restart=1000', /prop\.service:4:1: .*expected an integer from 0 to 999/],
  ['LimitMem=99999999999999999999T', /prop\.service:4:1: .*size must be at most 1024T/],
  ['LimitDisk=1e400G', /prop\.service:4:1: .*malformed size/],
  ['MaxTime=25d', /prop\.service:4:1: .*must be a duration from 0 to 24d/],
])('a unit with %s is refused at its line', (line, message) => {
  let err: unknown;
  try {
    parseUnit(`[Command]\ncommand=true\n[Service]\n${line}\n`, 'prop.service');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as Error).message).toMatch(message);
});
