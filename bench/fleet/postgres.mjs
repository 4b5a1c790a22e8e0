// The benchmark's own PostgreSQL (never the shared one): initdb + pg_ctl from the installed
// binaries in a temp dir, as the postgres user when running as root (initdb refuses root),
// optionally inside a network namespace. Durable settings (fsync and synchronous_commit on, as
// in production); memory and WAL sized for a sustained write load.
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

export async function startPostgres({ host = '127.0.0.1', port = 5432, netns } = {}) {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin)');
  const as = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskframe-bench-fleet-pg-'));
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
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
  fs.appendFileSync(path.join(data, 'pg_hba.conf'), 'host all all 0.0.0.0/0 trust\n');
  const settings = {
    port,
    listen_addresses: host,
    unix_socket_directories: dir,
    max_connections: 200,
    shared_buffers: '512MB',
    max_wal_size: '4GB',
    checkpoint_timeout: '15min',
    checkpoint_completion_target: 0.9,
    // pg_stat_statements is not needed; the bench reads sizes and counts only.
  };
  const opts = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  await exec('pg_ctl', ['-D', data, '-l', log, '-o', opts, '-w', '-t', '120', 'start']);
  const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: (db = 'postgres', params = '') => `postgres://postgres@${host}:${port}/${db}${params ? `?${params}` : ''}`,
    sql: async (statement) => {
      const args = ['-h', host, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement];
      const [cmd, argv] = netns ? ['ip', ['netns', 'exec', netns, path.join(bin, 'psql'), ...args]] : [path.join(bin, 'psql'), args];
      return (await run(cmd, argv, { maxBuffer: 1 << 24 })).stdout.trim();
    },
    pid,
    stop: async () => {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
