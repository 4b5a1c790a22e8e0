/**
 * `taskframe enqueue --debounce-* / --throttle-* / --keep`: enqueues collapse into one task
 * (the JSON says collapsed), and bad input names the flag, exits 2 and writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

let dir: string;
let db: string;

async function tasks() {
  const store = await openStore(db);
  try {
    return await store.taskList({ limit: 10_000 });
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  dir = tempDir();
  db = `sqlite:${path.join(dir, 'cli.db')}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('taskframe enqueue with debounce and throttle', () => {
  it('a second enqueue with the same debounce key joins the first task, with the last payload', async () => {
    const args = ['--db', db, 'enqueue', 'reindex', '--debounce-key', 'doc-1', '--debounce-window', '1h', '--json'];
    const a = await runCli([...args, '--payload', '1']);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli([...args, '--payload', '2']);
    expect(b.code, b.stderr).toBe(0);
    const first = JSON.parse(a.stdout);
    const second = JSON.parse(b.stdout);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ id: first.id, created: false, collapsed: true, payload: 2 });
    const t = await runCli(['--db', db, 'enqueue', 'sync', '--throttle-key', 'acct', '--throttle-window', '1h', '--keep', 'first', '--payload', '"x"']);
    const t2 = await runCli(['--db', db, 'enqueue', 'sync', '--throttle-key', 'acct', '--throttle-window', '1h', '--payload', '"y"']);
    expect(t2.stdout).toBe(t.stdout);
    expect((await tasks()).length).toBe(2);
  });

  it.each([
    [['--debounce-key', 'k'], /--debounce-window: is required/],
    [['--debounce-window', '5s'], /--debounce-key: is required/],
    [['--debounce-key', 'k', '--debounce-window', '0'], /--debounce-window: must be greater than zero/],
    [['--debounce-key', 'k', '--debounce-window', 'soon'], /--debounce-window: malformed duration "soon"/],
    [['--debounce-key', 'k', '--debounce-window', '5s', '--keep', 'middle'], /--keep: must be "first" or "last"/],
    [['--debounce-key', 'k', '--debounce-window', '5s', '--debounce-max-wait', '1s'], /--debounce-max-wait: must be at least the window/],
    [['--throttle-key', 'k', '--throttle-window', '5s', '--debounce-key', 'k'], /--throttle-key: give --debounce-\* or --throttle-\* options, not both/],
    [['--keep', 'last'], /--keep: needs --debounce-key or --throttle-key/],
    [['--throttle-key', 'k', '--throttle-window', '5s', '--key', 'idem'], /--throttle-key: cannot be combined with key/],
  ])('enqueue x %j', async (args, message) => {
    const before = (await tasks()).length;
    const r = await runCli(['--db', db, 'enqueue', 'x', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect((await tasks()).length).toBe(before);
  });
});
