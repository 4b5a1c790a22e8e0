/**
 * The seed-000 round trip, end to end with the built CLI: a plain client of the broker (not
 * taskframe's adapter) publishes {"type","task","created"}; `taskframe bridge` enqueues it; a
 * `taskframe worker` runs it; the bridge publishes the done message; the plain client reads
 * {"type","task","result","msg","started","completed"} back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/stores.js';
import { serviceAvailable } from '../helpers/services.js';
import { dropTopics, uniqueTopic } from './helpers.js';

const CLI = path.resolve('dist/cli/main.js');
const procs: ChildProcess[] = [];
afterAll(() => dropTopics());

function run(args: string[]): { p: ChildProcess; stderr: () => string; exited: Promise<number> } {
  const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(p);
  let err = '';
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((r) => p.on('exit', (code) => r(code ?? -1)));
  return { p, stderr: () => err, exited };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterEach(async () => {
  for (const p of procs.splice(0)) {
    if (p.exitCode === null) {
      p.kill('SIGTERM');
      await new Promise((r) => p.once('exit', r));
    }
  }
});

/** Starts bridge + worker on a fresh SQLite file; returns when the bridge says it is up. */
async function startStack(busUrl: string, inTopic: string, outTopic: string) {
  const dir = tempDir();
  const db = `sqlite:${path.join(dir, 'tf.db')}`;
  const handlers = path.join(dir, 'handlers.mjs');
  fs.writeFileSync(
    handlers,
    `export default {
      'report.build': async (p) => { if (p.task === 'boom') throw new Error('cannot build ' + p.task); return 'built ' + p.task; },
    };\n`,
  );
  const bridge = run(['--db', db, 'bridge', '--bus', busUrl, '--in', inTopic, '--out', outTopic, '--types', 'report.build']);
  await waitFor(() => /bridge default on/.test(bridge.stderr()), `bridge to start (stderr: ${bridge.stderr()})`);
  run(['--db', db, 'worker', '--module', handlers, '--poll', '50ms', '--no-maintenance']);
  return { bridge };
}

const seedTasks = [
  { type: 'report.build', task: '2017-01-01T01', created: '2017-10-28T15:42:07.8' },
  { type: 'report.build', task: 'boom', created: '2017-10-28T15:42:08.0' },
];

function checkDone(done: Array<Record<string, unknown>>) {
  const ok = done.find((d) => d.task === '2017-01-01T01')!;
  expect(ok).toMatchObject({ type: 'report.build', task: '2017-01-01T01', created: '2017-10-28T15:42:07.8', result: 'complete', msg: 'built 2017-01-01T01' });
  expect(typeof ok.started).toBe('string');
  expect(Date.parse(ok.completed as string)).toBeGreaterThanOrEqual(Date.parse(ok.started as string));
  const bad = done.find((d) => d.task === 'boom')!;
  expect(bad).toMatchObject({ type: 'report.build', result: 'error' });
  expect(bad.msg).toMatch(/cannot build boom/);
}

