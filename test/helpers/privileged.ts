/**
 * Tests that change the machine (mount a small filesystem, make network namespaces) need root.
 * Outside CI they skip with a printed reason when they cannot; in CI (root) a failure to set
 * up is a failure of the test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IN_CI } from './services.js';

/** Resolves true when `probe` works; otherwise prints why the suite is skipped (or throws in CI). */
export function canOrSkip(what: string, probe: () => void): boolean {
  try {
    probe();
    return true;
  } catch (err) {
    const msg = `${what}: ${(err as Error).message.split('\n')[0]}`;
    if (IN_CI) throw new Error(`${msg} (required in CI, which runs as root)`);
    console.warn(`NOTICE: skipping tests that need ${msg}`);
    return false;
  }
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export interface Tmpfs {
  dir: string;
  /** Unmounts and removes the mount point. */
  remove(): void;
}

/** A tmpfs of `bytes` mounted on a fresh temp directory. */
export function mountTmpfs(bytes: number): Tmpfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskframe-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    throw new Error(`cannot mount a tmpfs (${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message})`);
  }
  return {
    dir,
    remove() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmdirSync(dir);
    },
  };
}

/** Can a tmpfs be mounted here? (Made and removed at once.) */
export function tmpfsProbe(): void {
  if (!isRoot()) throw new Error('not running as root');
  mountTmpfs(1 << 20).remove();
}
