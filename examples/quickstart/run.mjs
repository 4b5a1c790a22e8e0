#!/usr/bin/env node
// The quick start: enqueue a batch of example tasks on the embedded SQLite store, run a worker
// until they are done, then show every task's state and result, and one task's audit trail.
import fs from 'node:fs';
import { Taskframe } from '../../dist/index.js';
import handlers from './handlers.mjs';

const db = process.argv[2] ?? './taskframe-demo.db';
for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });

const tf = await Taskframe.open({ db: `sqlite:${db}` });
const quickRetry = { kind: 'fixed', baseMs: 200, capMs: 200 };
const tasks = await tf.enqueueMany([
  ...['cat.jpg', 'dog.png', 'owl.jpg'].flatMap((image) => [320, 1280].map((width) => ({ name: 'thumbnail', payload: { image, width } }))),
  { name: 'fetch-rates', payload: { base: 'EUR' }, backoff: quickRetry, priority: 10 },
  { name: 'slow-report', payload: { month: '2026-10' }, timeout: '300ms', maxAttempts: 2, backoff: quickRetry },
  { name: 'send-invoice', payload: { to: 'ops@example.com' }, maxAttempts: 1 },
]);
console.log(`enqueued ${tasks.length} tasks into ${db}; running a worker until they are done…\n`);

const worker = tf.worker({ handlers, concurrency: 4, drain: true, pollIntervalMs: 50 });
worker.on('task:end', (task, outcome, detail) => {
  const why = detail instanceof Error ? detail.message : detail?.error?.message;
  console.log(`  ${task.name.padEnd(12)} #${task.id} attempt ${task.attempt}: ${outcome}${outcome !== 'succeeded' && why ? ` (${why})` : ''}`);
});
worker.start();
await worker.drained;
await worker.stop();

console.log('\nid  name          state      attempts  result / error');
for (const t of (await tf.engine.list({ limit: 100 })).reverse()) {
  const out = t.error ? `error: ${t.error.message}` : JSON.stringify(t.result);
  console.log(`${t.id.padEnd(3)} ${t.name.padEnd(13)} ${t.state.padEnd(10)} ${`${t.attempt}/${t.maxAttempts}`.padEnd(9)} ${out}`);
}
const flaky = tasks.find((t) => t.name === 'fetch-rates');
console.log(`\naudit trail of task ${flaky.id} (fetch-rates):`);
for (const e of await tf.events(flaky.id)) console.log(`  ${new Date(e.at).toISOString()}  ${e.type.padEnd(16)} attempt ${e.attempt}`);
console.log(`\nInspect it yourself: npx taskframe --db sqlite:${db} ls   (or status ID, audit ID)`);
await tf.close();
