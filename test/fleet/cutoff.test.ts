/**
 * A host cut off (issue 13, item 2). Four hosts in network namespaces: `db` runs a PostgreSQL of
 * the test's own, `w1` and `w2` run `taskframe worker`, `api` runs `taskframe server` and a
 * producer. While w1's workers hold tasks, w1's link goes down (no reset, no answer: its packets
 * go nowhere). Their leases expire, w2 runs them; when w1 comes back, its late results are
 * refused (LEASE_LOST) and change nothing; the audit shows who ran what; w1 carries on; no
 * acknowledged enqueue is lost.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Fleet, netnsProbe } from '../helpers/netns.js';
import { PgServer, privatePgAvailable } from '../helpers/pg-server.js';
import { canOrSkip } from '../helpers/privileged.js';
import { CLI, killAllProcs, until, type Proc } from '../helpers/proc.js';
import { ackedIds, CRASH, HANDLERS, http, missingTasks, PRODUCER, TOKENS_ENV } from './observe.js';

const CAN_RUN = privatePgAvailable() && canOrSkip('network namespaces (root, iproute2)', netnsProbe);
const SCHEMA = 'fleet';
const LEASE = '2s';
const HELD_MS = 1500;

describe.skipIf(!CAN_RUN)('fleet: a worker host is cut off from the database', () => {
  let fleet: Fleet | undefined;
  let db: PgServer | undefined;
  afterAll(async () => {
    await killAllProcs();
    await db?.remove();
    await fleet?.destroy();
  });

  it("its tasks' leases expire and another host runs them; its late results are refused and change nothing", async () => {
    fleet = await Fleet.create(['db', 'w1', 'w2', 'api']);
    const dbHost = fleet.host('db');
    db = await PgServer.init({ name: 'db', host: dbHost.address, port: 5432, netns: dbHost.netns });
    await db.start();
    const url = `postgres://postgres@${dbHost.address}:5432/postgres?schema=${SCHEMA}&poolSize=4`;
    const node = process.execPath;
    const migrate = fleet.spawn('api', 'migrate', node, [CLI, '--db', url, 'migrate']);
    expect(await migrate.exited).toBe(0);

    const worker = (id: string) =>
      fleet!.spawn(id, id, node, [CLI, '--db', url, 'worker', '--module', HANDLERS, '--concurrency', '10', '--lease', LEASE, '--id', id], { TF_HOST: id });
    const workers = { w1: worker('w1'), w2: worker('w2') };
    const api = fleet.host('api');
    const server = fleet.spawn('api', 'server', node, [CLI, '--db', url, 'server', '--host', api.address, '--port', '8080'], TOKENS_ENV);
    const producer = fleet.spawn('api', 'producer', node, [PRODUCER, url, '10', '50']);
    const all: Proc[] = [workers.w1, workers.w2, server, producer];
    await Promise.all([workers.w1.waitFor(/serving/), workers.w2.waitFor(/serving/), server.waitFor(/listening on/), producer.waitFor(/"acked"/)]);
    const base = `http://${api.address}:8080`;

    // Slow tasks through the API, until w1 holds some of them.
    const batch = await http(base, 'POST', '/v1/tasks/batch', { tasks: Array.from({ length: 30 }, (_, i) => ({ name: 'slow', payload: { ms: HELD_MS, i } })) });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    const heldByW1 = async () => (await db!.sql(`SELECT string_agg(id::text, ',') FROM "${SCHEMA}".tasks WHERE name = 'slow' AND state = 'running' AND worker_id = 'w1'`)).split(',').filter(Boolean);
    const held = await until(async () => {
      const ids = await heldByW1();
      return ids.length >= 3 && ids;
    }, 'w1 to hold slow tasks');

    fleet.cut('w1');
    const cutAt = Date.now();
    // Their leases run out and w2 finishes them, while w1 cannot say anything. (A result of w1's
    // that reached the store just before the link went down is w1's to keep.)
    const finished = async () =>
      new Map(
        (await db!.sql(`SELECT id || ' ' || worker_id || ' ' || finished_at FROM "${SCHEMA}".tasks_done WHERE id IN (${held.join(',')}) AND state = 'succeeded'`))
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(' ') as [string, string, string])
          .map(([id, by, at]) => [id, { by, at: Number(at) }]),
      );
    const done = await until(async () => {
      const m = await finished();
      return held.every((id) => m.has(id)) && m;
    }, `the ${held.length} tasks w1 held to finish`, 30_000, 100).catch(async (err: Error) => {
      const states = await db!.sql(`SELECT id || ' ' || state || ' ' || coalesce(worker_id, '-') FROM "${SCHEMA}".tasks WHERE id IN (${held.join(',')})`);
      const leader = await db!.sql(`SELECT holder FROM "${SCHEMA}".leaders`);
      throw new Error(`${err.message}; still live: ${states.replace(/\n/g, ', ')}; leaders: ${leader}; w2 stderr: ${workers.w2.stderr.slice(-1500)}; server stderr: ${server.stderr.slice(-1500)}`);
    });
    const takenOverMs = Date.now() - cutAt;
    const keptByW1 = held.filter((id) => done.get(id)!.by === 'w1');
    for (const id of keptByW1) expect(done.get(id)!.at, `task ${id}, finished by w1`).toBeLessThanOrEqual(cutAt);
    const taken = held.filter((id) => done.get(id)!.by === 'w2');
    expect(taken.length).toBeGreaterThan(0);
    // w1 noticed, and said so once; it is still there.
    await workers.w1.waitFor(/store has not answered a claim|store unavailable/, 15_000);
    expect(workers.w1.alive()).toBe(true);

    fleet.restore('w1');
    const restoredAt = Date.now();
    // Its late results arrive and are refused, one by one.
    const refused = () => new Set(workers.w1.lines(/result dropped: lease lost/).map((l) => (JSON.parse(l) as { taskId: string }).taskId));
    await until(() => taken.every((id) => refused().has(id)), "w1's late results to be refused", 40_000, 100).catch((err: Error) => {
      throw new Error(`${err.message}; refused ${[...refused()]} of ${taken}; w1 stderr: ${workers.w1.stderr.slice(-3000)}`);
    });
    const refusedAfterMs = Date.now() - restoredAt;
    // And w1 carries on: it finishes new work after it came back.
    await until(async () => Number(await db!.sql(`SELECT count(*) FROM "${SCHEMA}".events WHERE type = 'succeeded' AND worker_id = 'w1' AND at > ${restoredAt}`)) > 0, 'w1 to carry on', 30_000, 100);
    console.log(
      `cut-off: w1 held ${held.length} tasks (${keptByW1.length} finished just before the cut); w2 had finished the other ${taken.length} ${takenOverMs} ms after the cut; w1's late results refused within ${refusedAfterMs} ms of the link coming back`,
    );

    // They changed nothing: the results are w2's, and the audit says who ran what.
    const results = (await db.sql(`SELECT result FROM "${SCHEMA}".tasks_done WHERE id IN (${taken.join(',')})`)).split('\n');
    expect(results.map((r) => JSON.parse(r))).toEqual(taken.map(() => ({ by: 'w2' })));
    for (const id of taken) {
      const story = (await db.sql(`SELECT type || ':' || coalesce(worker_id, '') FROM "${SCHEMA}".events WHERE task_id = ${id} ORDER BY id`)).split('\n');
      expect(story, `task ${id}`).toEqual(['created:', 'claimed:w1', 'lease_expired:w1', 'claimed:w2', 'succeeded:w2']);
    }

    for (const p of all) {
      expect(p.alive(), `${p.name} exited: ${p.stderr.slice(-2000)}`).toBe(true);
      expect(p.lines(CRASH), p.name).toEqual([]);
    }
    producer.child.kill('SIGTERM');
    expect(await producer.exited).toBe(0);
    await until(async () => Number(await db!.sql(`SELECT count(*) FROM "${SCHEMA}".tasks`)) === 0, 'every task to finish', 30_000, 100);
    for (const p of [workers.w1, workers.w2, server]) p.child.kill('SIGTERM');
    expect(await Promise.all([workers.w1.exited, workers.w2.exited, server.exited])).toEqual([0, 0, 0]);
    expect(await missingTasks(db, SCHEMA, ackedIds(producer))).toEqual([]);
    expect(await db.sql(`SELECT string_agg(DISTINCT state, ',') FROM "${SCHEMA}".tasks_done`)).toBe('succeeded');
  });
});
