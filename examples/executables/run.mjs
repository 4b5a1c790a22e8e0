#!/usr/bin/env node
// Executables as tasks: runs every unit in ./units (a Python task, a shell task that spawns
// subtasks, a C program built by its set-up step and run in a jail, a long-lived Python
// runner) on an embedded SQLite store, then prints each task's outcome and one task's log.
//
//   npm run build && node examples/executables/run.mjs [path/to/store.db]
//
// The same directory is served from the command line with:
//   taskframe worker --units examples/executables/units
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Taskframe, loadUnitHandlers } from '../../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dbFile = process.argv[2] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tf-exec-example-')), 'example.db');
const tf = await Taskframe.open({ db: `sqlite:${dbFile}` });
const units = loadUnitHandlers(tf.engine, path.join(here, 'units'), { stateDir: path.join(path.dirname(dbFile), 'unit-state') });
console.log(`units: ${[...units.units.keys()].join(', ')}`);

const wc = await tf.enqueue('word-count', { text: 'The quick brown fox jumps over the lazy dog; the fox naps.' });
await tf.enqueue('fan-out', { items: ['alpha', 'beta'] });
await tf.enqueue('checksum', 'hello, world');
await tf.enqueueMany(['ada', 'grace', 'linus'].map((name) => ({ name: 'greeter', payload: { name } })));
await tf.enqueue('greeter', {}, { maxAttempts: 5 });

const worker = tf.worker({ handlers: units.handlers, concurrency: 8, drain: true, maintenance: false });
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
