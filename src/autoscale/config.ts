/**
 * The autoscaler's configuration: one TypeBox schema (every field with its description and
 * default), read from a YAML or JSON file, checked with "did you mean" for unknown keys and
 * file:line:column for every problem, then resolved into plain numbers (durations in ms).
 * Nothing is started or opened here: a bad file is refused before the store is touched.
 */
import fs from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { MAX_TIMER_MS, parseDuration } from '../model/duration.js';
import { ValidationError } from '../model/errors.js';
import { validateName } from '../model/spec.js';
import { checkSchema, configError, parseSource, type Locate } from './config-check.js';

const Duration = (description: string, def?: string) =>
  Type.Union([Type.String(), Type.Number()], { description: `${description} (a duration: 500ms, 5s, 2m, 1h; or a number of ms)`, ...(def !== undefined ? { default: def } : {}) });

const Argv = (description: string) => Type.Array(Type.String(), { minItems: 1, description });
const Env = Type.Record(Type.String(), Type.String(), { description: 'Environment variables added to the inherited environment' });

export const LocalProviderSchema = Type.Object(
  {
    type: Type.Literal('local'),
    command: Argv(
      'The worker command line, one argument per entry. A first entry "taskframe" runs this very taskframe (node + its CLI). ' +
        'Placeholders: {queues} (comma-separated), {concurrency}, {group}, {db}.',
    ),
    cwd: Type.Optional(Type.String({ description: 'Working directory of the workers (default: the autoscaler\'s)' })),
    env: Type.Optional(Env),
    output: Type.String({ default: 'inherit', description: 'Where workers\' stdout/stderr go: "inherit" (the autoscaler\'s), "ignore", or a file path to append to' }),
    stopTimeout: Duration('After SIGTERM, how long a worker may take to finish and give back its tasks before it is killed; keep it above the worker\'s --grace', '30s'),
    restartBackoff: Duration('Delay before restarting a worker that died; doubles while workers keep dying young', '1s'),
    restartBackoffMax: Duration('Longest restart delay', '30s'),
  },
  { additionalProperties: false, description: 'Starts and stops `taskframe worker` processes on this host' },
);

export const CommandProviderSchema = Type.Object(
  {
    type: Type.Literal('command'),
    command: Argv('Your executable and its arguments. It gets a JSON request on stdin ({"action":"scale"|"list", "desired", "reason", …}) and answers {"workers":[{"id","state"}]} on stdout'),
    cwd: Type.Optional(Type.String({ description: 'Working directory of the command' })),
    env: Type.Optional(Env),
    timeout: Duration('How long one run of the command may take before it is killed and counted as failed', '30s'),
    retries: Type.Integer({ minimum: 0, default: 2, description: 'Further tries after a failed run, within one decision' }),
    backoff: Duration('Delay before the first retry; doubles with each', '1s'),
    backoffMax: Duration('Longest delay between retries', '30s'),
  },
  { additionalProperties: false, description: 'Runs your executable to ask a datacenter or cloud API for N workers' },
);

export const KedaProviderSchema = Type.Object(
  { type: Type.Literal('keda') },
  { additionalProperties: false, description: 'Runs nothing: KEDA reads the recorded desired count from `taskframe server` (GET /v1/autoscale/keda)' },
);

export const PROVIDER_SCHEMAS = { local: LocalProviderSchema, command: CommandProviderSchema, keda: KedaProviderSchema } as const;
export type ProviderType = keyof typeof PROVIDER_SCHEMAS;
const ProviderSchema = Type.Union([LocalProviderSchema, CommandProviderSchema, KedaProviderSchema], { title: 'provider', description: 'What starts and stops workers: local, command or keda' });

export const GroupSchema = Type.Object(
  {
    name: Type.String({ description: 'Name of the group (shown in status, metrics and the KEDA endpoint)' }),
    queues: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'Queues its workers serve (default: [name])' })),
    latencyTarget: Duration('A ready task should start within this', '5s'),
    minWorkers: Type.Integer({ minimum: 0, default: 0, description: 'Never fewer workers (0 allows scaling to zero)' }),
    maxWorkers: Type.Integer({ minimum: 1, default: 10, description: 'Never more workers' }),
    concurrency: Type.Integer({ minimum: 1, default: 10, description: 'Tasks one worker runs at once (its --concurrency)' }),
    utilization: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8, description: 'Share of the slots the steady arrival rate may keep busy; the rest is headroom' }),
    lookahead: Duration('Scheduled and retrying tasks coming due within this count as work (wakes a group at zero before they are due)', '30s'),
    defaultServiceTime: Duration('Service time assumed for a task name until one has been observed', '1s'),
    smoothing: Duration('Time constant of the moving averages of arrival rate, completion rate and service time', '30s'),
    scaleUp: Type.Object(
      {
        lateFactor: Type.Number({ minimum: 1, default: 2, description: 'When the oldest ready task has waited past the target although the estimate says there are enough workers, multiply the workers by this' }),
        settle: Duration('How long a scale-up may take to show (workers starting) before the late rule multiplies again', '30s'),
      },
      { additionalProperties: false, default: {}, description: 'Scaling up: at once to the computed need' },
    ),
    scaleDown: Type.Object(
      {
        cooldown: Duration('The need must stay lower this long, and this long must have passed since the last change, before a scale-down', '60s'),
        hysteresis: Type.Number({ minimum: 0, maximum: 0.9, default: 0.1, description: 'Only a need at least this fraction below the current count scales down' }),
        maxStep: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.5, description: 'At most this fraction of the workers is removed per step (at least one)' }),
        idleBeforeZero: Duration('With minWorkers 0: how long nothing must be ready, running or coming due before the last worker goes', '5m'),
      },
      { additionalProperties: false, default: {}, description: 'Scaling down: slowly, after a cool-down, with hysteresis' },
    ),
    provider: Type.Optional(ProviderSchema),
  },
  { additionalProperties: false },
);

