/**
 * Opening the store from the CLI (issue 14, item 22): a store URL that is wrong exits 2 like any
 * other bad input; a store that cannot be reached exits 3 and names host and port, never a bare
 * "Connection terminated unexpectedly".
 */
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/processes.js';

/** A TCP server that hangs up on every connection (not PostgreSQL, or one going down). */
let hangUp: net.Server;
let hangUpPort: number;
/** A port nothing listens on. */
let closedPort: number;

beforeAll(async () => {
  hangUp = net.createServer((sock) => sock.destroy());
  await new Promise<void>((r) => hangUp.listen(0, '127.0.0.1', r));
  hangUpPort = (hangUp.address() as net.AddressInfo).port;
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(() => new Promise<void>((r) => hangUp.close(() => r())));

describe('store URL errors from the CLI', () => {
  it.each([
    ['postgres://u@h1:5432,,h3/db', /host 2 of 3 is empty/],
    ['postgres://u@h1,h2:70000/db', /host 2 of 2 \("h2"\) has invalid port "70000"/],
    ['postgres://u@h1,h2/db?target_session_attrs=bogus', /target_session_attrs must be one of any, read-write, primary/],
    ['postgres://127.0.0.1:5432', /no database name/],
    ['mysql://localhost/x', /unknown store URL scheme/],
  ])('%s exits 2 naming what is wrong', async (url, message) => {
    const r = await runCli(['--db', url, 'ls']);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/error \[STORE_OPEN\]/);
    expect(r.code).toBe(2);
  });

  it('a host name that does not exist exits 2', async () => {
    const r = await runCli(['--db', 'postgres://u@no-such-host.invalid/db', 'ls']);
    expect(r.stderr).toMatch(/host "no-such-host\.invalid" not found/);
    expect(r.code).toBe(2);
  });

  it('a refused connection exits 3 and names host and port', async () => {
    const r = await runCli(['--db', `postgres://u@127.0.0.1:${closedPort}/db`, 'ls']);
    expect(r.stderr).toMatch(new RegExp(`error \\[STORE_UNAVAILABLE\\]: cannot reach store .*connection refused at 127\\.0\\.0\\.1:${closedPort}`));
    expect(r.code).toBe(3);
  });

  it('a worker whose server hangs up exits 3 and names host and port, not a bare "Connection terminated unexpectedly"', async () => {
    const r = await runCli(['--db', `postgres://u@127.0.0.1:${hangUpPort}/db`, 'worker', '--module', path.join(ROOT, 'test/postgres/fixtures/handlers.mjs')]);
    expect(r.stderr).toMatch(new RegExp(`error \\[STORE_UNAVAILABLE\\]: cannot reach store postgres://u@127\\.0\\.0\\.1:${hangUpPort}/db: the connection to 127\\.0\\.0\\.1:${hangUpPort} was closed unexpectedly`));
    expect(r.stderr).not.toMatch(/^error: Connection terminated unexpectedly$/m);
    expect(r.code).toBe(3);
  });

  it('every host of a multi-host URL down exits 3 naming them', async () => {
    const r = await runCli(['--db', `postgres://u@127.0.0.1:${closedPort},127.0.0.1:${hangUpPort}/db?target_session_attrs=read-write`, 'ls']);
    expect(r.stderr).toMatch(new RegExp(`hosts tried in turn: 127\\.0\\.0\\.1:${closedPort}, 127\\.0\\.0\\.1:${hangUpPort}`));
    expect(r.code).toBe(3);
  });
});
