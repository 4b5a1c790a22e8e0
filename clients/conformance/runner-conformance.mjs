#!/usr/bin/env node
/**
 * Checks that a long-lived runner speaks the taskframe runner protocol (docs/runner-protocol.md).
 *
 *   node clients/conformance/runner-conformance.mjs -- python3 clients/python/taskframe_runner.py --conformance
 *
 * The runner under test must serve the conformance task names: conformance.echo (returns its
 * payload), conformance.fail (fails with payload.message; NonRetryable when payload.final),
 * conformance.sleep (waits payload.ms, returns it), conformance.progress (reports progress, a log
 * line and one spawn, returns "done"). Prints one line per check; exits 0 when all pass.
 * No dependencies: copy it anywhere.
 */
import { spawn } from 'node:child_process';

const sep = process.argv.indexOf('--');
const cmd = sep >= 0 ? process.argv.slice(sep + 1) : process.argv.slice(2);
if (cmd.length === 0) {
  process.stderr.write('usage: runner-conformance.mjs -- COMMAND [ARGS...]\n');
  process.exit(2);
}

const child = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.setEncoding('utf8').on('data', (t) => (stderr = (stderr + t).slice(-4000)));
const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
const listeners = new Set();
const violations = [];
let partial = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    if (!line.trim()) continue;
    let m;
    try {
      m = JSON.parse(line);
    } catch {
      violations.push(`stdout line is not JSON: ${line.slice(0, 120)}`);
      for (const l of listeners) l({ type: '<not JSON>', line });
      continue;
    }
    if (typeof m?.type !== 'string') violations.push(`message without a string type: ${line.slice(0, 120)}`);
    else if (m.type !== 'ready' && typeof m.id !== 'string') violations.push(`"${m.type}" without a string id`);
    for (const l of listeners) l(m);
  }
});
child.stdin.on('error', () => undefined);

const send = (msgs) => child.stdin.write(msgs.map((m) => JSON.stringify(m)).join('\n') + '\n');
function collect(pred, count, ms) {
  return new Promise((resolve, reject) => {
    const got = [];
    const t = setTimeout(() => (listeners.delete(l), reject(new Error(`timed out after ${ms} ms with ${got.length}/${count} answers`))), ms);
    const l = (m) => {
      if (!pred(m)) return;
      got.push(m);
      if (got.length === count) (clearTimeout(t), listeners.delete(l), resolve(got));
    };
    listeners.add(l);
  });
}
let seq = 0;
const task = (name, payload) => ({ type: 'task', id: `c${++seq}`, name, attempt: 1, runId: null, payload });
const answerTo = (id) => (m) => m.id === id && (m.type === 'result' || m.type === 'error');
const deepEqual = (a, b) => JSON.stringify(a) === JSON.stringify(b);

