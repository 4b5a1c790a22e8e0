/**
 * The `local` provider with real processes (small Node programs standing in for workers):
 * it starts what it is asked for, stops the newest with SIGTERM, kills one that ignores SIGTERM
 * after stopTimeout, and restarts one that dies on its own after the restart backoff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAutoscaleConfig, type GroupConfig, type LocalProviderConfig } from '../../src/autoscale/config.js';
import type { ScaleRequest } from '../../src/autoscale/provider.js';
import { expandCommand, LocalProvider } from '../../src/autoscale/providers/local.js';
import { createLogger } from '../../src/logger.js';
import { waitFor } from '../helpers/processes.js';

const logger = createLogger({ level: 'silent' });
const providers: LocalProvider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) await p.close();
});

// Stays up; on SIGTERM exits 0 (or, with IGNORE_TERM, keeps running). It says "serving" only
// once its SIGTERM handler is in place: said before, a loaded machine could deliver the stop
// between the two lines, and the default action killed it by SIGTERM (seen in the full suite).
const WORKER = `process.on('SIGTERM', () => { if (!process.env.IGNORE_TERM) process.exit(0); });
process.stderr.write('worker ' + process.env.TASKFRAME_AUTOSCALE_WORKER + ' serving\\n');
setInterval(() => {}, 1000);`;

function local(o: Record<string, unknown> = {}, env: Record<string, string> = {}): { p: LocalProvider; g: GroupConfig } {
  const g = resolveAutoscaleConfig({
    groups: [{ name: 'g', queues: ['q1', 'q2'], concurrency: 3, provider: { type: 'local', command: [process.execPath, '-e', WORKER], output: 'ignore', restartBackoff: '50ms', stopTimeout: '300ms', env, ...o } }],
  }).groups[0]!;
  const p = new LocalProvider(g.provider as LocalProviderConfig, { group: g, db: 'sqlite:x.db', logger });
  providers.push(p);
  return { p, g };
}
const ask = (desired: number): ScaleRequest => ({ group: 'g', queues: ['q1', 'q2'], desired, reason: 'test', decision: {} as never });
const states = async (p: LocalProvider) => (await p.list()).map((w) => w.state).sort();

describe('local provider', () => {
  it('starts the workers asked for, marks them running once they serve, and stops the newest gracefully', async () => {
    const { p } = local();
    const exits: Array<[string, boolean]> = [];
    p.on('exited', (id, _code, _signal, expected) => exits.push([id, expected]));
    await p.scale(ask(3));
    await waitFor(async () => (await states(p)).join() === 'running,running,running', 'three running workers');
    await p.scale(ask(1));
    expect((await p.list()).filter((w) => w.state === 'stopping').map((w) => w.id).sort()).toEqual(['g-2', 'g-3']);
    await waitFor(async () => (await p.list()).length === 1, 'two to exit');
    expect((await p.list())[0]!.id).toBe('g-1');
    expect(exits.sort()).toEqual([['g-2', true], ['g-3', true]]);
  });

  it('kills a worker that ignores SIGTERM after stopTimeout', async () => {
    const { p } = local({}, { IGNORE_TERM: '1' });
    const exits: Array<string | null> = [];
    p.on('exited', (_id, _code, signal) => exits.push(signal));
    await p.scale(ask(1));
    await waitFor(async () => (await states(p)).join() === 'running', 'a running worker');
    await p.scale(ask(0));
    await waitFor(async () => exits.length === 1, 'the worker to be killed');
    expect(exits).toEqual(['SIGKILL']);
  });

  it('restarts a worker that dies on its own, after the restart backoff', async () => {
    const { p } = local();
    const started: Array<[string, number]> = [];
    const exits: Array<[string, boolean]> = [];
    p.on('started', (id, pid) => started.push([id, pid]));
    p.on('exited', (id, _code, _signal, expected) => exits.push([id, expected]));
    await p.scale(ask(2));
    await waitFor(async () => (await states(p)).join() === 'running,running', 'two running workers');
    process.kill(started[0]![1], 'SIGKILL');
    await waitFor(async () => started.length === 3, 'a replacement to start');
    expect(exits).toEqual([['g-1', false]]);
    await waitFor(async () => (await states(p)).join() === 'running,running', 'two running workers again');
    expect((await p.list()).map((w) => w.id).sort()).toEqual(['g-2', 'g-3']);
  });

  it('a command that cannot start counts as a worker that died: retried with backoff, and close() does not hang', async () => {
    const { p } = local({ command: ['/nonexistent/taskframe-worker'] });
    const exits: boolean[] = [];
    p.on('exited', (_id, _code, _signal, expected) => exits.push(expected));
    await p.scale(ask(1));
    await waitFor(async () => exits.length >= 2, 'two failed starts');
    expect(exits.every((e) => e === false)).toBe(true);
    await p.close();
    expect(await p.list()).toEqual([]);
  });

  it('fills the placeholders; a first word "taskframe" runs this taskframe', () => {
    const argv = expandCommand(['taskframe', '--db', '{db}', 'worker', '--queue', '{queues}', '--concurrency', '{concurrency}', '--id', '{id}', '{unknown}'], { db: 'sqlite:a.db', queues: 'q1,q2', concurrency: '3', id: 'g-7', group: 'g' });
    expect(argv[0]).toBe(process.execPath);
    expect(argv[1]).toMatch(/dist\/cli\/main\.js$/);
    expect(argv.slice(2)).toEqual(['--db', 'sqlite:a.db', 'worker', '--queue', 'q1,q2', '--concurrency', '3', '--id', 'g-7', '{unknown}']);
  });
});
