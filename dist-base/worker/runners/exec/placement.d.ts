import type { UnitSpec } from '../../../units/spec.js';
import type { TaskContext } from '../../worker.js';
import { type JailOptions } from './jail.js';
import { type Identity, type JailIdentity } from './users.js';
export interface Placement {
    /** Where the process starts on the host (a jail then changes into its own work directory). */
    cwd: string;
    jail: JailOptions | null;
    /** User=/Group= of an unjailed unit (a jail carries its own identity). */
    identity: Identity | null;
    /** In a jail, the environment it starts from instead of the worker's (jailEnvironment). */
    baseEnv: Record<string, string> | null;
    /** Removes what the placement made, if anything. */
    cleanup(): void;
}
/**
 * `hidden`: files a jail must not read even where it sees their folder (the store's database,
 * other units' definitions, which may carry their [Environment] secrets).
 */
export declare function placeUnit(u: UnitSpec, setupDir: string, stateDir: string, hidden?: string[]): Placement;
/**
 * Why the jail of unit `u` could not start on this machine, or null: its user must be able to
 * reach and read the unit's directory and the state directory (bubblewrap binds them as that
 * user), and write its WorkingDirectory.
 */
export declare function jailUnreachable(u: UnitSpec, stateDir: string): string | null;
/** A jailed task's environment before its unit's [Environment] and the task's identity: nothing of the worker's. */
export declare function jailEnvironment(id: JailIdentity, workDir: string): Record<string, string>;
/** `base`: the worker's filtered environment (environment.ts), or a jail's own (jailEnvironment). */
export declare function taskEnvironment(base: Record<string, string>, u: UnitSpec, ctx: TaskContext, setupDir: string): Record<string, string>;
