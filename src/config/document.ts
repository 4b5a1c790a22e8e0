/**
 * A YAML (or JSON) file that is not the configuration but is read the same way — the simulator's
 * curve files — checked against a TypeBox schema by the same machinery: defaults filled in,
 * durations in words, unknown keys with "did you mean", every problem at file:line:column.
 */
import type { TSchema } from '../vendor/typebox.js';
import { ValidationError } from '../model/errors.js';
import { checkValue, Problem } from './check.js';
import { readConfigFile, type ConfigFile } from './file-source.js';
import { keyOf } from './problem.js';

export interface CheckedDocument<T> {
  value: T;
  /** Names a problem found later (a rule between fields) at its file:line:column. */
  refuse(problem: Problem): ValidationError;
}

function refusal(cf: ConfigFile, problem: Problem): ValidationError {
  const at = cf.locate(problem.at, problem.atKey);
  const key = keyOf(problem.at) || '(top level)';
  return new ValidationError(`${cf.file}:${at.line}:${at.column}: ${key}`, problem.message, { file: cf.file, line: at.line, column: at.column, key });
}

/** Reads `file` (`named` says what it is, for a file that cannot be read) and checks it against `schema`. */
export function readDocument<T>(file: string, schema: TSchema, named: string): CheckedDocument<T> {
  const cf = readConfigFile(file, named);
  try {
    return { value: checkValue(schema, cf.data) as T, refuse: (p) => refusal(cf, p) };
  } catch (err) {
    if (err instanceof Problem) throw refusal(cf, err);
    throw err;
  }
}
