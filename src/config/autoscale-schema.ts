/**
 * The `autoscale:` section of the configuration: groups of queues, each with its workers'
 * provider and the policy that decides how many of them run. `taskframe autoscale` reads it
 * (src/autoscale/config.ts turns it into the autoscaler's options); every other command only
 * checks it, like every other section.
 *
 * What reloads live: a group's `policy` (targets, bounds, cool-downs: the next decision uses the
 * new values) and `history`. What a group is — its name, queues, workers' concurrency and
 * provider — and the loop's timing need a restart; so does adding, removing or reordering groups.
 */
import { Type, type Static } from '../vendor/typebox.js';
import { duration, NAME_MAX_LENGTH, NAME_PATTERN } from './kinds.js';
import { Problem, type SubPath } from './problem.js';

const Name = (description: string) => Type.String({ pattern: NAME_PATTERN, maxLength: NAME_MAX_LENGTH, description });
const Argv = (description: string) => Type.Array(Type.String({ minLength: 1 }), { minItems: 1, accepts: 'a list of arguments (at least 1)', description });
const Env = Type.Optional(Type.Record(Type.String(), Type.String(), { accepts: 'a mapping of names to strings', description: 'Environment variables added to the inherited environment.', defaultText: 'none' }));

const LocalProvider = Type.Object(
  {
    type: Type.Literal('local', { description: '`local`' }),
    command: Argv(
      'The worker command line, one argument per entry. A first entry `taskframe` runs this very taskframe (this Node, this CLI). Placeholders: `{queues}` (comma-separated), `{concurrency}`, `{group}`, `{db}` (`store.url`), `{id}`.',
    ),
    cwd: Type.Optional(Type.String({ minLength: 1, description: "Working directory of the workers (a relative one is relative to the autoscaler's).", defaultText: "the autoscaler's" })),
    env: Env,
    output: Type.String({ minLength: 1, default: 'inherit', accepts: '`inherit`, `ignore`, or a file', description: "Where the workers' stdout and stderr go: `inherit` (the autoscaler's), `ignore`, or a file to append to." }),
    stopTimeout: duration({ default: 30_000, description: "After SIGTERM, how long a worker may take to finish and give back its tasks before it is killed; keep it above the worker's `--grace`." }),
    restartBackoff: duration({ default: 1000, description: 'Delay before restarting a worker that died; doubles while workers keep dying young.' }),
    restartBackoffMax: duration({ default: 30_000, description: 'Longest restart delay.' }),
  },
  { additionalProperties: false, title: 'provider', description: 'Starts and stops `taskframe worker` processes on this host.' },
);

const CommandProvider = Type.Object(
  {
    type: Type.Literal('command', { description: '`command`' }),
    command: Argv('Your executable and its arguments. It gets a JSON request on stdin (`{"action": "scale"|"list", "desired", "reason", …}`) and answers `{"workers": [{"id", "state"}]}` on stdout.'),
    cwd: Type.Optional(Type.String({ minLength: 1, description: "Working directory of the command (a relative one is relative to the autoscaler's).", defaultText: "the autoscaler's" })),
    env: Env,
    timeout: duration({ minimum: 1, default: 30_000, description: 'How long one run of the command may take before it is killed and counted as failed.' }),
    retries: Type.Integer({ minimum: 0, maximum: 100, default: 2, description: 'Further tries after a failed run, within one decision.' }),
    backoff: duration({ default: 1000, description: 'Delay before the first retry; doubles with each.' }),
    backoffMax: duration({ default: 30_000, description: 'Longest delay between retries.' }),
  },
  { additionalProperties: false, title: 'provider', description: 'Runs your executable to ask a datacenter or cloud API for N workers.' },
);

const KedaProvider = Type.Object(
  { type: Type.Literal('keda', { description: '`keda`' }) },
  { additionalProperties: false, title: 'provider', description: 'Runs nothing: KEDA reads the recorded desired count from `taskframe server` (`GET /v1/autoscale/keda`).' },
);

/** A provider, told apart by its `type`. */
const provider = (doc: { description: string; defaultText?: string; formerly?: string[] }) =>
  Type.Union([LocalProvider, CommandProvider, KedaProvider], { title: 'provider', accepts: 'a provider: `type: local`, `command` or `keda`, with its settings', reload: 'restart', ...doc });

const scaleUp = Type.Object(
  {
    lateFactor: Type.Number({ minimum: 1, maximum: 100, default: 2, description: 'When the oldest ready task has waited past the target although the estimate says there are enough workers, multiply the workers by this.' }),
    settle: duration({ default: 30_000, description: 'How long a scale-up may take to show (workers starting) before the late rule multiplies again.' }),
  },
  { additionalProperties: false, description: 'Scaling up: at once, to the computed need.' },
);

const scaleDown = Type.Object(
  {
    cooldown: duration({ default: 60_000, description: 'The need must stay lower this long, and this long must have passed since the last change, before a scale-down.' }),
    hysteresis: Type.Number({ minimum: 0, maximum: 0.9, default: 0.1, description: 'Only a need at least this fraction below the current count scales down.' }),
    maxStep: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.5, description: 'At most this fraction of the workers is removed per step (at least one).' }),
    idleBeforeZero: duration({ default: 300_000, description: 'With `minWorkers` 0: how long nothing must be ready, running or coming due before the last worker goes.' }),
  },
  { additionalProperties: false, description: 'Scaling down: slowly, after a cool-down, with hysteresis.' },
);

