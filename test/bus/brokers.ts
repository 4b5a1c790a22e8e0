/**
 * Brokers these tests may stop and start without disturbing anyone: a private nats-server or
 * redis-server (the machine's binaries) on a free port with its own data directory, and a TCP
 * proxy that can cut every connection to a shared broker (RabbitMQ) and refuse new ones.
 * Every one is stopped by its `dispose()`; callers do that in `finally`/afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tcpReachable } from '../helpers/services.js';
import { tempDir } from '../helpers/stores.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReachable(port: number, up: boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await tcpReachable('127.0.0.1', port, 200)) !== up) {
    if (Date.now() > deadline) throw new Error(`port ${port} did not become ${up ? 'reachable' : 'unreachable'}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface PrivateBroker {
  url: string;
  /** Stops the server (SIGTERM, waits for exit): every connection drops. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

function privateServer(cmd: string, args: (port: number, dir: string) => string[], url: (port: number) => string): () => Promise<PrivateBroker> {
  return async () => {
    const port = await freePort();
    const dir = tempDir('taskframe-broker-');
    let proc: ChildProcess | null = null;
    const start = async () => {
      proc = spawn(cmd, args(port, dir), { stdio: 'ignore' });
      await waitReachable(port, true);
    };
    const stop = async () => {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
      await waitReachable(port, false);
    };
    await start();
    return {
      url: url(port),
      start,
      stop,
      dispose: async () => {
        await stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

/** A nats-server with JetStream on a free port, storing in its own directory. */
export const startPrivateNats = privateServer(
  fs.existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server',
  (port, dir) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(dir, 'js')],
  (port) => `nats://127.0.0.1:${port}`,
);

/** A redis-server on a free port with an fsync'd append-only file, so a restart keeps the streams. */
export const startPrivateRedis = privateServer(
  'redis-server',
  (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
  (port) => `redis://127.0.0.1:${port}`,
);

/** A TCP proxy to a shared broker: `cut()` drops every connection and refuses new ones until `restore()`. */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this;
  }

  async cut(): Promise<void> {
    const s = this.server;
    this.server = null;
    const closed = s ? new Promise((r) => s.close(r)) : Promise.resolve();
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    await closed;
  }

  restore(): Promise<this> {
    return this.listen();
  }

  async dispose(): Promise<void> {
    await this.cut();
  }
}
