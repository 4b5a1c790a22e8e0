import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ValidationError } from '../../src/model/errors.js';
import { WorkflowError, parseWorkflow } from '../../src/workflow/parse.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';
import { runCli } from './cli.js';

const F = 'bad.yaml';

function problems(src: string, options: { handlers?: string[]; units?: string[] } = {}): string {
  try {
    parseWorkflow(src, { file: F, ...options });
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowError);
    return (err as Error).message;
  }
  throw new Error('expected the workflow to be rejected');
}

describe('bad workflows: one message per problem, each with file:line:column', () => {
  it('a cycle, named', () => {
    const msg = problems(`name: w
tasks:
  a: { command: "true", needs: c }
  b: { command: "true", needs: a }
  c: { command: "true", needs: b }
`);
    expect(msg).toMatch(/^bad\.yaml:3:3: cycle: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)/);
  });

  it('many problems: the first five, then how many more (all of them in `problems`)', () => {
    const tasks = Array.from({ length: 30 }, (_, i) => `  t${i}: { command: "true", needs: [prepare] }`).join('\n');
    let err: WorkflowError | null = null;
    try {
      parseWorkflow(`name: w\ntasks:\n${tasks}\n`, { file: F });
    } catch (e) {
      err = e as WorkflowError;
    }
    expect(err).toBeInstanceOf(WorkflowError);
    const lines = err!.message.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('bad.yaml:3:3: task "t0" needs unknown task "prepare"');
    expect(lines[4]).toBe('  bad.yaml:7:3: task "t4" needs unknown task "prepare"');
    expect(lines[5]).toBe('  … and 25 more problems (30 in all; fix these first, they may be the cause)');
    expect(err!.problems).toHaveLength(30);
  });

  it('an unknown need, with a suggestion', () => {
    expect(problems(`name: w
tasks:
  fetch: { command: "true" }
  load:
    command: "true"
    needs: [fecth]
`)).toBe('bad.yaml:4:3: task "load" needs unknown task "fecth" (did you mean "fetch"?)');
  });

  it('a duplicate task id', () => {
    expect(problems(`name: w
tasks:
  a: { command: "true" }
  a: { command: "false" }
`)).toBe('bad.yaml:4:3: duplicate task id "a" (first defined at bad.yaml:3:3)');
  });

  it('an unknown handler and an unknown unit', () => {
    const msg = problems(`name: w
tasks:
  a: { handler: resize }
  b: { unit: thumbnailer }
`, { handlers: ['resize-image'], units: [] });
    expect(msg).toContain('bad.yaml:3:17: unknown handler "resize" (known: resize-image)');
    expect(msg).toContain('bad.yaml:4:14: unknown unit "thumbnailer" (no units are registered)');
  });

  it('bad expressions: syntax, unknown names, needs not declared, item outside foreach', () => {
    const msg = problems(`name: w
inputs:
  n: 3
tasks:
  a: { command: "echo \${{ inputs.n + }}" }
  b: { command: "echo \${{ inputz.n }}" }
  c: { command: "echo \${{ needs.a.output }}" }
  d:
    command: "echo \${{ item }}"
  e: { command: "true", if: "len(" }
`);
    // Columns point at the offending character inside the string.
    expect(msg).toContain('bad.yaml:5:36: bad expression: unexpected character "+"');
    expect(msg).toContain('bad.yaml:6:27: bad expression: unknown name "inputz"');
    expect(msg).toContain("bad.yaml:7:27: bad expression: needs.a is not in this task's `needs`");
    expect(msg).toContain('bad.yaml:9:24: bad expression: "item" exists only in a task with `foreach`');
    expect(msg).toContain('bad.yaml:10:34: bad expression: expression ends too early');
  });

  it('an invalid cron, a bad time zone', () => {
    const msg = problems(`name: w
triggers:
  - cron: "61 * * * *"
  - cron: "* * *"
  - cron: "0 3 * * *"
    timezone: Mars/Olympus
tasks:
  a: { command: "true" }
`);
    expect(msg).toMatch(/bad\.yaml:3:11: invalid cron "61 \* \* \* \*"/);
    expect(msg).toContain('bad.yaml:4:11: invalid cron "* * *": expected 5 fields');
    expect(msg).toContain('bad.yaml:6:15: unknown time zone "Mars/Olympus"');
  });

  it('a foreach over something that is not a list', () => {
    const msg = problems(`name: w
inputs:
  size: { type: number, default: 3 }
tasks:
  a: { command: "true", foreach: "\${{ 42 }}" }
  b: { command: "true", foreach: "\${{ inputs.size }}" }
  c:
    command: "true"
    foreach: { x: 1 }
`);
    expect(msg).toContain('bad.yaml:5:34: `foreach` must be a list, got 42');
    expect(msg).toContain('bad.yaml:6:34: `foreach` must be a list, but input "size" is a number');
    expect(msg).toContain('bad.yaml:9:14: `foreach` must be a list or an expression giving a list');
  });

  it('YAML syntax errors and unknown keys', () => {
    expect(problems('name: w\ntasks:\n  a: [\n')).toMatch(/^bad\.yaml:\d+:\d+: YAML: /);
    expect(problems(`name: w
tasks:
  a: { comand: "true" }
`)).toContain('bad.yaml:3:8: unknown task "a" key "comand" (did you mean "command"?)');
  });
});

