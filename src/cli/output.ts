/**
 * Output for people by default, JSON for scripts (--json: the shapes of model/json.ts, the same
 * as the HTTP API's). Errors go to stderr with their code; invalid input exits 2, anything else
 * that failed exits 1.
 */
import { TaskframeError } from '../model/errors.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A plain text table: columns padded to their widest cell. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof TaskframeError && (err.code === 'VALIDATION' || err.code === 'NOT_FOUND')) return 2;
  return 1;
}

export function printError(err: unknown): void {
  if (err instanceof TaskframeError) process.stderr.write(`error [${err.code}]: ${err.message}\n`);
  else if (err instanceof Error) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${String(err)}\n`);
}
