import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_KEYS, TASK_KEYS, TOP_KEYS } from '../../src/workflow/parse.js';

const schema = JSON.parse(fs.readFileSync('docs/workflow.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : []));
}

describe('docs/workflow.schema.json', () => {
  it('names exactly the keys the parser accepts', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...TOP_KEYS].sort());
    expect(Object.keys(schema.definitions.task.properties).sort()).toEqual([...TASK_KEYS].sort());
    expect(Object.keys(schema.properties.defaults.properties).sort()).toEqual([...DEFAULT_KEYS].sort());
  });

  it('accepts every example workflow', () => {
    const files = yamlFiles('examples/workflows');
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const ok = validate(parse(fs.readFileSync(f, 'utf8')));
      expect({ f, errors: validate.errors ?? null }).toEqual({ f, errors: null });
      expect(ok).toBe(true);
    }
  });

  it('rejects what the parser rejects: unknown keys, two kinds of task, a bad trigger', () => {
    expect(validate({ name: 'w', tasks: { a: { comand: 'x' } } })).toBe(false);
    expect(validate({ name: 'w', tasks: { a: { command: 'x', handler: 'y' } } })).toBe(false);
    expect(validate({ name: 'w', triggers: [{ cron: '* * * * *', every: '1m' }], tasks: { a: { command: 'x' } } })).toBe(false);
    expect(validate({ name: 'w', on_failure: { command: 'x', needs: 'a' }, tasks: { a: { command: 'x' } } })).toBe(false);
  });
});
