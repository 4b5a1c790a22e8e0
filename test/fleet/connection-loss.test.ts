/**
 * The database goes away under load and comes back (issue 13, acceptance 1): backends are
 * terminated mid-batch (pg_terminate_backend, five rounds) and PostgreSQL is restarted, with two
 * workers, a producer on the TypeScript API, a server, a scheduler and a bus bridge running as
 * real processes against a PostgreSQL of the test's own. Before the fix each of them died of
 * `Unhandled 'error' event` (57P01 / "Connection terminated unexpectedly").
 *
 * Every process must still be running, carry on by itself within a few seconds of the database
 * being back, and stop cleanly; the server must answer 503 STORE_UNAVAILABLE while the database
 * is down (not 500 INTERNAL); every enqueue the producer was told succeeded must exist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgServer, privatePgAvailable } from '../helpers/pg-server.js';
import { cliProc, killAllProcs, spawnProc, until, type Proc } from '../helpers/proc.js';
import { ackedIds, CRASH, FIXTURES, HANDLERS, http, missingTasks, PRODUCER, producerLines, TOKENS_ENV } from './observe.js';

const CAN_RUN = privatePgAvailable();
const SCHEMA = 'fleet';
/** "Within a few seconds": the workers' backoff is at most 2 s, the scheduler's pass 1 s. */
const CARRY_ON_MS = 10_000;

