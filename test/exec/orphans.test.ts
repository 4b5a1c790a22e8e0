/**
 * A worker killed with SIGKILL leaves no orphans: the executable it was running (in its own
 * process group) and that executable's children are killed by the worker's orphan guard
 * within a moment, and the task is not lost: once its lease expires another worker runs it.
 * Real processes throughout: the built CLI, a shell script, a background sleep.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OrphanGuard } from '../../src/worker/runners/exec/orphan-guard.js';
import { killAll, runCli, spawnCli, waitFor } from '../helpers/processes.js';
import { tempDir } from '../helpers/stores.js';

const dirs: string[] = [];
const strays: number[] = [];
afterEach(() => {
  killAll();
  // Whatever a failed assertion left running goes now.
  for (const pg of strays.splice(0)) {
    try {
      process.kill(-pg, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Live (not zombie) processes of a process group, from /proc. */
function liveMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces, so split after its closing paren.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') out.push(Number(e));
  }
  return out;
}

const readPid = (file: string) => (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) || null : null);

describe('a worker killed with SIGKILL', () => {
  it('takes the process group of its running executable with it, and the task is retried by another worker after its lease expires', async () => {
    const dir = tempDir('taskframe-orphans-');
    dirs.push(dir);
    const units = path.join(dir, 'units');
    fs.mkdirSync(units);
    fs.writeFileSync(
      path.join(units, 'sleeper.sh'),
      [
        '#!/bin/sh',
        'if [ "$TASKFRAME_ATTEMPT" = 1 ]; then',
        '  sleep 300 &                                    # a child in the same process group',
        '  echo $! > "$TASKFRAME_UNIT_DIR/child.pid"',
        '  echo $$ > "$TASKFRAME_UNIT_DIR/leader.pid"',
        '  wait',
        'fi',
        `echo '{"result": "done on attempt '$TASKFRAME_ATTEMPT'"}' >&3`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(units, 'sleeper.service'), '[Command]\ncommand=./sleeper.sh\n');
    const db = `sqlite:${path.join(dir, 'tf.db')}`;
    const env = { TMPDIR: dir };
    const enq = await runCli(['--db', db, 'enqueue', 'sleeper', '--json'], env);
    expect(enq.code).toBe(0);
    const id = JSON.parse(enq.stdout).id as string;

    const w1 = spawnCli(['--db', db, 'worker', '--units', units, '--lease', '2s', '--id', 'doomed'], env);
    const leader = await waitFor(async () => readPid(path.join(units, 'leader.pid')), 'the executable to start', 20_000);
    const child = readPid(path.join(units, 'child.pid'))!;
    strays.push(leader);
    // The executable leads its own process group, and its child is in it.
    expect(liveMembers(leader).sort()).toEqual([leader, child].sort());

    w1.child.kill('SIGKILL');
    await w1.exited;
    const t0 = Date.now();
    await waitFor(async () => liveMembers(leader).length === 0, `process group ${leader} to be gone`, 5000, 10);
    const goneAfterMs = Date.now() - t0;
    expect(goneAfterMs).toBeLessThan(2000);

    // Nothing lost: the lease expires, another worker claims the task and finishes it.
    const w2 = await runCli(['--db', db, 'worker', '--units', units, '--lease', '2s', '--id', 'rescuer', '--drain'], env);
    expect(w2.code).toBe(0);
    expect(w2.stderr).toContain('1 succeeded');
    const status = JSON.parse((await runCli(['--db', db, 'status', id, '--json'])).stdout);
    expect(status).toMatchObject({ state: 'succeeded', attempt: 2, result: 'done on attempt 2', workerId: 'rescuer' });
    const events = JSON.parse((await runCli(['--db', db, 'audit', id, '--json'])).stdout) as Array<{ type: string; workerId: string | null }>;
    expect(events.map((e) => `${e.type}${e.workerId ? `@${e.workerId}` : ''}`)).toEqual(['created', 'claimed@doomed', 'lease_expired@doomed', 'claimed@rescuer', 'succeeded@rescuer']);
  });
});

describe('the orphan guard', () => {
  it('kills every registered group when its owner goes away, including one whose leader exited while others of it live on', async () => {
    const { spawn } = await import('node:child_process');
    const start = (script: string) => {
      const c = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
      strays.push(c.pid!);
      return c;
    };
    const guard = new OrphanGuard(true);
    const running = start('sleep 300');
    // Its leader exits at once; the background sleep lives on in the group.
    const lingering = start('sleep 300 & exit 0');
    for (const c of [running, lingering]) guard.watchGroup(c.pid);
    await new Promise((r) => lingering.once('exit', r));
    guard.release(lingering.pid);
    await waitFor(async () => guard.pid !== null && liveMembers(lingering.pid!).length === 1, 'the lingering child');
    // The guardian's owner going away is its stdin closing: what a dead worker looks like to it.
    const guardian = (guard as unknown as { child: { stdin: NodeJS.WritableStream } }).child;
    guardian.stdin.end();
    await waitFor(async () => liveMembers(running.pid!).length === 0 && liveMembers(lingering.pid!).length === 0, 'the guarded groups to be killed', 5000, 10);
  });

  it('also kills what it was never told of, found by its token in the environment; a process in another group goes alone', async () => {
    const { spawn } = await import('node:child_process');
    const guard = new OrphanGuard(true);
    guard.prepare();
    // Started with the token but never registered: a worker killed between spawn() and the
    // registration. One leads its own group (with a child in it); one shares this test's group.
    const unregistered = spawn('/bin/sh', ['-c', 'sleep 300 & wait'], { detached: true, stdio: 'ignore', env: guard.environment() });
    strays.push(unregistered.pid!);
    const inOurGroup = spawn('sleep', ['300'], { stdio: 'ignore', env: guard.environment() });
    const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
    await waitFor(async () => liveMembers(unregistered.pid!).length === 2, 'the unregistered group to start');
    const guardian = (guard as unknown as { child: { stdin: NodeJS.WritableStream } }).child;
    guardian.stdin.end();
    await waitFor(async () => liveMembers(unregistered.pid!).length === 0, 'the unregistered group to be killed', 5000, 10);
    await waitFor(async () => inOurGroup.exitCode !== null || inOurGroup.signalCode !== null, 'the process in our group to be killed', 5000, 10);
    expect(inOurGroup.signalCode).toBe('SIGKILL');
    // No token, same group: untouched (the sweep never kills a group it does not lead).
    expect(bystander.exitCode).toBeNull();
    expect(bystander.signalCode).toBeNull();
    bystander.kill('SIGKILL');
  });
});

