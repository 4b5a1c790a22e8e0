/**
 * A PostgreSQL server of a test's own, for tests that stop, kill, restart or fail over the
 * database (never the shared one on 5432): `initdb` + `pg_ctl` from the installed binaries in a
 * temp dir, as the `postgres` user when running as root (initdb refuses root). Optionally
 * inside a network namespace (a fleet host), and as a streaming-replication standby of another.
 *
 *   const db = await PgServer.init({ host: '127.0.0.1' });  await db.start();
 *   const standby = await PgServer.standbyOf(db, {...});     await db.syncStandby(standby.name);
 *   db.killHard(); await standby.promote();
 *   await Promise.all([db.remove(), standby.remove()]);
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { IN_CI } from './services.js';

const run = promisify(execFile);

/** Where Debian's PostgreSQL binaries are (the newest installed major version). */
export function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

/** True when a private PostgreSQL can be made here; otherwise prints why (throws in CI). */
export function privatePgAvailable(): boolean {
  const bin = pgBinDir();
  const why = !bin ? 'PostgreSQL server binaries (/usr/lib/postgresql/*/bin/pg_ctl) are not installed' : process.getuid?.() === 0 && !userIds('postgres') ? 'running as root but there is no postgres user to run initdb as' : null;
  if (!why) return true;
  if (IN_CI) throw new Error(`${why} (required in CI)`);
  console.warn(`NOTICE: skipping tests that need a private PostgreSQL: ${why}`);
  return false;
}

function userIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** A free TCP port on the loopback (for a server outside any namespace). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface PgServerOptions {
  /** Address to listen on (a namespace host's address, or 127.0.0.1). */
  host?: string;
  port?: number;
  /** Run the server inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** Names the server (application_name of a standby, file names). */
  name?: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

export class PgServer {
  readonly bin: string;
  readonly dataDir: string;
  readonly logFile: string;
  private readonly as: { uid: number; gid: number } | null;

  private constructor(
    readonly dir: string,
    readonly name: string,
    readonly host: string,
    readonly port: number,
    readonly netns: string | undefined,
    private readonly settings: Record<string, string | number>,
  ) {
    this.bin = pgBinDir()!;
    this.dataDir = path.join(dir, 'data');
    this.logFile = path.join(dir, 'server.log');
    this.as = process.getuid?.() === 0 ? userIds('postgres') : null;
  }

  /** The URL of a database on this server (default `postgres`). */
  url(database = 'postgres', params = ''): string {
    return `postgres://postgres@${this.host}:${this.port}/${database}${params ? `?${params}` : ''}`;
  }

  private static async make(options: PgServerOptions): Promise<PgServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `taskframe-pg-${options.name ?? 'db'}-`));
    const port = options.port ?? (await freePort());
    const s = new PgServer(dir, options.name ?? 'db', options.host ?? '127.0.0.1', port, options.netns, options.settings ?? {});
    if (s.as) fs.chownSync(dir, s.as.uid, s.as.gid);
    return s;
  }

  /** A new cluster (initdb), not started. */
  static async init(options: PgServerOptions = {}): Promise<PgServer> {
    const s = await PgServer.make(options);
    await s.exec('initdb', ['-D', s.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    // Trust from anywhere, replication included: a throwaway server on a private address.
    fs.appendFileSync(path.join(s.dataDir, 'pg_hba.conf'), 'host all all 0.0.0.0/0 trust\nhost replication all 0.0.0.0/0 trust\n');
    return s;
  }

  /**
   * A streaming-replication standby of `primary` (pg_basebackup), not started. It reports
   * `application_name = name`, for `synchronous_standby_names`.
   */
  static async standbyOf(primary: PgServer, options: PgServerOptions & { name: string }): Promise<PgServer> {
    const s = await PgServer.make(options);
    await s.exec('pg_basebackup', ['-h', primary.host, '-p', String(primary.port), '-U', 'postgres', '-D', s.dataDir, '-X', 'stream', '-R', '--no-sync', '-c', 'fast']);
    fs.appendFileSync(
      path.join(s.dataDir, 'postgresql.auto.conf'),
      `primary_conninfo = 'host=${primary.host} port=${primary.port} user=postgres application_name=${options.name}'\n`,
    );
    return s;
  }

  /** Runs a PostgreSQL binary as the postgres user (when root), in the namespace if any. */
  private async exec(binary: string, args: string[]): Promise<string> {
    const full = path.join(this.bin, binary);
    const [cmd, argv] = this.netns ? ['ip', ['netns', 'exec', this.netns, ...(this.as ? ['setpriv', `--reuid=${this.as.uid}`, `--regid=${this.as.gid}`, '--clear-groups', full] : [full]), ...args]] : [full, args];
    try {
      const { stdout } = await run(cmd, argv as string[], { ...(this.as && !this.netns ? { uid: this.as.uid, gid: this.as.gid } : {}), cwd: this.dir, maxBuffer: 1 << 24 });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${binary} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}${fs.existsSync(this.logFile) ? `\nserver log:\n${fs.readFileSync(this.logFile, 'utf8').slice(-2000)}` : ''}`);
    }
  }

  private options(): string {
    const settings: Record<string, string | number> = {
      port: this.port,
      listen_addresses: this.host,
      unix_socket_directories: this.dir,
      // The tests kill processes, not machines: the OS keeps what was written.
      fsync: 'off',
      full_page_writes: 'off',
      shared_buffers: '32MB',
      max_connections: 200,
      wal_level: 'replica',
      max_wal_senders: 5,
      hot_standby: 'on',
      wal_sender_timeout: '5s',
      wal_receiver_status_interval: '1s',
      ...this.settings,
    };
    return Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
  }

  async start(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-o', this.options(), '-w', '-t', '60', 'start']);
  }

  /** A clean stop (`-m fast`: sessions are terminated, like a restart by an operator). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Turns a standby into a primary. */
  async promote(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-w', '-t', '60', 'promote']);
  }

  /** The postmaster's pid, or null when it is not running. */
  postmasterPid(): number | null {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  }

  /**
   * SIGKILL to the postmaster and every server process at once, as when its machine dies: no
   * shutdown, no goodbye to clients (the kernel closes their sockets).
   */
  killHard(): void {
    const pid = this.postmasterPid();
    if (pid === null) return;
    // Stopped first, so that it forks no backend between the look at its children and the kill.
    process.kill(pid, 'SIGSTOP');
    const children = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
    for (const p of [pid, ...children]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** One SQL statement through psql (admin work in tests: no pool to clean up). */
  async sql(statement: string, database = 'postgres'): Promise<string> {
    const args = ['-h', this.host, '-p', String(this.port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement];
    const [cmd, argv] = this.netns ? ['ip', ['netns', 'exec', this.netns, path.join(this.bin, 'psql'), ...args]] : [path.join(this.bin, 'psql'), args];
    const { stdout } = await run(cmd, argv as string[], { maxBuffer: 1 << 26 });
    return stdout.trim();
  }

  /** Makes `standbyName` a synchronous standby: a commit returns once the standby has it. */
  async syncStandby(standbyName: string): Promise<void> {
    await this.sql(`ALTER SYSTEM SET synchronous_standby_names = '${standbyName}'`);
    await this.sql('SELECT pg_reload_conf()');
    // Only once it streams is it synchronous; until then commits would wait for it.
    for (const deadline = Date.now() + 30_000; ; ) {
      const state = await this.sql(`SELECT sync_state FROM pg_stat_replication WHERE application_name = '${standbyName}'`);
      if (state === 'sync') return;
      if (Date.now() > deadline) throw new Error(`standby ${standbyName} did not become synchronous (state "${state}")`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the server at once if running and deletes its files. */
  async remove(): Promise<void> {
    if (this.postmasterPid() !== null) await this.stop('immediate').catch(() => this.killHard());
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** For a process 'exit' hook: no awaiting there. */
  removeSync(): void {
    this.killHard();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