describe.skipIf(!CAN_RUN)('fleet: PostgreSQL connections break and the server restarts', () => {
  let db: PgServer | undefined;
  const busDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskframe-fleet-bus-'));
  afterAll(async () => {
    await killAllProcs();
    await db?.remove();
    fs.rmSync(busDir, { recursive: true, force: true });
  });

  it('every process carries on by itself, the server says 503 meanwhile, and no acknowledged enqueue is lost', async () => {
    db = await PgServer.init({ name: 'restart' });
    await db.start();
    const url = db.url('postgres', `schema=${SCHEMA}&poolSize=4`);
    const migrate = cliProc('migrate', ['--db', url, 'migrate']);
    expect(await migrate.exited).toBe(0);

    const workers = ['w1', 'w2'].map((id) =>
      cliProc(id, ['--db', url, 'worker', '--module', HANDLERS, '--concurrency', '20', '--lease', '3s', '--id', id], { TF_HOST: id, TASKFRAME_LOG_LEVEL: 'warn' }),
    );
    const producer = spawnProc('producer', process.execPath, [PRODUCER, url, '20', '20']);
    const server = cliProc('server', ['--db', url, 'server', '--port', '0'], TOKENS_ENV);
    const scheduler = cliProc('scheduler', ['--db', url, 'schedule', path.join(FIXTURES, 'every-second.yaml')]);
    const bridge = cliProc('bridge', ['--db', url, 'bridge', '--bus', `file:${busDir}`, '--out', 'done']);
    const all: Proc[] = [...workers, producer, server, scheduler, bridge];
    await Promise.all(workers.map((w) => w.waitFor(/^worker .* serving/)));
    const base = (await server.waitFor(/listening on/)).replace(/^.*listening on /, '').trim();
    await Promise.all([producer.waitFor(/"acked"/), scheduler.waitFor(/ started /), bridge.waitFor(/^bridge default/)]);
    const succeeded = async () => Number(await db!.sql(`SELECT coalesce(sum(n), 0) FROM "${SCHEMA}".history_day_counts WHERE state = 'succeeded'`));
    await until(async () => (await succeeded()) > 300, 'work under way');

    // Backends killed mid-batch: every client connection, five times over.
    for (let round = 0; round < 5; round++) {
      const killed = Number(await db.sql(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`));
      expect(killed).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 150));
    }
    // Then the server restarts. While it is down, the API says so with its own code.
    await db.stop('fast');
    const health = await http(base, 'GET', '/healthz');
    const enqueue = await http(base, 'POST', '/v1/tasks', { name: 'work' });
    await db.start();
    const backAt = Date.now();
    expect(health.status, JSON.stringify(health.body)).toBe(503);
    expect(health.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(enqueue.status, JSON.stringify(enqueue.body)).toBe(503);
    expect(enqueue.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(enqueue.body.error.message).toMatch(new RegExp(`${db.host}:${db.port}`));

    // Each process carries on by itself.
    const doneFile = path.join(busDir, 'done.jsonl');
    const doneBefore = fs.existsSync(doneFile) ? fs.readFileSync(doneFile, 'utf8').split('\n').length : 0;
    const sinceBack = async (what: string, probe: () => Promise<boolean> | boolean, p?: Proc) => {
      await until(probe, `${what} to carry on`, CARRY_ON_MS + 20_000, 100).catch((err: Error) => {
        throw new Error(`${err.message}${p ? `\n${p.name} stdout: ${p.stdout.slice(-1500)}\nstderr: ${p.stderr.slice(-3000)}` : ''}`);
      });
      return Date.now() - backAt;
    };
    const lastSucceededBy = async (id: string) => Number((await db!.sql(`SELECT coalesce(max(at), 0) FROM "${SCHEMA}".events WHERE type = 'succeeded' AND worker_id = '${id}'`)) || 0);
    const took = {
      w1: await sinceBack('worker w1', async () => (await lastSucceededBy('w1')) > backAt, workers[0]),
      w2: await sinceBack('worker w2', async () => (await lastSucceededBy('w2')) > backAt, workers[1]),
      producer: await sinceBack('the producer', () => producerLines(producer).some((l) => l.acked && l.at > backAt), producer),
      server: await sinceBack('the server', async () => (await http(base, 'POST', '/v1/tasks', { name: 'work' }).catch(() => ({ status: 0 }))).status === 201, server),
      scheduler: await sinceBack('the scheduler', () => scheduler.lines(/ started /).some((l) => Date.parse(l.split(' ')[0]!) > backAt), scheduler),
      bridge: await sinceBack('the bridge', () => fs.existsSync(doneFile) && fs.readFileSync(doneFile, 'utf8').split('\n').length > doneBefore + 10, bridge),
    };
    console.log(`connection loss: carried on after the restart within (ms) ${JSON.stringify(took)}; producer failures seen: ${producerLines(producer).filter((l) => l.failed).length}`);
    for (const [name, ms] of Object.entries(took)) expect(ms, name).toBeLessThan(CARRY_ON_MS);

    // Nobody died; each says once that the store went away, not once per attempt.
    for (const p of all) {
      expect(p.alive(), `${p.name} exited: ${p.stderr.slice(-2000)}`).toBe(true);
      expect(p.lines(CRASH), p.name).toEqual([]);
    }
    const dropped: string[] = [];
    for (const w of workers) {
      const logged = w.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; taskId?: string });
      console.log(`${w.name} logged: ${JSON.stringify(logged.map((l) => l.msg))}`);
      // One line when an outage starts and one when it ends (six disruptions: five kills, a restart).
      expect(logged.filter((l) => l.msg.startsWith('store unavailable (')).length).toBeLessThanOrEqual(6);
      // A loaded machine can hold a result past its 3 s lease during the restart: that task's
      // result is dropped, one line for the task (never one per delivery attempt), and the task
      // ran again elsewhere. The rest is bounded by the disruptions, not by the work.
      const drops = logged.filter((l) => l.msg === 'result dropped: lease lost').map((l) => String(l.taskId));
      expect(new Set(drops).size, `${w.name} dropped the same task twice`).toBe(drops.length);
      dropped.push(...drops);
      // The maintenance leader's line per pass that expired leases counts passes, not attempts.
      const expiries = logged.filter((l) => l.msg === 'leases expired; tasks made claimable again').length;
      expect(logged.length - drops.length - expiries).toBeLessThanOrEqual(20);
    }

    // Stop the sources, let the workers finish, stop everyone: all exit 0.
    for (const p of [producer, scheduler]) p.child.kill('SIGTERM');
    expect(await Promise.all([producer.exited, scheduler.exited])).toEqual([0, 0]);
    await until(async () => Number(await db!.sql(`SELECT count(*) FROM "${SCHEMA}".tasks WHERE state IN ('pending', 'running', 'retrying')`)) === 0, 'the backlog to drain', 30_000, 100);
    for (const p of [...workers, server, bridge]) p.child.kill('SIGTERM');
    expect(await Promise.all([...workers, server, bridge].map((p) => p.exited))).toEqual([0, 0, 0, 0]);

    // Each dropped result belongs to a task whose audit shows the lease it lost.
    for (const id of dropped) {
      expect(Number(await db.sql(`SELECT count(*) FROM "${SCHEMA}".events WHERE task_id = ${Number(id)} AND type = 'lease_expired'`)), `task ${id}`).toBeGreaterThan(0);
    }

    // Every enqueue the producer was told succeeded is there.
    const acked = ackedIds(producer);
    expect(acked.length).toBeGreaterThan(500);
    expect(await missingTasks(db, SCHEMA, acked)).toEqual([]);
  });
});
