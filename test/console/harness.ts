/**
 * The console under test: a real server (buildApp, listening on a free port) over a fresh store,
 * an in-process worker with the demo handlers below, and Debian's Chromium driven by
 * playwright-core (no browser download). Every console message of type error and every page
 * error is collected, so a test can say there were none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { Engine } from '../../src/engine/engine.js';
import { NonRetryableError } from '../../src/model/errors.js';
import { buildApp } from '../../src/server/app.js';
import type { HandlerMap } from '../../src/worker/worker.js';
import { Worker } from '../../src/worker/worker.js';
import { workflowHandlers } from '../../src/workflow/handlers.js';
import { submitWorkflow } from '../../src/workflow/submit.js';
import { IN_CI } from '../helpers/services.js';
import { freshStore, tempDir, type DriverName, type TestStore } from '../helpers/stores.js';

export const CHROMIUM = process.env.TASKFRAME_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (IN_CI) throw new Error(`${CHROMIUM} is missing (CI must apt-get install chromium)`);
  console.warn(`NOTICE: skipping console browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`);
}

export const TOKENS = { admin: 'console-admin-0123456789', producer: 'console-producer-0123456', worker: 'console-worker-01234567' };

export const DEMO_HANDLERS: HandlerMap = {
  'demo.fetch': () => [3, 4, 5],
  'demo.squares': (p: { xs: number[] }) => p.xs.map((x) => x * x),
  'demo.total': (p: { xs: number[] }) => p.xs.reduce((a, b) => a + b, 0),
  'demo.join': (p: { squares: number[]; total: number }) => ({ sumOfSquares: p.squares.reduce((a, b) => a + b, 0), sum: p.total }),
  'demo.prepare': () => ({ order: 'A-17' }),
  'demo.charge': () => {
    throw new NonRetryableError('card declined: insufficient funds (order A-17)');
  },
  'demo.notify': () => 'sent',
  'demo.item': (p: { i: number }) => p.i * 2,
};

export const DIAMOND = `name: diamond
tasks:
  fetch:
    handler: demo.fetch
  squares:
    handler: demo.squares
    needs: fetch
    payload:
      xs: \${{ needs.fetch.output }}
  total:
    handler: demo.total
    needs: fetch
    payload:
      xs: \${{ needs.fetch.output }}
  join:
    handler: demo.join
    needs: [squares, total]
    payload:
      squares: \${{ needs.squares.output }}
      total: \${{ needs.total.output }}
outputs:
  result: \${{ needs.join.output }}
`;

export const FAILING = `name: checkout
tasks:
  prepare:
    handler: demo.prepare
  charge:
    handler: demo.charge
    needs: prepare
  notify:
    handler: demo.notify
    needs: charge
`;

export const foreach = (n: number) => `name: fan-out
tasks:
  map:
    handler: demo.item
    foreach: \${{ range(${n}) }}
    payload:
      i: \${{ item }}
  reduce:
    handler: demo.notify
    needs: map
`;

export interface ConsoleServer {
  url: string;
  engine: Engine;
  app: FastifyInstance;
  ts: TestStore;
  /** Starts an in-process worker with the demo handlers (stopped by close()). */
  work(options?: { concurrency?: number; queues?: string[]; handlers?: HandlerMap }): Worker;
  submit(yaml: string, inputs?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function consoleServer(options: { driver?: DriverName; statsIntervalMs?: number } = {}): Promise<ConsoleServer> {
  const ts = await freshStore(options.driver ?? 'sqlite');
  const engine = new Engine({ store: ts.store });
  const app = await buildApp({
    engine,
    tokens: [
      { name: 'root', token: TOKENS.admin, scopes: ['admin'] },
      { name: 'viewer', token: TOKENS.producer, scopes: ['producer'] },
      { name: 'pool', token: TOKENS.worker, scopes: ['worker'] },
    ],
    logger: (await import('../../src/logger.js')).createLogger({ name: 'console-test', level: 'warn' }),
    pollMs: 50,
    statsIntervalMs: options.statsIntervalMs ?? 250,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const workers: Worker[] = [];
  return {
    url,
    engine,
    app,
    ts,
    work(o = {}) {
      const w = new Worker(engine, { handlers: workflowHandlers(engine, o.handlers ?? DEMO_HANDLERS), concurrency: o.concurrency ?? 8, pollIntervalMs: 20, ...(o.queues ? { queues: o.queues } : {}) }).start();
      workers.push(w);
      return w;
    },
    async submit(yaml, inputs = {}) {
      return (await submitWorkflow(engine, yaml, { file: 'test.yaml', inputs })).id;
    },
    async close() {
      for (const w of workers) await w.stop(200);
      await app.close();
      await engine.flush();
      await ts.cleanup();
    },
  };
}

export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Each browser's collected errors, by page: a failed first load that signIn retried is not the test's error. */
const collected = new WeakMap<Page, string[]>();

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<ConsoleBrowser> {
  const profile = tempDir('taskframe-chromium-');
  // A fresh profile per browser (launchPersistentContext is how playwright takes --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  collected.set(page, errors);
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the console and signs in. The sign-in form shows once every module of the page has
 * loaded and run; a module that failed to load leaves it hidden. Once (a CI run saw it, without
 * saying why) the form never showed: what the page reported while loading is now printed, and
 * the page is loaded a second time before the test is failed with that report.
 */
export async function signIn(page: Page, url: string, token = TOKENS.admin, hash = '#/queues'): Promise<void> {
  const seen: string[] = [];
  const onFailed = (r: { url(): string; failure(): { errorText: string } | null }) => seen.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`);
  const onResponse = (r: { url(): string; status(): number }) => {
    if (r.status() >= 400) seen.push(`HTTP ${r.status()}: ${r.url()}`);
  };
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.push(`console ${m.type()}: ${m.text()}`);
  };
  const onError = (e: Error) => seen.push(`page error: ${e.message}`);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  const errors = collected.get(page);
  const errorsBefore = errors?.length ?? 0;
  try {
    for (let attempt = 1; ; attempt++) {
      // The same address again would only be a hash change: the second load must be a reload.
      if (attempt === 1) await page.goto(`${url}/dashboard/${hash}`);
      else await page.reload();
      const shown = await page.waitForSelector('#token', { state: 'visible', timeout: 15_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      const report = `the sign-in form did not show (attempt ${attempt}); the page reported: ${seen.length ? seen.join('; ') : 'nothing'}`;
      if (attempt === 2) throw new Error(report);
      console.warn(`NOTICE: ${report}; loading it again`);
      seen.length = 0;
      errors?.splice(errorsBefore);
    }
  } finally {
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  await page.fill('#token', token);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#nav:not([hidden])');
}

export const ARTIFACTS = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'test-artifacts');
