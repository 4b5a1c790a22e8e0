/**
 * Brokers these tests may stop, start or configure without disturbing anyone: a private
 * nats-server, redis-server or RabbitMQ node (the machine's binaries) on a free port with its
 * own data directory, and a TCP proxy that can cut every connection to a shared broker
 * (RabbitMQ) and refuse new ones.
 * Every one is stopped by its `dispose()`; callers do that in `finally`/afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
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
  // A poll of the port with a deadline: a server that is starting announces itself nowhere else.
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

interface ServerSpec {
  cmd: string;
  args: (port: number, dir: string) => string[];
  url: (port: number) => string;
  /** Files and environment the server needs, made in its directory before the first start. */
  prepare?: (port: number, dir: string) => Promise<Record<string, string>>;
  startTimeoutMs?: number;
}

function privateServer(spec: ServerSpec): () => Promise<PrivateBroker> {
  return async () => {
    const port = await freePort();
    const dir = tempDir('taskframe-broker-');
    const env = spec.prepare ? { ...process.env, ...(await spec.prepare(port, dir)) } : process.env;
    let proc: ChildProcess | null = null;
    const start = async () => {
      const p = spawn(spec.cmd, spec.args(port, dir), { stdio: 'ignore', env });
      proc = p;
      const died = new Promise<never>((_, reject) => p.once('exit', (code) => reject(new Error(`${spec.cmd} exited with ${code} before listening on ${port}`))));
      died.catch(() => undefined);
      await Promise.race([waitReachable(port, true, spec.startTimeoutMs), died]);
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
      url: spec.url(port),
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
export const startPrivateNats = privateServer({
  cmd: fs.existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server',
  args: (port, dir) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(dir, 'js')],
  url: (port) => `nats://127.0.0.1:${port}`,
});

/** A redis-server on a free port with an fsync'd append-only file, so a restart keeps the streams; `extra` are more server flags. */
export const startPrivateRedis = (extra: string[] = []) =>
  privateServer({
    cmd: 'redis-server',
    args: (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', ...extra],
    url: (port) => `redis://127.0.0.1:${port}`,
  })();

/** The RabbitMQ server script of the machine's package (run directly: the /usr/sbin wrapper switches user). */
export const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/**
 * A RabbitMQ node of its own (node name, ports, data, logs, Erlang cookie in its directory; no
 * plugins), with `conf` lines added to its rabbitmq.conf (e.g. `max_message_size = 1048576`).
 * The shared broker's settings are never touched. It takes a while to boot (15 s seen on this
 * loaded machine), so use one per test file.
 */
export const startPrivateRabbit = (conf: string[] = []) =>
  privateServer({
    cmd: RABBITMQ_SERVER,
    args: () => [],
    url: (port) => `amqp://guest:guest@127.0.0.1:${port}`,
    startTimeoutMs: 90_000,
    prepare: async (port, dir) => {
      const dist = await freePort();
      fs.writeFileSync(path.join(dir, 'rabbitmq.conf'), [`listeners.tcp.default = 127.0.0.1:${port}`, 'loopback_users = none', ...conf, ''].join('\n'));
      fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
      return {
        HOME: dir, // its own Erlang cookie
        RABBITMQ_NODENAME: `taskframe-test-${port}@localhost`,
        RABBITMQ_NODE_PORT: String(port),
        RABBITMQ_DIST_PORT: String(dist),
        RABBITMQ_BASE: dir,
        RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: path.join(dir, 'log'),
        RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq'),
        RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
        RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      };
    },
  })();

/**
 * A TCP proxy to a shared broker: `cut()` drops every connection and refuses new ones (accepts
 * and closes them at once, counting each) until `restore()`; `refused(n)` waits until clients
 * have tried n times during the cut, so an outage can last "until the client has tried to come
 * back" rather than a guessed time.
 */
export class TcpProxy extends EventEmitter<{ refused: [count: number] }> {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;
  private refusedCount = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    super();
  }

  async listen(): Promise<this> {
    if (this.server) return this;
    if (this.port === 0) this.port = await freePort();
    const server = net.createServer((client) => {
      if (this.refusing) {
        client.destroy();
        this.emit('refused', ++this.refusedCount);
        return;
      }
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
    this.refusing = true;
    this.refusedCount = 0;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
  }

  /** Resolves once clients have tried to connect `n` times since the cut (each one refused). */
  refused(n: number, timeoutMs = 30_000): Promise<void> {
    if (this.refusedCount >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('refused', on);
        reject(new Error(`only ${this.refusedCount} of ${n} connection attempts within ${timeoutMs} ms of the cut`));
      }, timeoutMs);
      const on = (count: number) => {
        if (count < n) return;
        clearTimeout(timer);
        this.off('refused', on);
        resolve();
      };
      this.on('refused', on);
    });
  }

  async restore(): Promise<this> {
    this.refusing = false;
    return this.listen();
  }

  async dispose(): Promise<void> {
    await this.cut();
    const s = this.server;
    this.server = null;
    if (s) await new Promise((r) => s.close(r));
  }
}