describe('nothing is written for an invalid workflow or input', () => {
  let ts: TestStore;
  afterEach(async () => ts?.cleanup());

  it('submit rejects and the store stays empty', async () => {
    ts = await freshSqlite();
    const engine = new Engine({ store: ts.store });
    const cycle = 'name: w\ntasks:\n  a: { command: "true", needs: b }\n  b: { command: "true", needs: a }\n';
    await expect(submitWorkflow(engine, cycle, { file: F })).rejects.toThrow(/cycle/);
    const listOverInput = 'name: w\ninputs:\n  files: []\ntasks:\n  a: { command: "true", foreach: "${{ inputs.files }}" }\n';
    // A value only known at submit time: the foreach position is still named.
    await expect(submitWorkflow(engine, listOverInput, { file: F, inputs: { files: 'a.txt' } })).rejects.toThrow(ValidationError);
    const untyped = 'name: w\ninputs:\n  files: null\ntasks:\n  a: { command: "true", foreach: "${{ inputs.files }}" }\n';
    await expect(submitWorkflow(engine, untyped, { file: F, inputs: { files: 'a.txt' } })).rejects.toThrow('bad.yaml:5:34: `foreach` of task "a" must give a list, got string "a.txt"');
    await expect(submitWorkflow(engine, listOverInput, { file: F, inputs: { nope: 1 } })).rejects.toThrow('inputs.nope');
    expect(await ts.store.taskList({ limit: 10 })).toEqual([]);
    expect(await ts.store.runList({ limit: 10 })).toEqual([]);
  });

  it('`taskframe run` exits 2 with the message on stderr, and on a bad --input', async () => {
    const dir = tempDir('taskframe-wf-bad-');
    try {
      const file = path.join(dir, 'dup.yaml');
      fs.writeFileSync(file, 'name: w\ntasks:\n  a: { command: "true" }\n  a: { command: "true" }\n');
      const db = `sqlite:${path.join(dir, 't.db')}`;
      const r = await runCli(['--db', db, 'run', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:4:3: duplicate task id "a"`);
      const r2 = await runCli(['--db', db, 'run', 'examples/workflows/subtasks/subtasks.yaml', '--input', 'fanout=many', '--handlers', 'examples/workflows/subtasks/handlers.mjs']);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toContain('--input fanout: must be a number');
      const r3 = await runCli(['--db', db, 'run', path.join(dir, 'missing.yaml')]);
      expect(r3.code).toBe(2);
      const r4 = await runCli(['--db', db, 'run', 'examples/workflows/subtasks/subtasks.yaml']);
      expect(r4.code).toBe(2);
      expect(r4.stderr).toMatch(/subtasks\.yaml:10:14: unknown handler "tree" \(no handlers are registered\)/);
      expect(fs.existsSync(path.join(dir, 't.db'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
