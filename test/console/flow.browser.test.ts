/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The console's flow-control view in headless Chromium against a real server: a keyed limit and
 * its use (one running of K=1 for a tenant while a second task of it waits), pauses of a task
 * name, a queue and a schedule; resume from the page releases the paused task and shows in the
 * audit; a producer token
 * sees the same but has no buttons; a bad pause target is refused with the server's message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, TOKENS, consoleServer, haveChromium, openBrowser, signIn, type ConsoleBrowser, type ConsoleServer } from './harness.js';

let srv: ConsoleServer;
let b: ConsoleBrowser;
let expectedErrors: RegExp[] = [];

const go = (hash: string) => b.page.evaluate((h) => (location.hash = h), hash);
const text = async (sel: string) => (await b.page.textContent(sel))?.trim();

describe.skipIf(!haveChromium)('console: flow control', () => {
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    srv = await consoleServer();
    b = await openBrowser();
    await signIn(b.page, srv.url, TOKENS.admin, '#/flow');
  });
  afterAll(async () => {
    await b?.close();
    await srv?.close();
  });
  afterEach(() => {
    const unexpected = b.errors.filter((e) => !expectedErrors.some((re) => re.test(e)));
    b.errors.length = 0;
    expectedErrors = [];
    expect(unexpected).toEqual([]);
  });

  test('shows limits, use per key and pauses; resume from the page releases the paused task', async () => {
    const { engine } = srv;
    // A day's window: the claim and the page read fall in one window (a minute's could roll over between them).
    await engine.flow.setLimit({ name: 'flow.slow', key: 'payload.tenant', concurrency: 1, rate: '100/1d' });
    await engine.enqueue('flow.quick', {}, { queue: 'video' });
    await engine.flow.setLimit({ id: 'video-rate', queue: 'video', rate: '5/1s' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = await Promise.all([engine.enqueue('flow.slow', { tenant: 'acme' }), engine.enqueue('flow.slow', { tenant: 'acme' })]);
    const held = await engine.enqueue('flow.held', { n: 1 });
    await engine.flow.pause({ name: 'flow.held' });
    await engine.flow.pause({ queue: 'video' });
    await engine.flow.pause({ schedule: 'nightly' });
    const w = srv.work({ handlers: { 'flow.slow': () => gate, 'flow.held': () => 'done', 'flow.quick': () => 'ok' }, concurrency: 4 });

    await go('#/flow');
    // Limits: both rules with their scope, key, rate and concurrency.
    await b.page.waitForSelector('#flow-limits tr[data-limit="video-rate"]');
    const slowId = 'name=flow.slow/key=payload.tenant';
    expect(await text(`#flow-limits tr[data-limit="${slowId}"] [data-field="name"]`)).toBe('flow.slow');
    expect(await text(`#flow-limits tr[data-limit="${slowId}"] [data-field="key"]`)).toBe('payload.tenant');
    expect(await text(`#flow-limits tr[data-limit="${slowId}"] [data-field="rate"]`)).toBe('100/1d');
    expect(await text(`#flow-limits tr[data-limit="${slowId}"] [data-field="concurrency"]`)).toBe('1');
    expect(await text('#flow-limits tr[data-limit="video-rate"] [data-field="queue"]')).toBe('video');
    expect(await text('#flow-limits tr[data-limit="video-rate"] [data-field="concurrency"]')).toBe('—');
    // Use: one acme task runs (K = 1), one claim in the day's window; the second waits.
    const row = `#flow-usage tr[data-usage="${slowId}|acme"]`;
    await b.page.waitForSelector(`${row}.at-limit`, { timeout: 20_000 });
    expect(await text(`${row} [data-field="running"]`)).toBe('1');
    expect(await text(`${row} [data-field="k"]`)).toBe('1');
    expect(await text(`${row} [data-field="window"]`)).toBe('1');
    expect(await text(`${row} [data-field="n"]`)).toBe('100 / 1d');
    const states = await Promise.all(slow.map(async (t) => (await engine.get(t.id)).state));
    expect(states.sort()).toEqual(['pending', 'running']);
    // Paused: the name, the queue and the schedule, each with a resume button; no run paused.
    expect(await b.page.$$eval('[data-paused]', (els) => els.map((e) => e.getAttribute('data-paused')).sort())).toEqual(['name:flow.held', 'queue:video', 'schedule:nightly']);
    expect(await text('[data-paused-kind="run"] .none')).toBe('none paused');
    expect((await engine.get(held.id)).state).toBe('pending');
    await b.page.screenshot({ path: path.join(ARTIFACTS, 'console-flow.png'), fullPage: true });

    // Resume the task name from the page: it leaves the list and its task runs.
    await b.page.click('[data-resume="name:flow.held"]');
    await b.page.waitForSelector('[data-paused="name:flow.held"]', { state: 'detached' });
    expect(await text('[data-paused-kind="name"] .none')).toBe('none paused');
    expect((await engine.flow.paused()).names).toEqual([]);
    await expect.poll(async () => (await engine.get(held.id)).state, { timeout: 10_000 }).toBe('succeeded');
    expect((await engine.flow.audit()).some((e) => e.action === 'resumed' && e.kind === 'name' && e.target === 'flow.held' && e.actor === 'root')).toBe(true);
    // The change is the newest line of the page's audit, with who made it.
    await b.page.waitForSelector('#flow-audit tbody tr:first-child[data-audit="resumed:name:flow.held"]');
    expect(await text('#flow-audit tbody tr:first-child td:nth-child(5)')).toBe('root');

    // Pause from the form (after confirming), and a bad target refused with the server's words.
    await b.page.selectOption('#pause-kind', 'run');
    await b.page.fill('#pause-target', 'run-that-does-not-matter');
    await b.page.click('#pause-form button[type=submit]');
    await b.page.click('#confirm-ok');
    await b.page.waitForSelector('[data-paused="run:run-that-does-not-matter"]');
    expect((await engine.flow.paused()).runs).toEqual(['run-that-does-not-matter']);
    expectedErrors = [/400/];
    await b.page.selectOption('#pause-kind', 'name');
    await b.page.fill('#pause-target', 'bad name with spaces');
    await b.page.click('#pause-form button[type=submit]');
    await b.page.click('#confirm-ok');
    await b.page.waitForSelector('#flash.flash-error');
    expect(await text('#flash')).toMatch(/^pause failed: .*name/);
    expect((await engine.flow.paused()).names).toEqual([]);

    // Remove a limit from the page.
    await b.page.click('[data-remove="video-rate"]');
    await b.page.click('#confirm-ok');
    await b.page.waitForSelector('#flow-limits tr[data-limit="video-rate"]', { state: 'detached' });
    expect((await engine.flow.listLimits()).map((l) => l.id)).toEqual([slowId]);

    release();
    await w.stop(500);
  }, 60_000);

  test('a producer token reads the view but has no pause, resume or remove buttons', async () => {
    await b.page.click('#logout');
    await signIn(b.page, srv.url, TOKENS.producer, '#/flow');
    await b.page.waitForSelector('[data-paused="queue:video"]');
    expect(await b.page.$$eval('[data-resume], [data-remove], #pause-form', (els) => els.length)).toBe(0);
    expect(await b.page.$$eval('#flow-limits tbody tr[data-limit]', (els) => els.length)).toBe(1);
    expect(await b.page.getAttribute('[data-nav="flow"]', 'class')).toBe('active');
  });
});
