/**
 * The dashboard in headless Chromium (Debian's chromium driven by playwright-core; no browser
 * download): sign in, see a queue's counts, open a run and see its graph coloured by state,
 * watch a task go from pending to succeeded live while a remote worker runs it, read its logs,
 * cancel and retry from the buttons. Screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TaskframeClient } from '../../src/client/client.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { IN_CI } from '../helpers/services.js';
import { tempDir } from '../helpers/stores.js';
import { ROOT, TOKENS, api, startServer, type ServerProcess } from './harness.js';

const CHROMIUM = process.env.TASKFRAME_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (IN_CI) throw new Error(`${CHROMIUM} is missing (CI must apt-get install chromium)`);
  console.warn(`NOTICE: skipping browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`);
}

let server: ServerProcess;
let store: Store;
let browser: Browser;
let page: Page;
let producer: TaskframeClient;
let worker: TaskframeClient;

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

describe.skipIf(!haveChromium)('dashboard', () => {
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const db = `sqlite:${tempDir()}/web.db`;
    server = await startServer(db, { TASKFRAME_LOG_LEVEL: 'warn' });
    store = await openStore(db);
    producer = new TaskframeClient({ url: server.url, token: TOKENS.producer });
    worker = new TaskframeClient({ url: server.url, token: TOKENS.worker });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => {
      throw err;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await store?.close();
  });

  test('sign in: a wrong token is refused, a right one shows the queues', async () => {
    await producer.enqueueMany([
      { name: 'web.a', queue: 'web-q' },
      { name: 'web.b', queue: 'web-q' },
      { name: 'web.c', queue: 'web-q', priority: 1 },
    ]);
    await page.goto(`${server.url}/`);
    await page.fill('#token', 'wrong-token-000000000');
    await page.click('#login button[type=submit]');
    await expect.poll(() => page.textContent('#login-error')).toContain('refused');
    await page.fill('#token', TOKENS.admin);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#queues tr[data-queue="web-q"]');
    expect(await page.textContent('#who')).toContain('root');
    expect(await page.textContent('tr[data-queue="web-q"] td[data-count="pending"]')).toBe('3');
    await shot('queues');
    // Counts follow the store live.
    const [c] = await worker.claim({ workerId: 'web-w', queues: ['web-q'], limit: 1 });
    await worker.succeed(c!.id, c!.leaseToken, 'ok');
    await expect.poll(() => page.textContent('tr[data-queue="web-q"] td[data-count="succeeded"]'), { timeout: 10_000 }).toBe('1');
    expect(await page.textContent('tr[data-queue="web-q"] td[data-count="pending"]')).toBe('2');
    // The worker that just claimed shows among the live remote workers.
    await expect.poll(() => page.textContent('#workers'), { timeout: 10_000 }).toContain('web-w');
  });

  test("a run's graph, coloured by state, updating live", async () => {
    await store.runInsert({ run: { id: 'run-web-1', name: 'nightly-etl', state: 'running', spec: {}, inputs: null, outputs: null, error: null, trigger: 'test', createdAt: Date.now() } });
    const extract = (await producer.enqueue({ name: 'extract', queue: 'web-run', runId: 'run-web-1' })).task;
    const transform = (await producer.enqueue({ name: 'transform', queue: 'web-run', runId: 'run-web-1', dependsOn: [extract.id] })).task;
    await producer.enqueue({ name: 'load', queue: 'web-run', runId: 'run-web-1', dependsOn: [transform.id] });
    await page.goto(`${server.url}/dashboard/#/runs`);
    await page.click('a[href="#/runs/run-web-1"]');
    await page.waitForSelector('#dag g.node[data-name="load"]');
    const states = () => page.$$eval('#dag g.node', (els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-state')}`));
    expect(await states()).toEqual(['extract:pending', 'transform:blocked', 'load:blocked']);
    expect(await page.$$eval('#dag path.edge', (els) => els.length)).toBe(2);
    await shot('run-before');
    const [c] = await worker.claim({ workerId: 'web-w', queues: ['web-run'], limit: 1 });
    await worker.succeed(c!.id, c!.leaseToken);
    await page.waitForSelector('#dag g.node[data-name="transform"][data-state="pending"]');
    expect(await states()).toEqual(['extract:succeeded', 'transform:pending', 'load:blocked']);
    await shot('run-after');
    // Cancelling the run from its page cancels what had not finished.
    await page.click('#cancel-run');
    await page.click('#confirm-ok');
    await page.waitForSelector('#dag g.node[data-name="load"][data-state="cancelled"]');
    expect(await states()).toEqual(['extract:succeeded', 'transform:cancelled', 'load:cancelled']);
    expect((await store.runGet({ id: 'run-web-1' }))?.state).toBe('cancelled');
  });

  test("a workflow run's graph names its steps, draws a foreach's items as one node (step[i] in the tree), and draws no bookkeeping", async () => {
    const yaml = 'name: web-steps\ntasks:\n  fetch: { handler: web.fetch, queue: web-steps }\n  map: { handler: web.map, needs: fetch, foreach: [1, 2], queue: web-steps }\n';
    const { status, body } = await api(server.url, TOKENS.producer, 'POST', '/v1/runs', { workflow: yaml });
    expect(status).toBe(201);
    await page.goto(`${server.url}/dashboard/#/runs/${body.run.id}`);
    await page.waitForSelector('#dag g.node[data-step="map"]');
    const nodes = await page.$$eval('#dag g.node', (els) => els.map((e) => `${e.getAttribute('data-step')}:${e.querySelector('text')?.textContent}`));
    expect(nodes).toEqual(['fetch:fetch', 'map:map ×2']);
    // Two items: the tree shows them open, each by its step.
    await page.waitForSelector('#steps .row[data-step="map[1]"]');
    expect(await page.$$eval('#steps .row', (els) => els.map((e) => e.getAttribute('data-step')))).toEqual(['fetch', 'map', 'map[0]', 'map[1]']);
  });

  test('a task goes from pending to succeeded live, with its log tail and audit trail', async () => {
    const { task } = await producer.enqueue({ name: 'web.live', queue: 'web-live', payload: { hello: 'world' } });
    await page.goto(`${server.url}/dashboard/#/tasks?queue=web-live`);
    await page.click(`tr[data-task="${task.id}"] a`);
    await page.waitForSelector('h1 .state-pending');
    expect(await page.textContent('#payload')).toContain('"hello": "world"');
    await shot('task-pending');
    const [c] = await worker.claim({ workerId: 'web-live-worker', queues: ['web-live'], limit: 1 });
    await page.waitForSelector('h1 .state-running');
    await worker.appendLogs(c!.id, c!.leaseToken, [{ text: 'step 1 of 2' }, { stream: 'stderr', text: 'warning: slow disk' }]);
    await expect.poll(() => page.textContent('#log'), { timeout: 10_000 }).toContain('warning: slow disk');
    await worker.appendLogs(c!.id, c!.leaseToken, [{ text: 'step 2 of 2' }]);
    await worker.succeed(c!.id, c!.leaseToken, { rows: 42 });
    await page.waitForSelector('h1 .state-succeeded');
    await expect.poll(() => page.textContent('#log'), { timeout: 10_000 }).toContain('step 2 of 2');
    expect(await page.textContent('#log')).toBe('step 1 of 2\nwarning: slow disk\nstep 2 of 2\n');
    expect(await page.textContent('#result')).toContain('"rows": 42');
    await expect.poll(() => page.$$eval('#events tbody tr', (els) => els.length), { timeout: 10_000 }).toBe(3);
    expect(await page.$$eval('#events tbody tr td:nth-child(2)', (els) => els.map((e) => e.textContent))).toEqual(['created', 'claimed', 'succeeded']);
    await shot('task-succeeded');
  });

  test('cancel and retry buttons', async () => {
    const { task } = await producer.enqueue({ name: 'web.cancel', queue: 'web-cancel' });
    await page.goto(`${server.url}/dashboard/#/tasks/${task.id}`);
    await page.waitForSelector('#cancel:not([disabled])');
    await page.click('#cancel');
    await page.click('#confirm-ok');
    await page.waitForSelector('h1 .state-cancelled');
    expect((await producer.get(task.id)).state).toBe('cancelled');
    await page.waitForSelector('#retry:not([disabled])');
    await page.click('#retry');
    await page.click('#confirm-ok');
    await page.waitForSelector('h1 .state-pending');
    expect((await producer.get(task.id)).state).toBe('pending');
    await shot('task-retried');
  });
});
