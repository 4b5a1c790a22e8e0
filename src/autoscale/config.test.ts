/** The autoscaler's configuration: defaults, and every kind of bad input named by key and position. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { parseSource } from './config-check.js';
import { DEFAULT_POLICY, resolveAutoscaleConfig } from './config.js';

const fromYaml = (text: string) => {
  const src = parseSource(text, 'autoscale.yaml');
  return resolveAutoscaleConfig(src.value, src.locate);
};
const refused = (text: string): ValidationError => {
  try {
    fromYaml(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('accepted');
};

const KEDA = 'provider: { type: keda }\n';

describe('autoscale configuration', () => {
  it('fills every default and resolves durations to ms; a group without queues serves the queue of its name', () => {
    const c = fromYaml(`${KEDA}groups:\n  - name: emails\n    scaleDown: { cooldown: 2m }\n`);
    expect(c).toEqual({
      intervalMs: 5000,
      leaderTtlMs: 15_000,
      history: 20,
      groups: [{ name: 'emails', queues: ['emails'], policy: { ...DEFAULT_POLICY, cooldownMs: 120_000 }, provider: { type: 'keda' } }],
    });
    expect(DEFAULT_POLICY).toMatchObject({ latencyTargetMs: 5000, minWorkers: 0, maxWorkers: 10, concurrency: 10, utilization: 0.8, cooldownMs: 60_000, hysteresis: 0.1 });
  });

  it('a group provider overrides the top-level one, with its own defaults', () => {
    const c = fromYaml(`${KEDA}groups:\n  - name: a\n  - name: b\n    provider: { type: command, command: [./scale.sh, --zone, x] }\n`);
    expect(c.groups[0]!.provider).toEqual({ type: 'keda' });
    expect(c.groups[1]!.provider).toEqual({ type: 'command', command: ['./scale.sh', '--zone', 'x'], timeoutMs: 30_000, retries: 2, backoffMs: 1000, backoffMaxMs: 30_000 });
  });

  it('an unknown key is refused with the nearest known one and its position', () => {
    const e = refused(`${KEDA}groups:\n  - name: a\n    scaleDown:\n      cooldwn: 5s\n`);
    expect(e.message).toBe('autoscale.yaml:5:7: groups[0].scaleDown.cooldwn: unknown key (did you mean "cooldown"?) (known here: cooldown, hysteresis, maxStep, idleBeforeZero)');
    expect(refused(`${KEDA}groups: [{ name: a, maxWorker: 3 }]\n`).message).toMatch(/groups\[0\]\.maxWorker: unknown key \(did you mean "maxWorkers"\?\)/);
    expect(refused(`${KEDA}group: []\n`).message).toMatch(/autoscale\.yaml:2:1: group: unknown key \(did you mean "groups"\?\)/);
    expect(refused(`groups: [{ name: a, provider: { type: local, command: [x], stopTimout: 1s } }]\n`).message).toMatch(/groups\[0\]\.provider\.stopTimout: unknown key \(did you mean "stopTimeout"\?\)/);
  });

  it('min above max is refused naming minWorkers', () => {
    expect(refused(`${KEDA}groups:\n  - name: a\n    minWorkers: 5\n    maxWorkers: 2\n`).message).toBe('autoscale.yaml:4:5: groups[0].minWorkers: must be at most maxWorkers (2), got 5');
  });

  it('a negative or zero target is refused naming latencyTarget; so are other negative durations and numbers out of range', () => {
    expect(refused(`${KEDA}groups: [{ name: a, latencyTarget: -5 }]\n`).message).toMatch(/groups\[0\]\.latencyTarget: must be a duration from 0 to 36500d \(.*\); got -5$/);
    expect(refused(`${KEDA}groups: [{ name: a, latencyTarget: 0s }]\n`).message).toMatch(/groups\[0\]\.latencyTarget: must be a positive duration/);
    expect(refused(`${KEDA}groups: [{ name: a, latencyTarget: soon }]\n`).message).toMatch(/groups\[0\]\.latencyTarget: malformed duration "soon"/);
    // What runs a timer is at most 24d (Node fires a longer timer at once: a tight loop, or a kill at once).
    expect(refused(`${KEDA}interval: 25d\ngroups: [{ name: a }]\n`).message).toMatch(/^autoscale\.yaml:2:1: interval: must be a duration from 0 to 24d .*got "25d"$/);
    expect(refused(`groups: [{ name: a, provider: { type: local, command: [x], stopTimeout: 30d } }]\n`).message).toMatch(/groups\[0\]\.provider\.stopTimeout: must be a duration from 0 to 24d .*got "30d"$/);
    expect(fromYaml(`${KEDA}interval: 23d\nleaderTtl: 24d\ngroups: [{ name: a, scaleDown: { idleBeforeZero: 100d } }]\n`)).toMatchObject({ intervalMs: 23 * 86_400_000, leaderTtlMs: 24 * 86_400_000 });
    expect(refused(`${KEDA}groups: [{ name: a, minWorkers: -1 }]\n`).message).toMatch(/groups\[0\]\.minWorkers: expected integer to be greater or equal to 0 \(got -1\)/);
    expect(refused(`${KEDA}groups: [{ name: a, utilization: 1.5 }]\n`).message).toMatch(/groups\[0\]\.utilization: expected number to be less or equal to 1/);
    expect(refused(`${KEDA}groups: [{ name: a, concurrency: ten }]\n`).message).toMatch(/groups\[0\]\.concurrency: expected integer \(got "ten"\)/);
  });

  it('an unknown provider is refused naming the key and the known ones', () => {
    const e = refused(`groups:\n  - name: a\n    provider:\n      type: lokal\n`);
    expect(e.message).toBe('autoscale.yaml:4:7: groups[0].provider.type: unknown provider "lokal" (did you mean "local"?) (one of local, command, keda)');
    expect(refused(`groups: [{ name: a }]\n`).message).toMatch(/groups\[0\]\.provider: no provider/);
    expect(refused(`groups: [{ name: a, provider: { command: [x] } }]\n`).message).toMatch(/groups\[0\]\.provider\.type: missing: which provider/);
    expect(refused(`groups: [{ name: a, provider: { type: local } }]\n`).message).toMatch(/groups\[0\]\.provider\.command: is required/);
    expect(refused(`groups: [{ name: a, provider: { type: command, command: [] } }]\n`).message).toMatch(/groups\[0\]\.provider\.command: expected array length to be greater or equal to 1/);
  });

  it('groups: at least one, unique names, valid queue names, a queue in one group only', () => {
    expect(refused(`${KEDA}groups: []\n`).message).toMatch(/groups: expected array length to be greater or equal to 1/);
    expect(refused(`${KEDA}interval: 1s\n`).message).toMatch(/groups: is required/);
    expect(refused(`${KEDA}groups: [{ name: a }, { name: a }]\n`).message).toMatch(/groups\[1\]\.name: group "a" is given twice/);
    expect(refused(`${KEDA}groups: [{ name: a, queues: ["no spaces"] }]\n`).message).toMatch(/groups\[0\]\.queues\[0\]: "no spaces" has forbidden characters/);
    expect(refused(`${KEDA}groups: [{ name: a }, { name: b, queues: [a] }]\n`).message).toMatch(/groups\[1\]\.queues\[0\]: queue "a" is already scaled by group "a"/);
  });

  it('the leadership lease must outlast an interval', () => {
    expect(refused(`${KEDA}interval: 10s\nleaderTtl: 5s\ngroups: [{ name: a }]\n`).message).toMatch(/leaderTtl: must be longer than interval/);
  });

  it('malformed YAML names the line and column; a non-mapping document is refused', () => {
    expect(refused('groups: [\n  { name: a').message).toMatch(/^autoscale\.yaml:\d+:\d+: /);
    expect(refused('- just\n- a list\n').message).toMatch(/must be a mapping/);
  });
});
