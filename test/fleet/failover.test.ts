/**
 * Failover of the store (issue 13, item 3): a primary and a synchronous streaming-replication
 * standby of the test's own (pg_basebackup from the installed binaries), every process given the
 * multi-host URL `postgres://p,s/db?target_session_attrs=read-write`. Mid-run the primary is
 * killed with SIGKILL (postmaster and every backend, as when its machine dies) and the standby is
 * promoted (`pg_ctl promote`). Workers, producer, server and scheduler must carry on by
 * themselves on the new primary; every enqueue acknowledged before the crash must exist after
 * it; no task may complete twice except where the audit shows its lease was lost.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgServer, privatePgAvailable } from '../helpers/pg-server.js';
import { cliProc, killAllProcs, spawnProc, until, type Proc } from '../helpers/proc.js';
import { ackedIds, CRASH, FIXTURES, HANDLERS, http, missingTasks, PRODUCER, producerLines, TOKENS_ENV } from './observe.js';

const CAN_RUN = privatePgAvailable();
const SCHEMA = 'fleet';
const CARRY_ON_MS = 10_000;

describe.skipIf(!CAN_RUN)('fleet: the primary dies and the standby is promoted', () => {
  let primary: PgServer | undefined;
  let standby: PgServer | undefined;
  afterAll(async () => {
    await killAllProcs();
    await Promise.all([primary?.remove(), standby?.remove()]);
  });

  it('every process carries on against the new primary; acknowledged enqueues survive; no double completion without a lost lease', async () => {
    primary = await PgServer.init({ name: 'primary' });
    await primary.start();
    standby = await PgServer.standbyOf(primary, { name: 'standby1' });
    await standby.start();
    await primary.syncStandby('standby1');
    const hosts = `${primary.host}:${primary.port},${standby.host}:${standby.port}`;
    const url = `postgres://postgres@${hosts}/postgres?target_session_attrs=read-write&schema=${SCHEMA}&poolSize=4`;
    const migrate = cliProc('migrate', ['--db', url, 'migrate']);
    expect(await migrate.exited).toBe(0);

    const workers = ['w1', 'w2'].map((id) => cliProc(id, ['--db', url, 'worker', '--module', HANDLERS, '--concurrency', '20', '--lease', '3s', '--id', id], { TF_HOST: id }));
    const producer = spawnProc('producer', process.execPath, [PRODUCER, url, '20', '20']);
    const server = cliProc('server', ['--db', url, 'server', '--port', '0'], TOKENS_ENV);
    const scheduler = cliProc('scheduler', ['--db', url, 'schedule', path.join(FIXTURES, 'every-second.yaml')]);
    const all: Proc[] = [...workers, producer, server, scheduler];
    await Promise.all(workers.map((w) => w.waitFor(/^worker .* serving/)));
    const base = (await server.waitFor(/listening on/)).replace(/^.*listening on /, '').trim();
    await Promise.all([producer.waitFor(/"acked"/), scheduler.waitFor(/ started /)]);
    const sql = (q: string) => (primary!.postmasterPid() !== null ? primary! : standby!).sql(q);
    await until(async () => Number(await sql(`SELECT coalesce(sum(n), 0) FROM "${SCHEMA}".history_day_counts WHERE state = 'succeeded'`)) > 300, 'work under way');

    // The primary's machine dies; the standby is promoted.
    primary.killHard();
    const killedAt = Date.now();
    const ackedBefore = ackedIds(producer);
    await standby.promote();
    const promotedAt = Date.now();
    expect(await standby.sql('SELECT pg_is_in_recovery()')).toBe('f');

    const since = async (what: string, probe: () => Promise<boolean> | boolean, p: Proc) => {
      await until(probe, `${what} to carry on`, CARRY_ON_MS + 20_000, 100).catch(async (err: Error) => {
        const recent = await standby!.sql(`SELECT worker_id || ' ' || type || ' ' || count(*) FROM "${SCHEMA}".events WHERE at > ${promotedAt} GROUP BY worker_id, type`).catch((e: Error) => e.message);
        throw new Error(`${err.message}\nevents since the promotion: ${recent}\n${p.name} stdout: ${p.stdout.slice(-1500)}\nstderr: ${p.stderr}`);
      });
      return Date.now() - promotedAt;
    };
    const succeededBy = async (id: string) => Number((await standby!.sql(`SELECT coalesce(max(at), 0) FROM "${SCHEMA}".events WHERE type = 'succeeded' AND worker_id = '${id}'`)) || 0);
    const took = {
      w1: await since('worker w1', async () => (await succeededBy('w1')) > promotedAt, workers[0]!),
      w2: await since('worker w2', async () => (await succeededBy('w2')) > promotedAt, workers[1]!),
      producer: await since('the producer', () => producerLines(producer).some((l) => l.acked && l.at > promotedAt), producer),
      server: await since('the server', async () => (await http(base, 'POST', '/v1/tasks', { name: 'work' }).catch(() => ({ status: 0 }))).status === 201, server),
      scheduler: await since('the scheduler', () => scheduler.lines(/ started /).some((l) => Date.parse(l.split(' ')[0]!) > promotedAt), scheduler),
    };
    console.log(`failover: promotion took ${promotedAt - killedAt} ms; carried on after it within (ms) ${JSON.stringify(took)}`);
    for (const [name, ms] of Object.entries(took)) expect(ms, name).toBeLessThan(CARRY_ON_MS);
    for (const p of all) {
      expect(p.alive(), `${p.name} exited: ${p.stderr.slice(-2000)}`).toBe(true);
      expect(p.lines(CRASH), p.name).toEqual([]);
    }

    for (const p of [producer, scheduler]) p.child.kill('SIGTERM');
    expect(await Promise.all([producer.exited, scheduler.exited])).toEqual([0, 0]);
    await until(async () => Number(await standby!.sql(`SELECT count(*) FROM "${SCHEMA}".tasks`)) === 0, 'every task to finish', 30_000, 100);
    for (const p of [...workers, server]) p.child.kill('SIGTERM');
    expect(await Promise.all([...workers, server].map((p) => p.exited))).toEqual([0, 0, 0]);

    // Acknowledged before the crash, so on the standby too (synchronous replication): all there.
    expect(ackedBefore.length).toBeGreaterThan(200);
    expect(await missingTasks(standby, SCHEMA, ackedBefore)).toEqual([]);
    expect(await missingTasks(standby, SCHEMA, ackedIds(producer))).toEqual([]);
    // Everything finished, and succeeded.
    expect(await standby.sql(`SELECT string_agg(DISTINCT state, ',') FROM "${SCHEMA}".tasks_done WHERE name = 'work'`)).toBe('succeeded');

    // The audit: one success per task, and a task claimed again only after its lease expired
    // (or it was given back). A claim lost with the primary left no trace, and its late
    // completion was refused.
    const shapes = (
      await standby.sql(
        `SELECT claims || ':' || succeeded || ':' || expired || ':' || unclaimed || ':' || count(*) FROM (
           SELECT task_id,
                  count(*) FILTER (WHERE type = 'claimed') AS claims,
                  count(*) FILTER (WHERE type = 'succeeded') AS succeeded,
                  count(*) FILTER (WHERE type = 'lease_expired') AS expired,
                  count(*) FILTER (WHERE type = 'unclaimed') AS unclaimed
           FROM "${SCHEMA}".events WHERE task_id IN (SELECT id FROM "${SCHEMA}".tasks_done WHERE name = 'work') GROUP BY task_id) per_task
         GROUP BY claims, succeeded, expired, unclaimed ORDER BY 1`,
      )
    )
      .split('\n')
      .map((l) => l.split(':').map(Number) as [number, number, number, number, number]);
    console.log(`failover: tasks by (claims:succeeded:lease expiries:unclaims:count) ${JSON.stringify(shapes.map((s) => s.join(':')))}`);
    for (const [claims, succeeded, expired, unclaimed] of shapes) {
      expect(succeeded).toBe(1);
      expect(claims).toBeLessThanOrEqual(1 + expired + unclaimed);
    }
  });
});