describe('seed-000 round trip through the CLI with a plain client', () => {
  it('NATS: plain nats.js JetStream publish in, plain consumer reads the done messages', async (ctx) => {
    if (!(await serviceAvailable('NATS', '127.0.0.1', 4222))) return ctx.skip();
    const inTopic = uniqueTopic('rt-in');
    const outTopic = uniqueTopic('rt-out');
    await startStack('nats://127.0.0.1:4222', inTopic, outTopic);
    const nats = await import('nats');
    const nc = await nats.connect({ servers: '127.0.0.1:4222' });
    try {
      const js = nc.jetstream();
      for (const t of seedTasks) await js.publish(inTopic, JSON.stringify({ ...t }));
      const jsm = await nc.jetstreamManager();
      const done: Array<Record<string, unknown>> = [];
      await waitFor(async () => {
        const stream = await jsm.streams.find(outTopic).catch(() => null);
        if (!stream) return false;
        const info = await jsm.streams.info(stream);
        return info.state.messages >= 2;
      }, 'two done messages', 40_000);
      const stream = await jsm.streams.find(outTopic);
      for (let seq = 1; seq <= 2; seq++) done.push(JSON.parse((await jsm.streams.getMessage(stream, { seq })).string()));
      checkDone(done);
    } finally {
      await nc.close();
    }
  });

  it('RabbitMQ: plain amqplib sendToQueue in, basic.get of the done messages', async (ctx) => {
    if (!(await serviceAvailable('RabbitMQ', '127.0.0.1', 5672))) return ctx.skip();
    const inTopic = uniqueTopic('rt-in');
    const outTopic = uniqueTopic('rt-out');
    await startStack('amqp://guest:guest@127.0.0.1:5672', inTopic, outTopic);
    const amqp = await import('amqplib');
    const conn = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
    try {
      const ch = await conn.createChannel();
      await ch.assertQueue(inTopic, { durable: true });
      for (const t of seedTasks) ch.sendToQueue(inTopic, Buffer.from(JSON.stringify(t)), { persistent: true });
      await ch.assertQueue(outTopic, { durable: true });
      const done: Array<Record<string, unknown>> = [];
      await waitFor(async () => {
        const m = await ch.get(outTopic, { noAck: true });
        if (m) done.push(JSON.parse(m.content.toString()));
        return done.length >= 2;
      }, 'two done messages', 40_000);
      checkDone(done);
      await ch.deleteQueue(inTopic);
      await ch.deleteQueue(outTopic);
      await ch.deleteQueue(`${inTopic}.dead`).catch(() => undefined);
    } finally {
      await conn.close();
    }
  });

  it('Redis: plain XADD in, plain XRANGE of the done stream', async (ctx) => {
    if (!(await serviceAvailable('Redis', '127.0.0.1', 6379))) return ctx.skip();
    const inTopic = uniqueTopic('rt-in');
    const outTopic = uniqueTopic('rt-out');
    await startStack('redis://127.0.0.1:6379', inTopic, outTopic);
    const { Redis } = await import('ioredis');
    const r = new Redis('redis://127.0.0.1:6379');
    try {
      for (const t of seedTasks) await r.xadd(inTopic, '*', 'task', JSON.stringify(t));
      let done: Array<Record<string, unknown>> = [];
      await waitFor(async () => {
        const rows = await r.xrange(outTopic, '-', '+');
        done = rows.map(([, fields]) => JSON.parse(fields[fields.indexOf('d') + 1]!));
        return done.length >= 2;
      }, 'two done messages', 40_000);
      checkDone(done);
      await r.del(inTopic, outTopic, `${inTopic}.dead`);
    } finally {
      r.disconnect();
    }
  });

  it('file bus: `echo >> tasks.jsonl` in, done.jsonl read back', async () => {
    const dir = path.join(tempDir('taskframe-bus-'), 'bus');
    fs.mkdirSync(dir);
    await startStack(`file:${dir}`, 'tasks', 'done');
    fs.appendFileSync(path.join(dir, 'tasks.jsonl'), seedTasks.map((t) => `${JSON.stringify(t)}\n`).join(''));
    let done: Array<Record<string, unknown>> = [];
    await waitFor(() => {
      const f = path.join(dir, 'done.jsonl');
      if (!fs.existsSync(f)) return false;
      // Whole lines only: the bridge may be appending the next one while this reads (that line
      // used to reach JSON.parse half written). The last element is whatever follows the final newline.
      const lines = fs.readFileSync(f, 'utf8').split('\n').slice(0, -1);
      done = lines.map((l) => JSON.parse(JSON.parse(l).data));
      return done.length >= 2;
    }, 'two done messages', 40_000);
    checkDone(done);
  });
});

describe('taskframe bridge: bad options', () => {
  it('exits 2 naming the problem', async () => {
    const db = `sqlite:${path.join(tempDir(), 'tf.db')}`;
    const a = run(['--db', db, 'bridge', '--bus', 'kafka://127.0.0.1:9092', '--in', 'tasks']);
    expect(await a.exited).toBe(2);
    expect(a.stderr()).toMatch(/bus: unsupported bus URL "kafka:/);
    const b = run(['--db', db, 'bridge', '--bus', 'file:./x']);
    expect(await b.exited).toBe(2);
    expect(b.stderr()).toMatch(/nothing to do/);
    const c = run(['--db', db, 'bridge', '--bus', 'file:./x', '--in', 'bad topic']);
    expect(await c.exited).toBe(2);
    expect(c.stderr()).toMatch(/--in: "bad topic" is not a valid topic/);
    expect(fs.existsSync('x')).toBe(false);
    const d = run(['--db', db, 'bridge', '--in', 'tasks']);
    expect(await d.exited).toBe(2);
    const rules = path.join(tempDir(), 'rules.yaml');
    fs.writeFileSync(rules, 'rules:\n  - when: { type: a, result: sometimes }\n    create: { name: b }\n');
    const e = run(['--db', db, 'bridge', '--bus', 'file:./x', '--rules', rules]);
    expect(await e.exited).toBe(2);
    expect(e.stderr()).toContain(`${rules}:2:11: rules[0].when.result must be complete, error or any`);
    const f = run(['--db', db, 'bridge', '--bus', 'file:./x', '--rules', rules, '--rules-via', 'bus']);
    expect(await f.exited).toBe(2);
    expect(f.stderr()).toMatch(/--rules-via: "bus" reads done messages from --out/);
  });
});
