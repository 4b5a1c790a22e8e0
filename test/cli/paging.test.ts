/**
 * Issue 14 items 3 and 4. Read commands never cut their output silently: `ls` and `runs` show a
 * page and say how many more there are and how to see them (--cursor, --all; JSON pages with
 * nextCursor, or NDJSON with --all); `audit` of a run of 10,500 tasks shows every event (it used
 * to stop at 10,000). And a reader that stops early (`| head`) ends the command quietly.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { CLI, runCli } from '../helpers/processes.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';

let ts: TestStore;
const BIG_RUN = 'run-big-1';
const BIG = 10_500;

beforeAll(async () => {
  ts = await freshSqlite();
  // One millisecond for everything: runs created together must still page without gaps or repeats.
  const engine = new Engine({ store: ts.store, clock: new ManualClock(Date.parse('2026-01-01T00:00:00Z')) });
  await engine.enqueueMany([
    ...Array.from({ length: 80 }, (_, i) => ({ name: 'mail.send', queue: 'mail', payload: { i } })),
    ...Array.from({ length: 40 }, (_, i) => ({ name: 'report', payload: { i } })),
  ]);
  for (let i = 0; i < 25; i++) await engine.runs.submit({ id: `run-small-${String(i).padStart(2, '0')}`, name: 'small', spec: {}, inputs: {}, trigger: 'test' }, [{ spec: { name: 'step', runId: `run-small-${String(i).padStart(2, '0')}` } }]);
  await engine.runs.submit({ id: BIG_RUN, name: 'big', spec: {}, inputs: {}, trigger: 'test' }, Array.from({ length: BIG }, (_, i) => ({ spec: { name: 'item', runId: BIG_RUN, payload: { i } } })));
  await engine.flush();
}, 120_000);
afterAll(async () => {
  await ts.cleanup();
});

const cli = (...args: string[]) => runCli(['--db', ts.url, ...args]);
const ids = (text: string) => text.split('\n').filter((l) => /^\d+\s{2,}/.test(l)).map((l) => l.split(' ')[0]);

describe('ls', () => {
  it('shows 50 and says how many more there are, and how to see them', async () => {
    const r = await cli('ls', '--queue', 'mail');
    expect(r.code, r.stderr).toBe(0);
    expect(ids(r.stdout)).toHaveLength(50);
    const footer = /^30 more tasks not shown\. Next page: --cursor (\S+); every one: --all/m.exec(r.stdout);
    expect(footer, r.stdout).not.toBeNull();
    const next = await cli('ls', '--queue', 'mail', '--cursor', footer![1]!);
    expect(ids(next.stdout)).toHaveLength(30);
    expect(new Set([...ids(r.stdout), ...ids(next.stdout)]).size).toBe(80);
    expect(next.stdout).not.toMatch(/not shown/);
    // A name filter has no stored count: it still says there are more.
    expect((await cli('ls', '--name', 'mail.send', '--limit', '10')).stdout).toMatch(/^More tasks not shown\. Next page: --cursor \S+/m);
  });

  it('--json pages with nextCursor, as the API does; --all --json streams every task as NDJSON', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await cli('ls', '--json', '--limit', '4000', ...(cursor ? ['--cursor', cursor] : []));
      const page = JSON.parse(r.stdout) as { tasks: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.tasks.map((t) => t.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.length).toBe(120 + 25 + BIG);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await cli('ls', '--all', '--json', '--queue', 'default', '--name', 'report');
    const lines = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string });
    expect(lines).toHaveLength(40);
    expect(lines.every((t) => t.name === 'report')).toBe(true);
    expect(ids((await cli('ls', '--all', '--queue', 'mail')).stdout)).toHaveLength(80);
  });
});

describe('runs', () => {
  it('shows 20 and says there are more; the cursor pages through runs created in the same millisecond without gaps', async () => {
    const r = await cli('runs');
    const first = r.stdout.split('\n').filter((l) => l.startsWith('run-'));
    expect(first).toHaveLength(20);
    const cursor = /^More runs not shown\. Next page: --cursor (\S+)/m.exec(r.stdout)![1]!;
    const rest = (await cli('runs', '--cursor', cursor)).stdout.split('\n').filter((l) => l.startsWith('run-'));
    expect(rest).toHaveLength(6);
    expect(new Set([...first, ...rest].map((l) => l.split(' ')[0])).size).toBe(26);
    const json = JSON.parse((await cli('runs', '--json', '--limit', '10')).stdout) as { runs: unknown[]; nextCursor: string };
    expect(json.runs).toHaveLength(10);
    expect(json.nextCursor).toEqual(expect.any(String));
    expect((await cli('runs', '--all', '--json')).stdout.trim().split('\n')).toHaveLength(26);
  });
});

describe('audit', () => {
  it(`of a run of ${BIG} tasks: every event, not the first 10,000`, async () => {
    const text = await cli('audit', BIG_RUN);
    expect(text.code, text.stderr).toBe(0);
    const rows = text.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^task +at +event/);
    expect(rows.length - 1).toBe(BIG);
    const json = JSON.parse((await cli('audit', BIG_RUN, '--json')).stdout) as Array<{ id: string; type: string }>;
    expect(json).toHaveLength(BIG);
    // Oldest first.
    expect(json.map((e) => BigInt(e.id))).toEqual([...json.map((e) => BigInt(e.id))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('of the latest tasks with a name: says when there are more than --limit', async () => {
    const r = await cli('audit', 'report', '--limit', '5');
    expect(r.stdout.trim().split('\n')).toHaveLength(1 + 5 + 1);
    expect(r.stdout).toMatch(/Only the latest 5 tasks named report are shown; there are more: raise --limit\./);
    const json = await cli('audit', 'report', '--limit', '5', '--json');
    expect(JSON.parse(json.stdout)).toHaveLength(5);
    expect(json.stderr).toMatch(/there are more: raise --limit/);
  });
});

describe('a reader that stops early (| head)', () => {
  it.each([
    ['ls', '--limit', '10000'],
    ['audit', BIG_RUN, '--json'],
  ])('taskframe %s … ends quietly: status 0, nothing on stderr', async (...args: string[]) => {
    const child = spawn(process.execPath, [CLI, '--db', ts.url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close the pipe, as `head -1` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((r) => child.once('close', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('through a shell pipeline into head', async () => {
    const sh = spawn('bash', ['-c', `"${process.execPath}" "${CLI}" --db "${ts.url}" audit ${BIG_RUN} 2>"${path.join(path.dirname(ts.url.slice(7)), 'err.txt')}" | head -n 2; echo "status \${PIPESTATUS[0]}"`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    sh.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => sh.once('close', r));
    expect(out.split('\n')[0]).toMatch(/^task +at +event/);
    expect(out).toMatch(/^status 0$/m);
    expect(fs.readFileSync(path.join(path.dirname(ts.url.slice(7)), 'err.txt'), 'utf8')).toBe('');
  });
});
