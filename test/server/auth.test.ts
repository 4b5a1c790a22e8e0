/**
 * Auth against a real server process: no token and a wrong token are 401, a missing scope is
 * 403, a token in the query string is refused, and no token ever appears in the server's logs
 * (which run at debug level here, so everything that is logged is seen).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/stores.js';
import { CLI, TOKENS, api, outputUntil, startServer, type ServerProcess } from './harness.js';

let server: ServerProcess;
const FILE_SECRET = 'f41c7e09b3a85d26e1f0';
const ENV_SECRET = '7d2e90c4a1b6f35e08d9c2a7';
let routes: Array<{ method: string; path: string }>;

beforeAll(async () => {
  server = await startServer(`sqlite:${tempDir()}/auth.db`, { TASKFRAME_LOG_LEVEL: 'debug' });
  const doc = (await api(server.url, null, 'GET', '/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown }>> };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.security)
      .map(([m]) => ({ method: m.toUpperCase(), path: p.replace('{id}', '1').replace('{queue}', 'q') })),
  );
});
afterAll(async () => {
  await server.stop();
});

describe('every guarded route', () => {
  test('without a token is 401; with a wrong token is 401', async () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const body = r.method === 'POST' ? {} : undefined;
      const none = await api(server.url, null, r.method, r.path, body);
      expect(none.status, `${r.method} ${r.path}`).toBe(401);
      expect(none.body.error.code).toBe('UNAUTHORIZED');
      const wrong = await api(server.url, 'not-a-real-token-000000', r.method, r.path, body);
      expect(wrong.status, `${r.method} ${r.path}`).toBe(401);
    }
  });
});

describe('scopes', () => {
  test('producer may enqueue and read but not claim, cancel or pause', async () => {
    const t = await api(server.url, TOKENS.producer, 'POST', '/v1/tasks', { name: 'scoped', queue: 'auth-q' });
    expect(t.status).toBe(201);
    expect((await api(server.url, TOKENS.producer, 'GET', `/v1/tasks/${t.body.task.id}`)).status).toBe(200);
    const claim = await api(server.url, TOKENS.producer, 'POST', '/v1/worker/claim', { workerId: 'x', queues: ['auth-q'], limit: 1 });
    expect(claim.status).toBe(403);
    expect(claim.body.error.code).toBe('FORBIDDEN');
    expect(claim.body.error.message).toContain('worker');
    expect((await api(server.url, TOKENS.producer, 'POST', `/v1/tasks/${t.body.task.id}/cancel`, {})).status).toBe(403);
    expect((await api(server.url, TOKENS.producer, 'POST', '/v1/queues/auth-q/pause')).status).toBe(403);
  });

  test('worker may claim and report but not enqueue or read tasks', async () => {
    expect((await api(server.url, TOKENS.worker, 'POST', '/v1/tasks', { name: 'x' })).status).toBe(403);
    expect((await api(server.url, TOKENS.worker, 'GET', '/v1/tasks')).status).toBe(403);
    expect((await api(server.url, TOKENS.worker, 'POST', '/v1/worker/claim', { workerId: 'w', queues: ['auth-q'], limit: 1 })).status).toBe(200);
  });

  test('API replies are never cached and not sniffed', async () => {
    const res = await fetch(`${server.url}/v1/whoami`, { headers: { authorization: `Bearer ${TOKENS.producer}` } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('admin may do everything; whoami names the token, never shows it', async () => {
    const who = await api(server.url, TOKENS.admin, 'GET', '/v1/whoami');
    expect(who.body).toEqual({ name: 'root', scopes: ['admin'] });
    expect((await api(server.url, TOKENS.admin, 'POST', '/v1/queues/auth-q/pause')).status).toBe(200);
    expect((await api(server.url, TOKENS.admin, 'POST', '/v1/worker/claim', { workerId: 'w', queues: ['auth-q'], limit: 1 })).status).toBe(200);
  });
});

describe('refusals', () => {
  test('a token in the query string is refused, even a valid one, even on public routes', async () => {
    for (const key of ['token', 'access_token', 'api_key']) {
      const r = await api(server.url, TOKENS.admin, 'GET', `/v1/tasks?${key}=${TOKENS.admin}`);
      expect(r.status).toBe(401);
      expect(r.body.error.message).toContain('query string');
    }
    expect((await api(server.url, null, 'GET', `/healthz?token=${TOKENS.admin}`)).status).toBe(401);
  });

  test('malformed Authorization headers are 401', async () => {
    for (const h of [`Basic ${TOKENS.admin}`, 'Bearer', `Bearer ${TOKENS.admin} extra`, TOKENS.admin]) {
      const r = await api(server.url, null, 'GET', '/v1/tasks', undefined, { authorization: h });
      expect(r.status, h).toBe(401);
    }
  });

  test('no token ever appears in the logs or in any reply', async () => {
    // Make sure requests with every token (good, bad, in the query) have been logged.
    const logged = () => server.output().split('\n').filter((l) => l.includes('"msg":"request"') && l.includes('"path":"/v1/whoami"')).length;
    const before = logged();
    await api(server.url, TOKENS.worker, 'GET', `/v1/whoami?access_token=${TOKENS.worker}`);
    await api(server.url, TOKENS.producer, 'GET', '/v1/whoami');
    await api(server.url, 'wrong-token-value-123456', 'GET', '/v1/whoami');
    // The access log is written asynchronously: wait for the three lines themselves.
    await outputUntil(server, () => logged() >= before + 3, 'the access log lines of the three requests');
    const log = server.output();
    expect(log).toContain('"msg":"request"');
    for (const secret of [...Object.values(TOKENS), 'wrong-token-value-123456']) expect(log).not.toContain(secret);
  });
});

describe('configuration', () => {
  test('the server refuses to start without tokens, or with a weak one', () => {
    const dir = tempDir();
    const none = spawnSync(process.execPath, [CLI, '--db', `sqlite:${dir}/a.db`, 'server', '--port', '0'], { env: { ...process.env, TASKFRAME_TOKENS: '' }, encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no API tokens configured');
    const weak = spawnSync(process.execPath, [CLI, '--db', `sqlite:${dir}/a.db`, 'server', '--port', '0'], { env: { ...process.env, TASKFRAME_TOKENS: 'x:admin:short' }, encoding: 'utf8' });
    expect(weak.status).toBe(2);
    expect(weak.stderr).toContain('at least 16 characters');
    expect(weak.stderr).not.toContain('short"');
    expect(fs.existsSync(`${dir}/a.db`)).toBe(false);
  });

  test.each([
    ['a trivial secret (one repeated character)', `ci:producer:${'a'.repeat(32)}`, 'aaaaaaaaaaaaaaaa', /token "ci": its secret is one character repeated/],
    ['a dictionary word plus digits', 'ci:producer:password12345678', 'password12345678', /token "ci": its secret is too easy to guess/],
    ['one secret twice with different scopes', `app:producer:${TOKENS.producer},ops:admin:${TOKENS.producer}`, TOKENS.producer, /tokens "app" and "ops" have the same secret, with different scopes/],
    ['two tokens with one name', `ci:producer:${TOKENS.producer},ci:worker:${TOKENS.worker}`, TOKENS.worker, /two tokens are named "ci"/],
  ])('the server refuses to start with %s, naming the token, never the secret', (_what, env, secret, message) => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [CLI, '--db', `sqlite:${dir}/a.db`, 'server', '--port', '0'], { env: { ...process.env, TASKFRAME_TOKENS: env }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(secret);
    expect(r.stdout).not.toContain('listening');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('tokens from a config file (by env var) and a tokens file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'tokens.txt'), `# name scopes secret\nfile-tok producer ${FILE_SECRET}\n`);
    fs.writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ server: { tokensFile: 'tokens.txt', tokens: [{ name: 'env-tok', scopes: ['worker'], tokenEnv: 'MY_WORKER_TOKEN' }] } }));
    const s = await startServer(`sqlite:${dir}/c.db`, { TASKFRAME_TOKENS: '', MY_WORKER_TOKEN: ENV_SECRET }, ['--config', path.join(dir, 'server.json')]);
    try {
      expect((await api(s.url, FILE_SECRET, 'GET', '/v1/whoami')).body).toEqual({ name: 'file-tok', scopes: ['producer'] });
      expect((await api(s.url, ENV_SECRET, 'GET', '/v1/whoami')).body).toEqual({ name: 'env-tok', scopes: ['worker'] });
      expect((await api(s.url, TOKENS.admin, 'GET', '/v1/whoami')).status).toBe(401);
    } finally {
      await s.stop();
    }
  });
});
