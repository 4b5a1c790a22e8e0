/**
 * The jail: bubblewrap (`bwrap`, Debian package `bubblewrap`) with its own PID, mount, IPC and
 * UTS namespaces, the system mounted read-only, a private /tmp, the unit's own directory
 * read-only, one writable work directory, and no network unless the unit allows it. Nothing
 * else of the host's file system exists inside.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

export interface JailOptions {
  /** Writable inside, and the working directory. */
  workDir: string;
  /** Read-only inside (the unit's scripts). */
  readOnly: string[];
  network: boolean;
  /** Size of the private /tmp (bytes), when the unit has LimitDisk. */
  tmpBytes: number | null;
  /** Keep capabilities (needed when a setpriv inside changes user). */
  keepCaps: boolean;
}

let bwrapPath: string | null | undefined;

export function findBwrap(): string | null {
  if (bwrapPath !== undefined) return bwrapPath;
  for (const p of ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap']) {
    if (fs.existsSync(p)) return (bwrapPath = p);
  }
  try {
    return (bwrapPath = execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim() || null);
  } catch {
    return (bwrapPath = null);
  }
}

export function jailArgv(o: JailOptions): string[] {
  const bwrap = findBwrap();
  if (!bwrap) throw new Error('Jail=yes needs bubblewrap (bwrap); install the Debian package "bubblewrap"');
  const a = [bwrap, '--die-with-parent', '--new-session', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'];
  if (!o.network) a.push('--unshare-net');
  if (!o.keepCaps) a.push('--cap-drop', 'ALL');
  a.push('--ro-bind', '/usr', '/usr');
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(top);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) a.push('--symlink', fs.readlinkSync(top), top);
    else if (st.isDirectory()) a.push('--ro-bind', top, top);
  }
  // /etc gives name resolution, users and certificates; it is read-only.
  a.push('--ro-bind', '/etc', '/etc', '--proc', '/proc', '--dev', '/dev');
  if (o.tmpBytes !== null) a.push('--size', String(o.tmpBytes));
  a.push('--tmpfs', '/tmp');
  for (const p of o.readOnly) a.push('--ro-bind', p, p);
  a.push('--bind', o.workDir, o.workDir, '--chdir', o.workDir, '--');
  return a;
}
