/**
 * The autoscaler's options from the `autoscale:` section: defaults, durations in ms, the provider
 * of each group; and the section given as an object (the TypeScript API) refused as the file
 * would be, naming the key. (The same section in a file, with file:line:column: test/config/autoscale.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { autoscaleConfig, DEFAULT_POLICY, resolveAutoscaleConfig } from './config.js';

const refused = (section: unknown): ValidationError => {
  try {
    resolveAutoscaleConfig(section);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('accepted');
};

const KEDA = { type: 'keda' };

describe('autoscale options', () => {
  it('fills every default and resolves durations to ms; a group without queues serves the queue of its name', () => {
    const c = resolveAutoscaleConfig({ provider: KEDA, groups: [{ name: 'emails', policy: { scaleDown: { cooldown: '2m' } } }] });
    expect(c).toEqual({
      intervalMs: 5000,
      leaderTtlMs: 15_000,
      history: 20,
      groups: [{ name: 'emails', queues: ['emails'], policy: { ...DEFAULT_POLICY, cooldownMs: 120_000 }, provider: { type: 'keda' } }],
    });
    expect(DEFAULT_POLICY).toEqual({
      latencyTargetMs: 5000,
      minWorkers: 0,
      maxWorkers: 10,
      concurrency: 10,
      utilization: 0.8,
      lookaheadMs: 30_000,
      defaultServiceMs: 1000,
      smoothingMs: 30_000,
      lateFactor: 2,
      settleMs: 30_000,
      cooldownMs: 60_000,
      hysteresis: 0.1,
      maxStepDown: 0.5,
      idleBeforeZeroMs: 300_000,
    });
  });

  it("a group's concurrency is its policy's; the leader lease is 3 intervals, at least 5s, unless given; the id is kept", () => {
    const c = resolveAutoscaleConfig({ interval: '4s', id: 'scaler-a', provider: KEDA, groups: [{ name: 'a', concurrency: 4, policy: { maxWorkers: 3, latencyTarget: 2000 } }] });
    expect(c).toMatchObject({ intervalMs: 4000, leaderTtlMs: 12_000, id: 'scaler-a', groups: [{ policy: { concurrency: 4, maxWorkers: 3, latencyTargetMs: 2000 } }] });
    expect(resolveAutoscaleConfig({ interval: '1s', leaderTtl: '3s', provider: KEDA, groups: [{ name: 'a' }] }).leaderTtlMs).toBe(3000);
  });

  it('a group provider overrides the section one, with its own defaults', () => {
    const c = resolveAutoscaleConfig({ provider: KEDA, groups: [{ name: 'a' }, { name: 'b', provider: { type: 'command', command: ['./scale.sh', '--zone', 'x'] } }] });
    expect(c.groups[0]!.provider).toEqual({ type: 'keda' });
    expect(c.groups[1]!.provider).toEqual({ type: 'command', command: ['./scale.sh', '--zone', 'x'], timeoutMs: 30_000, retries: 2, backoffMs: 1000, backoffMaxMs: 30_000 });
    const local = resolveAutoscaleConfig({ groups: [{ name: 'a', provider: { type: 'local', command: ['taskframe', 'worker'], env: { A: '1' } } }] }).groups[0]!.provider;
    expect(local).toEqual({ type: 'local', command: ['taskframe', 'worker'], env: { A: '1' }, output: 'inherit', stopTimeoutMs: 30_000, restartBackoffMs: 1000, restartBackoffMaxMs: 30_000 });
  });

  it('an unknown key is refused with the nearest known one, also one that moved into the policy', () => {
    expect(refused({ provider: KEDA, groups: [{ name: 'a', policy: { scaleDown: { cooldwn: '5s' } } }] }).message).toBe('autoscale.groups[0].policy.scaleDown.cooldwn: unknown setting; did you mean "cooldown"?');
    expect(refused({ provider: KEDA, groups: [{ name: 'a', maxWorker: 3 }] }).message).toBe('autoscale.groups[0].maxWorker: unknown setting; did you mean "policy.maxWorkers"?');
    expect(refused({ provider: KEDA, groups: [{ name: 'a', minWorkers: 3 }] }).message).toBe('autoscale.groups[0].minWorkers: unknown setting; did you mean "policy.minWorkers"?');
    expect(refused({ provider: KEDA, group: [] }).message).toBe('autoscale.group: unknown setting; did you mean "groups"?');
    expect(refused({ groups: [{ name: 'a', provider: { type: 'local', command: ['x'], stopTimout: '1s' } }] }).message).toBe('autoscale.groups[0].provider.stopTimout: unknown setting; did you mean "stopTimeout"?');
  });

  it('min above max is refused naming minWorkers', () => {
    expect(refused({ provider: KEDA, groups: [{ name: 'a', policy: { minWorkers: 5, maxWorkers: 2 } }] }).message).toBe('autoscale.groups[0].policy.minWorkers: must be at most maxWorkers (2), got 5');
  });

  it('a negative or zero target is refused naming latencyTarget; so are other bad durations and numbers out of range', () => {
    const policy = (p: Record<string, unknown>) => refused({ provider: KEDA, groups: [{ name: 'a', policy: p }] }).message;
    expect(policy({ latencyTarget: -5 })).toBe('autoscale.groups[0].policy.latencyTarget: must be a duration (e.g. 500ms, 30s, 2m, 1h30m, or milliseconds) from 1ms to 24d, got -5');
    expect(policy({ latencyTarget: '0s' })).toMatch(/^autoscale\.groups\[0\]\.policy\.latencyTarget: must be a duration .* from 1ms to 24d, got "0s"$/);
    expect(policy({ latencyTarget: 'soon' })).toMatch(/^autoscale\.groups\[0\]\.policy\.latencyTarget: must be a duration .* got "soon"$/);
    expect(policy({ minWorkers: -1 })).toBe('autoscale.groups[0].policy.minWorkers: must be an integer from 0 to 100000, got -1');
    expect(policy({ utilization: 1.5 })).toBe('autoscale.groups[0].policy.utilization: must be a number above 0 and at most 1, got 1.5');
    expect(policy({ utilization: 0 })).toBe('autoscale.groups[0].policy.utilization: must be a number above 0 and at most 1, got 0');
    expect(refused({ provider: KEDA, groups: [{ name: 'a', concurrency: 'ten' }] }).message).toBe('autoscale.groups[0].concurrency: must be an integer from 1 to 100000, got "ten"');
  });

  it('an unknown provider is refused naming the key and the known ones; so is a provider that lacks what it needs', () => {
    expect(refused({ groups: [{ name: 'a', provider: { type: 'lokal' } }] }).message).toBe('autoscale.groups[0].provider.type: unknown provider "lokal"; did you mean "local"? (one of local, command, keda)');
    expect(refused({ groups: [{ name: 'a', provider: { type: 'kubernetes' } }] }).message).toBe('autoscale.groups[0].provider.type: unknown provider "kubernetes" (one of local, command, keda)');
    expect(refused({ groups: [{ name: 'a' }] }).message).toBe('autoscale.groups[0].provider: no provider: give one here or in autoscale.provider (type: local, command or keda)');
    expect(refused({ groups: [{ name: 'a', provider: { command: ['x'] } }] }).message).toBe('autoscale.groups[0].provider.type: is required: which provider (one of local, command, keda)');
    expect(refused({ groups: [{ name: 'a', provider: { type: 'local' } }] }).message).toBe('autoscale.groups[0].provider.command: is required: a list of arguments (at least 1)');
    expect(refused({ groups: [{ name: 'a', provider: { type: 'command', command: [] } }] }).message).toBe('autoscale.groups[0].provider.command: must be a list of arguments (at least 1), got []');
    expect(refused({ provider: { type: 'keda', command: ['x'] }, groups: [{ name: 'a' }] }).message).toBe('autoscale.provider.command: unknown setting (known: type)');
  });

  it('groups: at least one, each named, unique names, valid queue names, a queue in one group only', () => {
    expect(refused({ provider: KEDA, groups: [] }).message).toMatch(/^autoscale\.groups: must be a list of groups \(below\), got \[\]$/);
    expect(refused({ provider: KEDA, groups: [{ queues: ['a'] }] }).message).toMatch(/^autoscale\.groups\[0\]\.name: is required: a name/);
    expect(refused({ provider: KEDA, groups: [{ name: 'a' }, { name: 'a' }] }).message).toBe('autoscale.groups[1].name: group "a" is given twice (also groups[0])');
    expect(refused({ provider: KEDA, groups: [{ name: 'a', queues: ['no spaces'] }] }).message).toMatch(/^autoscale\.groups\[0\]\.queues\[0\]: must be a name of letters, digits and \. _ : - \/, got "no spaces"$/);
    expect(refused({ provider: KEDA, groups: [{ name: 'a' }, { name: 'b', queues: ['a'] }] }).message).toBe('autoscale.groups[1].queues[0]: queue "a" is already scaled by group "a": a queue belongs to one group');
  });

  it('the leadership lease must outlast an interval', () => {
    expect(refused({ interval: '10s', leaderTtl: '5s', provider: KEDA, groups: [{ name: 'a' }] }).message).toMatch(/^autoscale\.leaderTtl: must be longer than autoscale\.interval \(10000 ms\)/);
  });

  it('without groups there is nothing to scale: taskframe autoscale says where to put them', () => {
    expect(() => autoscaleConfig({})).toThrow(/autoscale\.groups: no groups to scale: no config file names autoscale\.groups/);
    expect(() => autoscaleConfig({ autoscale: { interval: 5000, history: 20 } }, '/etc/taskframe.yaml')).toThrow(/autoscale\.groups: no groups to scale: \/etc\/taskframe\.yaml has no autoscale\.groups/);
  });
});
