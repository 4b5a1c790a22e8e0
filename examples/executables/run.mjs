#!/usr/bin/env node
// Executables as tasks: runs every unit in ./units (a Python task, a shell task that spawns
// subtasks, a C program built by its set-up step, a long-lived Python runner) on an embedded
// SQLite store, then prints each task's outcome and one task's log. Where bubblewrap is
// installed (Debian package "bubblewrap"), it also runs the jailed unit in ./jailed, which
// reports what a jailed task can see; without it, it says so and runs the rest.
//
//   npm run build && node examples/executables/run.mjs [path/to/store.db]
//
// The same directories are served from the command line with:
//   taskframe worker --units examples/executables/units
//   taskframe worker --units examples/executables/jailed     (refused, naming the package, without bubblewrap)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Taskframe, ValidationError, loadUnitHandlers } from '../../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dbFile = process.argv[2] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-exec-example-')), 'example.db');
// Set-up folders; a jail's own user reads them, so the folder is readable by others.
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-exec-example-state-'));
fs.chmodSync(stateDir, 0o755);
const tf = await Taskframe.open({ db: `sqlite:${dbFile}` });
const units = loadUnitHandlers(tf.engine, path.join(here, 'units'), { stateDir });
let jailed = null;
try {
  jailed = loadUnitHandlers(tf.engine, path.join(here, 'jailed'), { stateDir });
} catch (err) {
  // The worker checks what a jail needs before it takes a task: bubblewrap, and a jail that starts.
  if (!(err instanceof ValidationError)) throw err;
  console.log(`jailed unit not run: ${err.message}`);
}
console.log(`units: ${[...units.units.keys()].join(', ')}${jailed ? `; jailed: ${[...jailed.units.keys()].join(', ')}` : ''}`);

const wc = await tf.enqueue('word-count', { text: 'The quick brown fox jumps over the lazy dog; the fox naps.' });
await tf.enqueue('fan-out', { items: ['alpha', 'beta'] });
await tf.enqueue('checksum', 'hello, world');
await tf.enqueueMany(['ada', 'grace', 'linus'].map((name) => ({ name: 'greeter', payload: { name } })));
await tf.enqueue('greeter', {}, { maxAttempts: 5 });
if (jailed) await tf.enqueue('peek');

const worker = tf.worker({ handlers: { ...units.handlers, ...jailed?.handlers }, concurrency: 8, drain: true, maintenance: false });
worker.start();
await worker.drained;
await tf.engine.flush();

const tasks = (await tf.engine.list({ limit: 100 })).reverse();
for (const t of tasks) {
  const outcome = t.state === 'succeeded' ? `result: ${JSON.stringify(t.result)}` : `error: ${t.error?.message.split('\n')[0]}`;
  console.log(`${t.name.padEnd(11)} #${t.id.padEnd(3)} ${t.state.padEnd(9)} attempt ${t.attempt}/${t.maxAttempts}${t.parentId ? ` parent #${t.parentId}` : ''}  ${outcome}`);
}
console.log(`\nlog of word-count #${wc.id} (taskframe logs ${wc.id}):`);
for (const l of await tf.engine.logs.list({ taskId: wc.id, limit: 100 })) console.log(`  ${l.stream.padEnd(6)} ${l.text}`);
await tf.close();
await units.close();
await jailed?.close();
fs.rmSync(stateDir, { recursive: true, force: true });
