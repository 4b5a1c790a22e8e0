/**
 * The autoscaler's options, taken from the `autoscale:` section of the one configuration
 * (src/config/autoscale-schema.ts: every field with its description, default and reload kind;
 * checked by the config loader with file:line:column and "did you mean"). The store is
 * `store.url`, as for every command. Nothing is started or opened here.
 *
 *   const config = autoscaleConfig(loadConfig({ file: 'taskframe.yaml' }).values);
 *   const config = resolveAutoscaleConfig({ provider: { type: 'keda' }, groups: [{ name: 'emails' }] });
 */
import type { AutoscaleSection } from '../config/autoscale-schema.js';
import { checkSection } from '../config/load.js';
import type { TaskframeConfig } from '../config/schema.js';
import { ValidationError } from '../model/errors.js';

/** What the pure policy needs of a group: every duration in ms. */
export interface GroupPolicy {
  latencyTargetMs: number;
  minWorkers: number;
  maxWorkers: number;
  concurrency: number;
  utilization: number;
  lookaheadMs: number;
  defaultServiceMs: number;
  smoothingMs: number;
  lateFactor: number;
  settleMs: number;
  cooldownMs: number;
  hysteresis: number;
  maxStepDown: number;
  idleBeforeZeroMs: number;
}

export type LocalProviderConfig = { type: 'local'; command: string[]; cwd?: string; env?: Record<string, string>; output: string; stopTimeoutMs: number; restartBackoffMs: number; restartBackoffMaxMs: number };
export type CommandProviderConfig = { type: 'command'; command: string[]; cwd?: string; env?: Record<string, string>; timeoutMs: number; retries: number; backoffMs: number; backoffMaxMs: number };
export type KedaProviderConfig = { type: 'keda' };
export type ProviderConfig = LocalProviderConfig | CommandProviderConfig | KedaProviderConfig;

export interface GroupConfig {
  name: string;
  queues: string[];
  policy: GroupPolicy;
  provider: ProviderConfig;
}

export interface AutoscaleConfig {
  intervalMs: number;
  leaderTtlMs: number;
  history: number;
  /** This instance's name in the leader lease, when configured (`autoscale.id`, `--id`). */
  id?: string;
  groups: GroupConfig[];
}

type Section = AutoscaleSection;
type Group = NonNullable<Section['groups']>[number];
type Provider = NonNullable<Section['provider']>;

/**
 * The autoscaler's options from a loaded configuration (already checked by loadConfig). Refused
 * when there is no group to scale: `taskframe autoscale` needs an `autoscale:` section with groups.
 */
export function autoscaleConfig(c: Pick<TaskframeConfig, 'autoscale'>, file?: string | null): AutoscaleConfig {
  const a = c.autoscale;
  if (!a?.groups) {
    const where = file ? `${file} has no autoscale.groups` : 'no config file names autoscale.groups (give one with --config FILE, $TASKFRAME_CONFIG or ./taskframe.yaml)';
    throw new ValidationError('autoscale.groups', `no groups to scale: ${where}; see docs/autoscale.md`, { key: 'autoscale.groups', ...(file ? { file } : {}) });
  }
  return {
    intervalMs: a.interval,
    leaderTtlMs: a.leaderTtl ?? Math.max(5000, 3 * a.interval),
    history: a.history,
    ...(a.id !== undefined ? { id: a.id } : {}),
    // The loader's rules made sure every group has a provider, its own or the section's.
    groups: a.groups.map((g) => ({ name: g.name, queues: g.queues ?? [g.name], policy: policyOf(g), provider: providerOf((g.provider ?? a.provider)!) })),
  };
}

/** The TypeScript API: the `autoscale:` section given as an object, checked as the file's would be (errors name the key). */
export function resolveAutoscaleConfig(section: unknown): AutoscaleConfig {
  return autoscaleConfig({ autoscale: checkSection('autoscale', section) });
}

function policyOf(g: Group): GroupPolicy {
  const p = g.policy;
  return {
    latencyTargetMs: p.latencyTarget,
    minWorkers: p.minWorkers,
    maxWorkers: p.maxWorkers,
    concurrency: g.concurrency,
    utilization: p.utilization,
    lookaheadMs: p.lookahead,
    defaultServiceMs: p.defaultServiceTime,
    smoothingMs: p.smoothing,
    lateFactor: p.scaleUp.lateFactor,
    settleMs: p.scaleUp.settle,
    cooldownMs: p.scaleDown.cooldown,
    hysteresis: p.scaleDown.hysteresis,
    maxStepDown: p.scaleDown.maxStep,
    idleBeforeZeroMs: p.scaleDown.idleBeforeZero,
  };
}

const placed = (p: { cwd?: string; env?: Record<string, string> }) => ({ ...(p.cwd !== undefined ? { cwd: p.cwd } : {}), ...(p.env !== undefined ? { env: p.env } : {}) });

function providerOf(p: Provider): ProviderConfig {
  switch (p.type) {
    case 'local':
      return { type: 'local', command: p.command, ...placed(p), output: p.output, stopTimeoutMs: p.stopTimeout, restartBackoffMs: p.restartBackoff, restartBackoffMaxMs: p.restartBackoffMax };
    case 'command':
      return { type: 'command', command: p.command, ...placed(p), timeoutMs: p.timeout, retries: p.retries, backoffMs: p.backoff, backoffMaxMs: p.backoffMax };
    case 'keda':
      return { type: 'keda' };
  }
}

/** The policy's defaults, resolved: what a group gets for every field it leaves out. */
export const DEFAULT_POLICY: GroupPolicy = resolveAutoscaleConfig({ provider: { type: 'keda' }, groups: [{ name: 'x' }] }).groups[0]!.policy;

/** A group policy from partial settings (tests and the TypeScript API), with the defaults. */
export function groupPolicy(overrides: Partial<GroupPolicy> = {}): GroupPolicy {
  const p = { ...DEFAULT_POLICY, ...overrides };
  const refuse = (field: string, message: string) => {
    throw new ValidationError(field, message, { key: field });
  };
  if (p.minWorkers > p.maxWorkers) refuse('minWorkers', `must be at most maxWorkers (${p.maxWorkers}), got ${p.minWorkers}`);
  if (!(p.latencyTargetMs > 0)) refuse('latencyTargetMs', `must be a positive duration, got ${p.latencyTargetMs}`);
  if (!(p.utilization > 0 && p.utilization <= 1)) refuse('utilization', `must be in (0, 1], got ${p.utilization}`);
  if (!Number.isInteger(p.concurrency) || p.concurrency < 1) refuse('concurrency', `must be a positive integer, got ${p.concurrency}`);
  return p;
}
