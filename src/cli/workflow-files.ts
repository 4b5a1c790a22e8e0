/**
 * What the workflow commands share: reading a workflow file (a missing file is invalid input)
 * and loading a module of TypeScript/JavaScript handlers for `--handlers`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../model/errors.js';
import type { HandlerMap } from '../worker/worker.js';

export function readWorkflowFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError(file, `cannot read the workflow file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A module exporting `handlers` (or a default export) that maps task names to functions. */
export async function loadHandlers(file: string | undefined): Promise<HandlerMap> {
  if (!file) return {};
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new ValidationError('--handlers', `${file} does not exist`);
  const mod = (await import(pathToFileURL(abs).href)) as { handlers?: HandlerMap; default?: HandlerMap };
  const map = mod.handlers ?? mod.default;
  if (!map || typeof map !== 'object') throw new ValidationError('--handlers', `${file} must export \`handlers\` (or a default export) mapping task names to functions`);
  for (const [k, v] of Object.entries(map)) if (typeof v !== 'function') throw new ValidationError(`--handlers ${k}`, 'is not a function');
  return map;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