export const AutoscaleConfigSchema = Type.Object(
  {
    db: Type.Optional(Type.String({ description: 'Store URL; --db and TASKFRAME_DB take precedence' })),
    interval: Duration('How often the leader samples the store and decides', '5s'),
    leaderTtl: Type.Optional(Duration('Leadership lease: a dead leader is replaced within this (default: 3 intervals, at least 5s)')),
    history: Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Decisions that changed something, kept per group for `autoscale status`' }),
    provider: Type.Optional(ProviderSchema),
    groups: Type.Array(GroupSchema, { minItems: 1, description: 'Queues or groups of queues, each scaled on its own' }),
  },
  { additionalProperties: false },
);

type RawConfig = Static<typeof AutoscaleConfigSchema>;
type RawGroup = Static<typeof GroupSchema>;
type RawProvider = Static<typeof ProviderSchema>;

// ---- the resolved configuration ----

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
  db?: string;
  intervalMs: number;
  leaderTtlMs: number;
  history: number;
  groups: GroupConfig[];
}

/** The policy's defaults, resolved: what a group gets for every field it leaves out. */
export const DEFAULT_POLICY: GroupPolicy = resolvePolicy(checkSchema<RawGroup>(GroupSchema, { name: 'x' }, []), [], undefined);

/** Reads and checks a configuration file (YAML or JSON). */
export function loadAutoscaleConfig(file: string): AutoscaleConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError(file, `cannot read the autoscaler configuration: ${(err as Error).message}`);
  }
  const src = parseSource(text, file);
  return resolveAutoscaleConfig(src.value, src.locate);
}

/** Checks a configuration object (the TypeScript API's way in, and the file's after parsing). */
export function resolveAutoscaleConfig(value: unknown, locate?: Locate): AutoscaleConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw configError([], 'the configuration must be a mapping (groups: [...], …)', locate);
  const raw = checkSchema<RawConfig>(AutoscaleConfigSchema, value, [], locate);
  const intervalMs = duration(raw.interval, ['interval'], locate, { positive: true, timer: true });
  const leaderTtlMs = raw.leaderTtl === undefined ? Math.max(5000, 3 * intervalMs) : duration(raw.leaderTtl, ['leaderTtl'], locate, { positive: true, timer: true });
  if (leaderTtlMs <= intervalMs) throw configError(['leaderTtl'], `must be longer than interval (${intervalMs} ms), or the leader loses its lease between two passes`, locate);
  const names = new Set<string>();
  const queuesSeen = new Map<string, string>();
  const groups = raw.groups.map((g, i): GroupConfig => {
    const at = ['groups', i];
    const name = nameOf(g.name, [...at, 'name'], locate);
    if (names.has(name)) throw configError([...at, 'name'], `group "${name}" is given twice`, locate);
    names.add(name);
    const queues = (g.queues ?? [name]).map((q, j) => nameOf(q, [...at, 'queues', j], locate));
    for (const [j, q] of queues.entries()) {
      const other = queuesSeen.get(q);
      if (other !== undefined) throw configError([...at, 'queues', j], `queue "${q}" is already scaled by group "${other}": a queue belongs to one group`, locate);
      queuesSeen.set(q, name);
    }
    const providerRaw = g.provider ?? raw.provider;
    if (!providerRaw) throw configError([...at, 'provider'], 'no provider: give one here or at the top level (type: local, command or keda)', locate);
    const providerPath = g.provider ? [...at, 'provider'] : ['provider'];
    return { name, queues, policy: resolvePolicy(g, at, locate), provider: resolveProvider(providerRaw, providerPath, locate) };
  });
  return { ...(raw.db !== undefined ? { db: raw.db } : {}), intervalMs, leaderTtlMs, history: raw.history, groups };
}

