import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationMarkdown } from './docs.js';
import { allSettings } from './settings.js';

describe('the configuration schema', () => {
  it('documents every setting: what it does, its reload kind, and a default or what unset means', () => {
    for (const s of allSettings()) {
      expect(s.doc.description, s.key).toMatch(/\w/);
      expect(['live', 'restart'], s.key).toContain(s.doc.reload);
      if (s.optional) expect(s.doc.default, `${s.key} is optional: no default`).toBeUndefined();
      else expect(s.doc.default, `${s.key} needs a default or must be Optional`).not.toBeUndefined();
    }
  });

  it('gives each setting its own environment variable, named TASKFRAME_*', () => {
    const names = allSettings().flatMap((s) => (s.doc.env ? [s.doc.env] : []));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^TASKFRAME_[A-Z0-9_]+$/);
    // Every scalar setting can be set from the environment (token entries and the autoscaler's section only from the file).
    const withoutEnv = allSettings().filter((s) => !s.doc.env).map((s) => s.key);
    expect(withoutEnv.sort()).toEqual(['autoscale', 'server.tokens']);
  });

  it('marks as live exactly what a running process can change: concurrency, prefetch, queues, log level', () => {
    expect(allSettings().filter((s) => s.doc.reload === 'live').map((s) => s.key).sort()).toEqual(['log.level', 'worker.concurrency', 'worker.prefetch', 'worker.queues']);
  });

  it('docs/configuration.md is generated from the schema (run npm run gen:docs)', () => {
    const doc = fs.readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(doc).toBe(configurationMarkdown());
    for (const s of allSettings()) expect(doc).toContain(`\`${s.key}\``);
  });
});
