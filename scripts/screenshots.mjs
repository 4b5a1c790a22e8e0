#!/usr/bin/env node
// Screenshots of the console's main views for docs/ and the README: `npm run screenshots`.
// Builds a small, realistic store (a diamond run, a failed checkout, a 2,000-item fan-out, tasks
// in several queues, workers holding tasks, a minute of throughput), serves it, and drives
// Debian's Chromium (playwright-core, no browser download) through the views.
//
//   TASKFRAME_CHROMIUM=/path/to/chromium   another browser binary (default /usr/bin/chromium)
//   --out DIR                              where to write the PNGs (default docs/)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Engine } from '../dist/engine/engine.js';
import { NonRetryableError } from '../dist/model/errors.js';
import { buildApp } from '../dist/server/app.js';
import { createLogger } from '../dist/logger.js';
import { openStore } from '../dist/store/open.js';
import { Worker } from '../dist/worker/worker.js';
import { workflowHandlers } from '../dist/workflow/handlers.js';
import { submitWorkflow } from '../dist/workflow/submit.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const OUT = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(ROOT, 'docs'));
const CHROMIUM = process.env.TASKFRAME_CHROMIUM ?? '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.error(`screenshots need Chromium at ${CHROMIUM} (apt-get install -y chromium, or set TASKFRAME_CHROMIUM)`);
  process.exit(2);
}
const TOKEN = 'screenshots-admin-token-0123456789';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskframe-shots-'));
const store = await openStore(`sqlite:${path.join(dir, 'console.db')}`);
const engine = new Engine({ store });
const app = await buildApp({ engine, tokens: [{ name: 'ops', token: TOKEN, scopes: ['admin'] }], logger: createLogger({ level: 'error' }), pollMs: 100 });
const url = await app.listen({ host: '127.0.0.1', port: 0 });

let release;
const gate = new Promise((r) => (release = r));
const handlers = {
  'etl.fetch': () => [3, 4, 5],
  'etl.squares': (p) => p.xs.map((x) => x * x),
  'etl.total': (p) => p.xs.reduce((a, b) => a + b, 0),
  'etl.join': (p) => ({ sumOfSquares: p.squares.reduce((a, b) => a + b, 0), sum: p.total }),
  'shop.reserve': () => ({ order: 'A-17', items: 3 }),
  'shop.charge': () => {
    throw new NonRetryableError('card declined: insufficient funds (order A-17)');
  },
  'shop.email': () => 'sent',
  'img.resize': async (p) => {
    await sleep(20);
    return { id: p.i, bytes: 1000 + p.i };
  },
  'img.index': (p) => ({ indexed: p.n }),
  'billing.invoice': async () => {
    await sleep(2);
    return 'ok';
  },
  'video.encode': () => gate,
};
const workers = [
  new Worker(engine, { handlers: workflowHandlers(engine, handlers), concurrency: 16, pollIntervalMs: 20, queues: ['default', 'billing', 'images'] }).start(),
  new Worker(engine, { handlers: workflowHandlers(engine, handlers), concurrency: 2, pollIntervalMs: 20, queues: ['video'], workerId: 'encoder-1' }).start(),
];

