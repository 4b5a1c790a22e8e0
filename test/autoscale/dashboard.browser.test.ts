/**
 * The dashboard's autoscaling panel in headless Chromium: hidden while no autoscaler has
 * recorded anything; then desired against running per group and the last decision's reason,
 * following the record as it changes. Screenshot in test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveAutoscaleConfig } from '../../src/autoscale/config.js';
import { Autoscaler } from '../../src/autoscale/runner.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { buildApp } from '../../src/server/app.js';
import { IN_CI } from '../helpers/services.js';
import { freshSqlite, type TestStore } from '../helpers/stores.js';
import { ROOT, TOKENS } from '../server/harness.js';
import { Fleet } from './fleet.js';

const CHROMIUM = process.env.TASKFRAME_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (IN_CI) throw new Error(`${CHROMIUM} is missing (CI must apt-get install chromium)`);
  console.warn(`NOTICE: skipping the autoscale dashboard test: ${CHROMIUM} not found (apt-get install -y chromium)`);
}

let ts: TestStore;
let engine: Engine;
let app: FastifyInstance;
let url: string;
let browser: Browser;
const logger = createLogger({ level: 'silent' });

describe.skipIf(!haveChromium)('dashboard: autoscaling panel', () => {
  beforeAll(async () => {
    ts = await freshSqlite();
    engine = new Engine({ store: ts.store });
    app = await buildApp({ engine, tokens: [{ name: 'root', token: TOKENS.admin, scopes: ['admin'] }], followFeed: false, logger });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await engine?.flush();
    await ts?.cleanup();
  });

  test('desired vs running per group and the last decisions with their reasons', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (err) => {
      throw err;
    });
    await page.goto(`${url}/`);
    await page.fill('#token', TOKENS.admin);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#queues');
    expect(await page.isHidden('#autoscale')).toBe(true);

    const config = resolveAutoscaleConfig({ groups: [{ name: 'mail', policy: { maxWorkers: 6 }, provider: { type: 'keda' } }] });
    const fleet = new Fleet('mail');
    const autoscaler = new Autoscaler(engine, { config, holderId: 'scaler-1', providerFor: () => fleet, logger });
    await engine.enqueueMany(Array.from({ length: 80 }, () => ({ name: 'send', queue: 'mail' })));
    await autoscaler.runOnce();
    await page.waitForSelector('#autoscale tr[data-group="mail"]');
    expect(await page.textContent('#autoscale tr[data-group="mail"] td[data-desired]')).toBe('2');
    expect(await page.textContent('#autoscale tr[data-group="mail"] td[data-running]')).toBe('2');
    expect(await page.textContent('#autoscale tr[data-group="mail"]')).toContain('80 ready');
    expect(await page.textContent('#autoscale .decisions')).toMatch(/mail: 0 → 2 \[wake\]/);

    // The provider fails: the panel says so, live.
    fleet.failing = 'quota exceeded';
    await engine.enqueueMany(Array.from({ length: 200 }, () => ({ name: 'send', queue: 'mail' })));
    await autoscaler.runOnce();
    await expect.poll(() => page.textContent('#autoscale tr[data-group="mail"]'), { timeout: 10_000 }).toContain('provider error: fleet provider (group mail): quota exceeded');
    expect(await page.textContent('#autoscale tr[data-group="mail"] td[data-desired]')).toBe('6');
    fs.mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts', 'dashboard-autoscale.png'), fullPage: true });
    await autoscaler.stop();
  });
});
