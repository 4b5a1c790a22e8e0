/**
 * Bad input through the CLI: a clear message naming what is wrong, exit code 2, and nothing
 * written to the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dir: string;
let db: string;

async function taskCount(): Promise<number> {
  const store = await openStore(db);
  try {
    return (await store.taskList({ limit: 10_000 })).length;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = tempDir();
  db = `sqlite:${path.join(dir, 'cli.db')}`;
  const r = await runCli(['--db', db, 'enqueue', 'seed']);
  expect(r.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('taskframe enqueue rejects bad input and writes nothing', () => {
  it.each([
    [['--payload', '{not json'], /--payload: is not JSON/],
    [['--priority', '5000'], /priority: must be between -1000 and 1000, got 5000/],
    [['--priority', 'high'], /--priority: must be an integer, got "high"/],
    [['--delay', '5 parsecs'], /too many arguments|malformed duration/],
    [['--delay', '5y'], /delay: malformed duration "5y"/],
    [['--max-attempts', '0'], /maxAttempts: must be between 1 and 1000/],
    [['--queue', 'a b'], /queue: "a b" has forbidden characters/],
    [['--timeout', 'forever'], /timeout: malformed duration "forever"/],
    [['--colour', 'red'], /unknown option '--colour'/],
  ])('enqueue x %j', async (args, message) => {
    const before = await taskCount();
    const r = await runCli(['--db', db, 'enqueue', 'x', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(await taskCount()).toBe(before);
  });

  it('a name with forbidden characters', async () => {
    const r = await runCli(['--db', db, 'enqueue', 'rm -rf /']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/name: "rm -rf \/" has forbidden characters/);
  });

  it('a JSONL file with a bad line names the line and enqueues none of it', async () => {
    const file = path.join(dir, 'batch.jsonl');
    fs.writeFileSync(file, '{"n":1}\n{"n":2}\n{"n":3,}\n');
    const before = await taskCount();
    const r = await runCli(['--db', db, 'enqueue', 'x', '--from', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/batch\.jsonl:3: not JSON/);
    expect(await taskCount()).toBe(before);
  });

  it('bulk enqueue from JSONL prints the count', async () => {
    const file = path.join(dir, 'ok.jsonl');
    fs.writeFileSync(file, '{"n":1}\n\n{"n":2}\n"three"\n');
    const r = await runCli(['--db', db, 'enqueue', 'x', '--from', file]);
    expect(r).toMatchObject({ code: 0, stdout: '3\n' });
  });
});

describe('other commands reject bad input', () => {
  it('an unknown state filter lists the valid ones', async () => {
    const r = await runCli(['--db', db, 'ls', '--state', 'done']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--state: unknown state "done" \(one of: blocked, scheduled, pending/);
  });

  it('an unknown task id is a clear not-found', async () => {
    const r = await runCli(['--db', db, 'status', '987654']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/task 987654 not found/);
    const c = await runCli(['--db', db, 'cancel', 'abc']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/id: "abc" is not a task id/);
  });

  it('a file that is not a SQLite database', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const r = await runCli(['--db', `sqlite:${file}`, 'ls']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open store sqlite:.*notes\.txt: .*is not a SQLite database/);
    expect(fs.readFileSync(file, 'utf8').startsWith('these are my notes')).toBe(true);
  });

  it('an unreadable database path', async () => {
    const r = await runCli(['--db', `sqlite:${path.join(dir, 'no/such/dir/x.db')}`, 'ls']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open store .*directory .* does not exist/);
    const d = await runCli(['--db', `sqlite:${dir}`, 'ls']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/is a directory/);
  });

  it('an unknown store URL scheme', async () => {
    const r = await runCli(['--db', 'mysql://localhost/x', 'ls']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown store URL scheme/);
  });

  it('a worker module that cannot be loaded, or exports no handlers', async () => {
    const r = await runCli(['--db', db, 'worker', '--module', path.join(dir, 'missing.mjs'), '--drain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--module: cannot load .*missing\.mjs/);
    const bad = path.join(dir, 'bad.mjs');
    fs.writeFileSync(bad, 'export default { hello: 42 };\n');
    const b = await runCli(['--db', db, 'worker', '--module', bad, '--drain']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/handler "hello" is not a function/);
  });
});

describe('a task whose handler the module lacks', () => {
  it('fails with a message naming the missing handler, and the other tasks are unaffected', async () => {
    const d = tempDir();
    const file = `sqlite:${path.join(d, 'h.db')}`;
    const ok = await runCli(['--db', file, 'enqueue', 'quick', '--payload', '{"n":1}']);
    const missing = await runCli(['--db', file, 'enqueue', 'no-such-handler', '--max-attempts', '1']);
    const ok2 = await runCli(['--db', file, 'enqueue', 'quick', '--payload', '{"n":2}']);
    const w = await runCli(['--db', file, 'worker', '--module', 'test/fixtures/recording-handlers.mjs', '--drain']);
    expect(w.code).toBe(0);
    const st = await runCli(['--db', file, 'status', missing.stdout.trim(), '--json']);
    const task = JSON.parse(st.stdout);
    expect(task.state).toBe('failed');
    expect(task.error.message).toBe('no handler registered for task name "no-such-handler" (known: quick, slow)');
    for (const id of [ok.stdout.trim(), ok2.stdout.trim()]) {
      const s = JSON.parse((await runCli(['--db', file, 'status', id, '--json'])).stdout);
      expect(s).toMatchObject({ state: 'succeeded', attempt: 1 });
    }
    const audit = JSON.parse((await runCli(['--db', file, 'audit', missing.stdout.trim(), '--json'])).stdout);
    expect(audit.map((e: { type: string }) => e.type)).toEqual(['created', 'claimed', 'failed']);
    expect(audit[0]).toMatchObject({ taskId: missing.stdout.trim(), type: 'created', attempt: 0 });
    expect(typeof audit[0].at).toBe('string');
    fs.rmSync(d, { recursive: true, force: true });
  });
});