const submit = (yaml, inputs) => submitWorkflow(engine, yaml, { file: 'demo.yaml', inputs, trigger: 'cli' });
const diamond = await submit(`name: nightly-etl
inputs:
  region: eu
tasks:
  fetch: { handler: etl.fetch }
  squares:
    handler: etl.squares
    needs: fetch
    payload: { xs: "\${{ needs.fetch.output }}" }
  total:
    handler: etl.total
    needs: fetch
    payload: { xs: "\${{ needs.fetch.output }}" }
  join:
    handler: etl.join
    needs: [squares, total]
    payload: { squares: "\${{ needs.squares.output }}", total: "\${{ needs.total.output }}" }
outputs:
  result: \${{ needs.join.output }}
`);
const failed = await submit(`name: checkout
tasks:
  reserve: { handler: shop.reserve }
  charge: { handler: shop.charge, needs: reserve }
  email: { handler: shop.email, needs: charge }
`);
const fanout = await submit(`name: thumbnails
inputs:
  n: 2000
tasks:
  resize:
    handler: img.resize
    queue: images
    foreach: \${{ range(inputs.n) }}
    concurrency: 16
    payload: { i: "\${{ item }}" }
  index:
    handler: img.index
    queue: images
    needs: resize
    payload: { n: "\${{ len(needs.resize.output) }}" }
`);
// Flow control for its view: at most 2 encodes at once, invoices per customer, a few pauses.
await engine.flow.setLimit({ name: 'video.encode', concurrency: 2 });
await engine.flow.setLimit({ name: 'billing.invoice', key: 'payload.customer.id', rate: '20/1s', concurrency: 4 });
await engine.enqueueMany([{ name: 'video.encode', queue: 'video', payload: { file: 'launch.mov' } }, { name: 'video.encode', queue: 'video', payload: { file: 'teaser.mov' } }]);
for (const id of [diamond.id, failed.id, fanout.id]) await engine.runs.wait(id);
// A minute of traffic for the throughput charts: invoices at a changing rate, a few failing.
const t0 = Date.now();
let k = 0;
while (Date.now() - t0 < 45_000) {
  const rate = Math.round((150 + 100 * Math.sin((Date.now() - t0) / 6000)) / 5);
  await engine.enqueueMany(Array.from({ length: rate }, () => ({ name: 'billing.invoice', queue: 'billing', payload: { customer: { id: 1000 + (k++ % 50) }, total: (k * 37) % 500 }, tags: [k % 3 ? 'eu' : 'us'] })));
  if (Math.random() < 0.05) await engine.enqueue('shop.charge', { customer: { id: 42 } }, { queue: 'default', maxAttempts: 1 });
  await sleep(200);
}
await engine.enqueueMany(Array.from({ length: 1234 }, (_, i) => ({ name: 'report.render', queue: 'reports', payload: { page: i } })));
await engine.enqueue('billing.invoice', { customer: { id: 42 }, total: 99 }, { queue: 'billing-hold', tags: ['eu'] });

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'taskframe-shots-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 860 },
  locale: 'en-US',
  timezoneId: 'UTC',
});
const page = context.pages()[0] ?? (await context.newPage());
const errors = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('pageerror', (e) => errors.push(e.message));
fs.mkdirSync(OUT, { recursive: true });
const shot = async (name, full = false) => {
  await sleep(400);
  const file = path.join(OUT, `console-${name}.png`);
  await page.screenshot({ path: file, fullPage: full });
  console.log(`wrote ${path.relative(ROOT, file)}`);
};
/* global location -- the function given to page.evaluate runs in the browser */
const go = (hash) => page.evaluate((h) => (location.hash = h), hash);

await page.goto(`${url}/dashboard/`);
await page.fill('#token', TOKEN);
await page.click('#login button[type=submit]');
await page.waitForSelector('#queues tr[data-queue="billing"]');
await page.waitForSelector('#workers tr[data-worker="encoder-1"]');
await shot('queues', true);
await go('#/runs');
await page.waitForSelector('#runs tbody tr');
await shot('runs');
await go(`#/runs/${diamond.id}`);
await page.waitForSelector('#steps .row[data-step="join"]');
await shot('run', true);
await go(`#/runs/${failed.id}`);
await page.waitForSelector('#failed-steps');
await shot('run-failed', true);
await go(`#/runs/${fanout.id}`);
await page.waitForSelector('#steps .row.group');
await page.click('#steps .row.group .toggle');
await page.waitForSelector('#steps .row[data-step="resize[0]"]');
await shot('run-foreach', true);
await go(`#/runs/${failed.id}`);
await page.waitForSelector('#failed-steps li a');
await page.click('#failed-steps li a');
await page.waitForSelector('#error-card:not([hidden])');
await page.waitForSelector('#events tr[data-event="failed"]');
await shot('task', true);
await go('#/tasks?payload=customer.id%3D42&name=billing.*');
await page.waitForSelector('#tasks tbody tr');
await shot('tasks-search');
await engine.flow.pause({ name: 'report.render' });
await engine.flow.pause({ queue: 'billing-hold' });
await engine.flow.pause({ schedule: 'nightly-etl' });
await go('#/flow');
await page.waitForSelector('#flow-limits tr[data-limit="name=video.encode"]');
await page.waitForSelector('[data-paused="schedule:nightly-etl"]');
await shot('flow', true);

release();
await context.close();
for (const w of workers) await w.stop(500);
await app.close();
await engine.flush();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(profile, { recursive: true, force: true });
if (errors.length) {
  console.error(`console errors while taking screenshots:\n${errors.join('\n')}`);
  process.exit(1);
}
