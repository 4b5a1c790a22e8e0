/**
 * Tests that need a real service (PostgreSQL, Redis, RabbitMQ, NATS) ask here first. With
 * CI=true an unreachable service is a failure; outside CI the suite is skipped with a notice
 * saying what it needs.
 */
import net from 'node:net';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Resolves true when the service answers. When it does not: throws in CI, otherwise prints a
 * notice and resolves false (the caller skips).
 */
export async function serviceAvailable(name: string, host: string, port: number): Promise<boolean> {
  if (await tcpReachable(host, port)) return true;
  const msg = `${name} is not reachable at ${host}:${port}`;
  if (IN_CI) throw new Error(`${msg} (required in CI)`);
  console.warn(`NOTICE: skipping tests that need ${name}: ${msg}`);
  return false;
}

export const PG_URL = process.env.TASKFRAME_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export function pgHostPort(url = PG_URL): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}