let failed = 0;
async function check(name, fn, { optional = false } = {}) {
  try {
    await fn();
    process.stdout.write(`ok    ${name}\n`);
  } catch (err) {
    if (optional) process.stdout.write(`warn  ${name}: ${err.message}\n`);
    else {
      failed++;
      process.stdout.write(`FAIL  ${name}: ${err.message}\n`);
    }
  }
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

await check('says {"type":"ready","protocol":1} first', async () => {
  const [m] = await Promise.race([collect(() => true, 1, 10_000), exited.then((x) => Promise.reject(new Error(`exited first (${JSON.stringify(x)}); stderr: ${stderr.slice(-300)}`)))]);
  assert(m.type === 'ready' && m.protocol === 1, `first message was ${JSON.stringify(m)}`);
});
if (failed > 0) {
  // Nothing else can be checked without the handshake.
  if (child.exitCode === null) child.kill('SIGKILL');
  if (violations.length) process.stdout.write(`      stdout: ${violations[0]}\n`);
  process.stdout.write('1 check(s) failed\n');
  process.exit(1);
}
await check('echo returns the payload unchanged (unicode, nesting, 100 KB)', async () => {
  const payload = { s: 'héllo ✓ "quoted" \n newline', n: [1, 2.5, null, true], deep: { a: { b: { c: 'x'.repeat(100_000) } } } };
  const t = task('conformance.echo', payload);
  const wait = collect(answerTo(t.id), 1, 5000);
  send([t]);
  const [m] = await wait;
  assert(m.type === 'result' && deepEqual(m.result, payload), `got ${JSON.stringify(m).slice(0, 200)}`);
});
await check('a failing task answers type "error" with its message, retryable', async () => {
  const t = task('conformance.fail', { message: 'boom-42' });
  const wait = collect(answerTo(t.id), 1, 5000);
  send([t]);
  const [m] = await wait;
  assert(m.type === 'error' && m.error.message.includes('boom-42') && m.error.retryable !== false, JSON.stringify(m));
});
await check('a NonRetryable failure says retryable: false', async () => {
  const t = task('conformance.fail', { message: 'final-7', final: true });
  const wait = collect(answerTo(t.id), 1, 5000);
  send([t]);
  const [m] = await wait;
  assert(m.type === 'error' && m.error.retryable === false, JSON.stringify(m));
});
await check('an unknown task name is an error answer, not a crash', async () => {
  const t = task('conformance.no-such-task', null);
  const wait = collect(answerTo(t.id), 1, 5000);
  send([t]);
  const [m] = await wait;
  assert(m.type === 'error', JSON.stringify(m));
});
await check('progress, log and spawn carry the task id and come before the result', async () => {
  const t = task('conformance.progress', null);
  const wait = collect((m) => m.id === t.id, 4, 5000);
  send([t]);
  const ms = await wait;
  const types = ms.map((m) => m.type);
  assert(types.includes('progress') && types.includes('log') && types.includes('spawn'), `got ${types.join(',')}`);
  assert(types.at(-1) === 'result' && ms.at(-1).result === 'done', `last was ${JSON.stringify(ms.at(-1))}`);
  const sp = ms.find((m) => m.type === 'spawn');
  assert(Array.isArray(sp.spawn) && sp.spawn[0].name === 'conformance.echo', `spawn was ${JSON.stringify(sp)}`);
});
await check('1,000 pipelined tasks written at once are all answered, each under its own id', async () => {
  const ts = Array.from({ length: 1000 }, (_, i) => task('conformance.echo', { i }));
  const ids = new Set(ts.map((t) => t.id));
  const wait = collect((m) => ids.has(m.id) && m.type === 'result', 1000, 20_000);
  send(ts);
  const ms = await wait;
  assert(ms.every((m) => deepEqual(m.result, { i: Number(m.id.slice(1)) - Number(ts[0].id.slice(1)) })), 'a result does not match its id');
});
await check('many tasks in flight: 20 tasks of 300 ms finish in under 3 s', async () => {
  const ts = Array.from({ length: 20 }, () => task('conformance.sleep', { ms: 300 }));
  const ids = new Set(ts.map((t) => t.id));
  const started = Date.now();
  const wait = collect((m) => ids.has(m.id) && (m.type === 'result' || m.type === 'error'), 20, 10_000);
  send(ts);
  await wait;
  assert(Date.now() - started < 3000, `took ${Date.now() - started} ms: tasks ran one at a time`);
}, { optional: true });
await check('exits with code 0 soon after stdin closes', async () => {
  child.stdin.end();
  const x = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 5000))]);
  assert(x !== null, 'still running 5 s after stdin closed');
  assert(x.code === 0, `exit ${JSON.stringify(x)}`);
});
await check('every stdout line was a protocol message', async () => {
  assert(violations.length === 0, violations.slice(0, 3).join('; '));
});
if (child.exitCode === null) child.kill('SIGKILL');
process.stdout.write(failed === 0 ? 'runner conforms to protocol 1\n' : `${failed} check(s) failed\n`);
process.exit(failed === 0 ? 0 : 1);