const policy = Type.Object(
  {
    latencyTarget: duration({ minimum: 1, default: 5000, description: 'A ready task should start within this.' }),
    minWorkers: Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'Never fewer workers (0 allows scaling to zero). At most `maxWorkers`.' }),
    maxWorkers: Type.Integer({ minimum: 1, maximum: 100_000, default: 10, description: 'Never more workers.' }),
    utilization: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8, description: 'Share of the slots the steady arrival rate may keep busy; the rest is headroom.' }),
    lookahead: duration({ default: 30_000, description: 'Scheduled and retrying tasks coming due within this count as work (a group at zero wakes before they are due).' }),
    defaultServiceTime: duration({ minimum: 1, default: 1000, description: 'Service time assumed for a task name until one has been observed.' }),
    smoothing: duration({ minimum: 1, default: 30_000, description: 'Time constant of the moving averages of arrival rate, completion rate and service time.' }),
    scaleUp,
    scaleDown,
  },
  { additionalProperties: false, reload: 'live', description: 'How many workers the group needs (docs/autoscale.md, "The policy"). Reloads live: the next decision uses it.' },
);

const group = Type.Object(
  {
    name: Name('Name of the group (shown in status, metrics and the KEDA endpoint).'),
    queues: Type.Optional(Type.Array(Name('A queue.'), { minItems: 1, description: 'Queues its workers serve; a queue belongs to one group.', defaultText: '`[name]`' })),
    concurrency: Type.Integer({ minimum: 1, maximum: 100_000, default: 10, description: 'Tasks one worker runs at once: the workers\' `--concurrency` (`{concurrency}` in a local command line).' }),
    provider: Type.Optional(provider({ description: 'What starts and stops its workers.', defaultText: '`autoscale.provider`' })),
    policy,
  },
  { additionalProperties: false },
);

export const autoscaleSection = Type.Object(
  {
    interval: duration({ minimum: 10, default: 5000, description: 'How often the leader samples the store and decides.', env: 'TASKFRAME_AUTOSCALE_INTERVAL', reload: 'restart', formerly: ['interval'] }),
    leaderTtl: Type.Optional(duration({ minimum: 1, description: 'Leadership lease: a dead leader is replaced within this. Longer than `interval`.', defaultText: '3 intervals, at least 5s', env: 'TASKFRAME_AUTOSCALE_LEADER_TTL', reload: 'restart' })),
    history: Type.Integer({ minimum: 1, maximum: 200, default: 20, description: 'Decisions that changed something, kept per group for `taskframe autoscale status`.', env: 'TASKFRAME_AUTOSCALE_HISTORY', reload: 'live' }),
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "This autoscaler's name in the leader lease.", defaultText: 'host:pid:random', env: 'TASKFRAME_AUTOSCALE_ID', flag: '--id <holder>', reload: 'restart' })),
    provider: Type.Optional(provider({ description: 'The provider of the groups that name none.', defaultText: 'none: each group names its own' })),
    groups: Type.Optional(
      Type.Array(group, {
        minItems: 1,
        accepts: 'a list of groups (below)',
        description: 'Queues, or groups of queues, each scaled on its own. Adding, removing, renaming or reordering groups needs a restart; a group\'s `policy` reloads live.',
        defaultText: 'none: `taskframe autoscale` needs at least one',
        reload: 'restart',
      }),
    ),
  },
  { description: '`taskframe autoscale`: decides how many workers each group of queues needs and asks a provider for them (docs/autoscale.md). The store is `store.url`, as for every command.' },
);

export type AutoscaleSection = Static<typeof autoscaleSection>;

/** The rules between autoscale settings that the schema cannot say field by field. */
export function checkAutoscale(a: AutoscaleSection | undefined, at: SubPath = ['autoscale']): void {
  if (!a) return;
  if (a.leaderTtl !== undefined && a.leaderTtl <= a.interval) {
    throw new Problem([...at, 'leaderTtl'], `must be longer than autoscale.interval (${a.interval} ms), or the leader loses its lease between two passes`);
  }
  const names = new Map<string, number>();
  const queueOwner = new Map<string, string>();
  (a.groups ?? []).forEach((g, i) => {
    const here = [...at, 'groups', i];
    if (names.has(g.name)) throw new Problem([...here, 'name'], `group "${g.name}" is given twice (also groups[${names.get(g.name)}])`);
    names.set(g.name, i);
    (g.queues ?? [g.name]).forEach((q, j) => {
      const other = queueOwner.get(q);
      if (other !== undefined) throw new Problem(g.queues ? [...here, 'queues', j] : [...here, 'name'], `queue "${q}" is already scaled by group "${other}": a queue belongs to one group`);
      queueOwner.set(q, g.name);
    });
    if (g.policy.minWorkers > g.policy.maxWorkers) throw new Problem([...here, 'policy', 'minWorkers'], `must be at most maxWorkers (${g.policy.maxWorkers}), got ${g.policy.minWorkers}`);
    if (!g.provider && !a.provider) throw new Problem([...here, 'provider'], 'no provider: give one here or in autoscale.provider (type: local, command or keda)');
  });
}
