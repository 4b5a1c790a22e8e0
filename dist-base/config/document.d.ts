/**
 * A YAML (or JSON) file that is not the configuration but is read the same way — the simulator's
 * curve files — checked against a TypeBox schema by the same machinery: defaults filled in,
 * durations in words, unknown keys with "did you mean", every problem at file:line:column.
 */
import type { TSchema } from '@sinclair/typebox';
import { ValidationError } from '../model/errors.js';
import { Problem } from './check.js';
export interface CheckedDocument<T> {
    value: T;
    /** Names a problem found later (a rule between fields) at its file:line:column. */
    refuse(problem: Problem): ValidationError;
}
/** Reads `file` (`named` says what it is, for a file that cannot be read) and checks it against `schema`. */
export declare function readDocument<T>(file: string, schema: TSchema, named: string): CheckedDocument<T>;
