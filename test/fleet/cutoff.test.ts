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
    // Their leases run out and w2 finishes them, while w1 cannot say anything.
    const doneByW2 = async () =>
      Number(await db!.sql(`SELECT count(*) FROM "${SCHEMA}".tasks_done WHERE id IN (${held.join(',')}) AND state = 'succeeded' AND worker_id = 'w2'`));
    await until(async () => (await doneByW2()) === held.length, `w2 to finish the ${held.length} tasks w1 held`, 30_000, 100);
    const takenOverMs = Date.now() - cutAt;
    // w1 noticed, and said so once; it is still there.
    await workers.w1.waitFor(/store has not answered a claim|store unavailable/, 15_000);
    expect(workers.w1.alive()).toBe(true);

    fleet.restore('w1');
    const restoredAt = Date.now();
    // Its late results arrive and are refused, one by one.
    const refused = () => new Set(workers.w1.lines(/result dropped: lease lost/).map((l) => (JSON.parse(l) as { taskId: string }).taskId));
    await until(() => held.every((id) => refused().has(id)), "w1's late results to be refused", 40_000, 100).catch((err: Error) => {
      throw new Error(`${err.message}; refused ${[...refused()]} of ${held}; w1 stderr: ${workers.w1.stderr.slice(-3000)}`);
    });
    const refusedAfterMs = Date.now() - restoredAt;
    // And w1 carries on: it finishes new work after it came back.
    await until(async () => Number(await db!.sql(`SELECT count(*) FROM "${SCHEMA}".events WHERE type = 'succeeded' AND worker_id = 'w1' AND at > ${restoredAt}`)) > 0, 'w1 to carry on', 30_000, 100);
    console.log(`w1 logged: ${JSON.stringify(workers.w1.stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).msg))}`);
    console.log(`cut-off: w1 held ${held.length} tasks; w2 had finished them ${takenOverMs} ms after the cut; w1's late results refused within ${refusedAfterMs} ms of the link coming back`);

    // They changed nothing: the results are w2's, and the audit says who ran what.
    const results = (await db.sql(`SELECT result FROM "${SCHEMA}".tasks_done WHERE id IN (${held.join(',')})`)).split('\n');
    expect(results.map((r) => JSON.parse(r))).toEqual(held.map(() => ({ by: 'w2' })));
    for (const id of held) {
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
