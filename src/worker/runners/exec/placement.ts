/**
 * Where and as whom a unit's processes run: the working directory, the jail (with its one
 * writable directory), the user and group, and the environment they get.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { UnitSpec } from '../../../units/spec.js';
import type { TaskContext } from '../../worker.js';
import { taskIdentity, UNBUFFERED_OUTPUT } from './environment.js';
import type { JailOptions } from './jail.js';
import { resolveUser } from './users.js';

export interface Placement {
  cwd: string;
  jail: JailOptions | null;
  identity: { uid: number; gid: number } | null;
  /** Removes the private jail directory, if one was made. */
  cleanup(): void;
}

export function placeUnit(u: UnitSpec, setupDir: string, stateDir: string): Placement {
  const identity = resolveUser(u.user, u.group, u.file);
  const wd = u.workingDirectory ? path.resolve(u.dir, u.workingDirectory) : null;
  if (!u.jail) return { cwd: wd ?? u.dir, jail: null, identity, cleanup: () => undefined };
  // A jail gets one writable directory: WorkingDirectory, or a fresh private one per task.
  fs.mkdirSync(path.join(stateDir, 'jails'), { recursive: true });
  const work = wd ?? fs.mkdtempSync(path.join(stateDir, 'jails', `${u.name}-`));
  if (identity && !wd) fs.chownSync(work, identity.uid, identity.gid);
  // Read-only binds come first; the work directory is bound writable after them, so it may sit inside one.
  const readOnly = [...new Set([u.dir, setupDir])].filter((p) => p !== work);
  return {
    cwd: work,
    identity,
    jail: { workDir: work, readOnly, network: u.network, tmpBytes: u.limitDisk?.bytes ?? null, keepCaps: identity !== null },
    cleanup: () => {
      if (!wd) fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

export function taskEnvironment(base: Record<string, string>, u: UnitSpec, ctx: TaskContext, setupDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...base,
    ...UNBUFFERED_OUTPUT,
    ...u.env,
    ...taskIdentity(ctx),
    TASKFRAME_UNIT: u.name,
    TASKFRAME_UNIT_DIR: u.dir,
    TASKFRAME_SETUP_DIR: setupDir,
    ...extra,
  };
}
