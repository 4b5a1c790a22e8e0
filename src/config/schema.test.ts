import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationMarkdown } from './docs.js';
import { documentedFields, isStructured, variantsInside } from './fields.js';
import { allSettings, settingByKey } from './settings.js';

/** Every field inside a structured setting ("autoscale.groups[].policy.minWorkers"), and each provider type's. */
function fields() {
  return allSettings()
    .filter(isStructured)
    .flatMap((s) => [
      ...documentedFields(s.schema, s.doc.reload).map((f) => ({ ...f, key: `${s.key}[].${f.key}` })),
      ...[...variantsInside(s.schema)].flatMap(([type, v]) => documentedFields(v, s.doc.reload).map((f) => ({ ...f, key: `${s.key} (type ${type}).${f.key}` }))),
    ]);
}

describe('the configuration schema', () => {
  it('documents every setting: what it does, its reload kind, and a default or what unset means', () => {
    for (const s of allSettings()) {
      expect(s.doc.description, s.key).toMatch(/\w/);
      expect(['live', 'restart'], s.key).toContain(s.doc.reload);
      if (s.optional) expect(s.doc.default, `${s.key} is optional: no default`).toBeUndefined();
      else expect(s.doc.default, `${s.key} needs a default or must be Optional`).not.toBeUndefined();
    }
  });

  it('documents every field inside a setting (a group, its policy, each provider): what it does, and a default, what unset means, or that it is required', () => {
    const all = fields();
    expect(all.length).toBeGreaterThan(30);
    for (const f of all) {
      const doc = f.schema as unknown as { description?: string; default?: unknown; defaultText?: string };
      expect(doc.description, f.key).toMatch(/\w/);
      expect(['live', 'restart'], f.key).toContain(f.reload);
    }
    // Only a group's name, a provider's type and a command line have to be given.
    expect([...new Set(all.filter((f) => f.required).map((f) => f.key.split('.').pop()))].sort()).toEqual(['command', 'name', 'type']);
  });

  it('gives each setting its own environment variable, named TASKFRAME_*', () => {
    const names = allSettings().flatMap((s) => (s.doc.env ? [s.doc.env] : []));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^TASKFRAME_[A-Z0-9_]+$/);
    // Every scalar setting can be set from the environment (token entries, autoscale groups and providers, flow limits only from the file).
    const withoutEnv = allSettings().filter((s) => !s.doc.env).map((s) => s.key);
    expect(withoutEnv.sort()).toEqual(['autoscale.groups', 'autoscale.provider', 'flow.limits', 'server.tokens']);
  });

  it("marks as live exactly what a running process can change: concurrency, prefetch, queues, log level, the autoscaler's history and each group's policy", () => {
    expect(allSettings().filter((s) => s.doc.reload === 'live').map((s) => s.key).sort()).toEqual(['autoscale.history', 'log.level', 'worker.concurrency', 'worker.prefetch', 'worker.queues']);
    const groups = settingByKey('autoscale.groups')!;
    const live = documentedFields(groups.schema, groups.doc.reload).filter((f) => f.reload === 'live').map((f) => f.key);
    expect(live).toEqual([
      'policy.latencyTarget',
      'policy.minWorkers',
      'policy.maxWorkers',
      'policy.utilization',
      'policy.lookahead',
      'policy.defaultServiceTime',
      'policy.smoothing',
      'policy.scaleUp.lateFactor',
      'policy.scaleUp.settle',
      'policy.scaleDown.cooldown',
      'policy.scaleDown.hysteresis',
      'policy.scaleDown.maxStep',
      'policy.scaleDown.idleBeforeZero',
    ]);
    // A provider is made once, when the autoscaler starts.
    expect(fields().filter((f) => f.key.includes('(type ') && f.reload === 'live')).toEqual([]);
  });

  it('docs/configuration.md is generated from the schema (run npm run gen:docs)', () => {
    const doc = fs.readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(doc).toBe(configurationMarkdown());
    for (const s of allSettings()) expect(doc).toContain(`\`${s.key}\``);
  });
});