/** A group policy from partial settings (tests and the TypeScript API), with the defaults. */
export function groupPolicy(overrides: Partial<GroupPolicy> = {}): GroupPolicy {
  const p = { ...DEFAULT_POLICY, ...overrides };
  checkPolicy(p, [], undefined);
  return p;
}

function resolvePolicy(g: RawGroup, at: Array<string | number>, locate: Locate | undefined): GroupPolicy {
  const d = (v: string | number, key: string[], opts: { positive?: boolean } = {}) => duration(v, [...at, ...key], locate, opts);
  const p: GroupPolicy = {
    latencyTargetMs: d(g.latencyTarget, ['latencyTarget'], { positive: true }),
    minWorkers: g.minWorkers,
    maxWorkers: g.maxWorkers,
    concurrency: g.concurrency,
    utilization: g.utilization,
    lookaheadMs: d(g.lookahead, ['lookahead']),
    defaultServiceMs: d(g.defaultServiceTime, ['defaultServiceTime'], { positive: true }),
    smoothingMs: d(g.smoothing, ['smoothing'], { positive: true }),
    lateFactor: g.scaleUp.lateFactor,
    settleMs: d(g.scaleUp.settle, ['scaleUp', 'settle']),
    cooldownMs: d(g.scaleDown.cooldown, ['scaleDown', 'cooldown']),
    hysteresis: g.scaleDown.hysteresis,
    maxStepDown: g.scaleDown.maxStep,
    idleBeforeZeroMs: d(g.scaleDown.idleBeforeZero, ['scaleDown', 'idleBeforeZero']),
  };
  checkPolicy(p, at, locate);
  return p;
}

/** The rules that tie fields together; the schema checks each field alone. */
function checkPolicy(p: GroupPolicy, at: Array<string | number>, locate: Locate | undefined): void {
  if (p.minWorkers > p.maxWorkers) throw configError([...at, 'minWorkers'], `must be at most maxWorkers (${p.maxWorkers}), got ${p.minWorkers}`, locate);
  if (!(p.latencyTargetMs > 0)) throw configError([...at, 'latencyTarget'], `must be a positive duration, got ${p.latencyTargetMs}`, locate);
  if (!(p.utilization > 0 && p.utilization <= 1)) throw configError([...at, 'utilization'], `must be in (0, 1], got ${p.utilization}`, locate);
  if (!Number.isInteger(p.concurrency) || p.concurrency < 1) throw configError([...at, 'concurrency'], `must be a positive integer, got ${p.concurrency}`, locate);
}

function resolveProvider(given: RawProvider, at: Array<string | number>, locate: Locate | undefined): ProviderConfig {
  // Each provider's own defaults, filled from its own schema.
  const p = checkSchema<RawProvider>(PROVIDER_SCHEMAS[given.type], given, at, locate, { skipKeys: true });
  // Every provider duration runs a timer (a kill, a restart, a retry, a command's limit).
  const d = (v: string | number, key: string) => duration(v, [...at, key], locate, { timer: true });
  switch (p.type) {
    case 'local':
      return {
        type: 'local',
        command: p.command,
        ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
        ...(p.env !== undefined ? { env: p.env } : {}),
        output: p.output,
        stopTimeoutMs: d(p.stopTimeout, 'stopTimeout'),
        restartBackoffMs: d(p.restartBackoff, 'restartBackoff'),
        restartBackoffMaxMs: d(p.restartBackoffMax, 'restartBackoffMax'),
      };
    case 'command':
      return {
        type: 'command',
        command: p.command,
        ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
        ...(p.env !== undefined ? { env: p.env } : {}),
        timeoutMs: duration(p.timeout, [...at, 'timeout'], locate, { positive: true, timer: true }),
        retries: p.retries,
        backoffMs: d(p.backoff, 'backoff'),
        backoffMaxMs: d(p.backoffMax, 'backoffMax'),
      };
    case 'keda':
      return { type: 'keda' };
  }
}

/** `timer`: the value runs a timer, so at most MAX_TIMER_MS (24d): Node fires a longer one at once. */
function duration(v: string | number, path: Array<string | number>, locate: Locate | undefined, opts: { positive?: boolean; timer?: boolean } = {}): number {
  let ms: number;
  try {
    ms = parseDuration(v, 'duration', opts.timer ? MAX_TIMER_MS : undefined);
  } catch (err) {
    throw configError(path, (err as ValidationError).message.replace(/^duration: /, ''), locate);
  }
  if (opts.positive && ms <= 0) throw configError(path, `must be a positive duration, got ${JSON.stringify(v)}`, locate);
  return ms;
}

function nameOf(v: string, path: Array<string | number>, locate: Locate | undefined): string {
  try {
    return validateName(v, 'name');
  } catch (err) {
    throw configError(path, (err as ValidationError).message.replace(/^name: /, ''), locate);
  }
}
