// The benchmark's own PostgreSQL (never the shared one): initdb + pg_ctl from the installed
// binaries in a temp dir, as the postgres user when running as root (initdb refuses root),
// optionally inside a network namespace. Durable settings (fsync and synchronous_commit on, as
// in production); memory and WAL sized for a sustained write load. Optionally a streaming
// standby of it (pg_basebackup), made synchronous, to kill the primary under and promote.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const v = fs.readdirSync(base).filter((d) => fs.existsSync(path.join(base, d, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a))[0];
  return v ? path.join(base, v, 'bin') : null;
}

function postgresUser() {
  if (process.getuid?.() !== 0) return null;
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

const SETTINGS = {
  max_connections: 200,
  shared_buffers: '512MB',
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
  checkpoint_completion_target: 0.9,
  // A standby that stops answering is noticed within seconds, not after the TCP timeout.
  wal_sender_timeout: '5s',
  wal_receiver_status_interval: '1s',
};

/** With --statements: where PostgreSQL's time goes, statement by statement (it costs a little). */
export const STATEMENT_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
};

/** A server's directory and the commands on it (run as postgres, in its namespace if any). */
function server({ name, host, port, netns, settings = {} }) {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin)');
  const as = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `taskframe-bench-fleet-${name}-`));
  if (as) fs.chownSync(dir, as.uid, as.gid);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const exec = async (binary, args) => {
    const full = path.join(bin, binary);
    const [cmd, argv] = netns
      ? ['ip', ['netns', 'exec', netns, ...(as ? ['setpriv', `--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups'] : []), full, ...args]]
      : [full, args];
    try {
      return (await run(cmd, argv, { ...(as && !netns ? { uid: as.uid, gid: as.gid } : {}), cwd: dir, maxBuffer: 1 << 24 })).stdout;
    } catch (err) {
      throw new Error(`${binary} failed: ${err.stderr || err.message}${fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : ''}`);
    }
  };
  const postmaster = () => Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const s = {
    name,
    host,
    port,
    pid: 0,
    exec,
    data,
    url: (db = 'postgres', params = '') => `postgres://postgres@${host}:${port}/${db}${params ? `?${params}` : ''}`,
    sql: async (statement) => {
      const args = ['-h', host, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement];
      const [cmd, argv] = netns ? ['ip', ['netns', 'exec', netns, path.join(bin, 'psql'), ...args]] : [path.join(bin, 'psql'), args];
      return (await run(cmd, argv, { maxBuffer: 1 << 24 })).stdout.trim();
    },
    start: async () => {
      const opts = Object.entries({ port, listen_addresses: host, unix_socket_directories: dir, ...SETTINGS, ...settings }).map(([k, v]) => `-c ${k}=${v}`).join(' ');
      await exec('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '120', 'start']);
      s.pid = postmaster();
    },
    promote: () => exec('pg_ctl', ['-D', data, '-w', '-t', '60', 'promote']),
    /** SIGKILL to the postmaster and every server process at once, as when its machine dies. */
    kill: () => {
      process.kill(s.pid, 'SIGSTOP');
      const children = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
        try {
          return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === s.pid;
        } catch {
          return false;
        }
      });
      for (const p of [s.pid, ...children.map(Number)]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    },
    stop: async () => {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return s;
}

export async function startPostgres({ host = '127.0.0.1', port = 5432, netns, settings } = {}) {
  const s = server({ name: 'pg', host, port, netns, settings });
  await s.exec('initdb', ['-D', s.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  fs.appendFileSync(path.join(s.data, 'pg_hba.conf'), 'host all all 0.0.0.0/0 trust\nhost replication all 0.0.0.0/0 trust\n');
  await s.start();
  /**
   * A standby of this server on another host, started and made synchronous: a commit returns
   * once the standby has it, so an acknowledged enqueue survives the primary's death.
   */
  s.standby = async ({ name, host: h = '127.0.0.1', port: p, netns: ns }) => {
    const sb = server({ name, host: h, port: p, netns: ns, settings });
    await sb.exec('pg_basebackup', ['-h', host, '-p', String(port), '-U', 'postgres', '-D', sb.data, '-X', 'stream', '-R', '-c', 'fast']);
    fs.appendFileSync(path.join(sb.data, 'postgresql.auto.conf'), `primary_conninfo = 'host=${host} port=${port} user=postgres application_name=${name}'\n`);
    await sb.start();
    await s.sql(`ALTER SYSTEM SET synchronous_standby_names = '${name}'`);
    await s.sql('SELECT pg_reload_conf()');
    for (const deadline = Date.now() + 60_000; (await s.sql(`SELECT sync_state FROM pg_stat_replication WHERE application_name = '${name}'`)) !== 'sync'; ) {
      if (Date.now() > deadline) throw new Error(`standby ${name} did not become synchronous`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return sb;
  };
  return s;
}
