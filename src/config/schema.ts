/**
 * Every setting of taskframe's processes — store, logging, worker, maintenance, server,
 * scheduler, bridge, autoscaler, flow control — in one TypeBox schema. Each setting carries its own
 * documentation: what it does, its default, its environment variable, its flag, and whether a
 * running process picks up a change (reload "live") or needs a restart. docs/configuration.md is
 * generated from this file (`npm run gen:docs`), and the loader, `taskframe config` and the
 * CLI's flags all read it, so they cannot drift apart.
 *
 * Conventions the loader relies on (checked by schema.test.ts):
 * - an object below the root is a section (walked key by key); anything else is one setting;
 * - a setting either has a `default` or is Optional (absent means "not set": `defaultText`
 *   says what happens then);
 * - durations are integers of milliseconds marked `duration`: a file, variable or flag may also
 *   write them as "30s", "2m", "1h30m";
 * - `relativePath` settings given in the file are relative to the file's folder;
 * - a setting may be structured — a list of objects, a union of objects told apart by `type` —
 *   (autoscale groups and providers, src/config/autoscale-schema.ts): each field inside carries
 *   its own documentation and reload kind (else its setting's), and is checked, shown, reloaded
 *   and documented one by one (src/config/fields.ts);
 * - rules between the settings of a section (min at most max) are SECTION_RULES, run by the
 *   loader after every source, their problems named where the setting came from.
 */
import { MAX_DURATION_MS } from '../model/duration.js';
import { HISTORY_MODES } from '../model/history.js';
import { Type, type Static, type TSchema } from '../vendor/typebox.js';
import { LOG_FORMATS, LOG_LEVELS } from '../logger.js';
import { autoscaleSection, checkAutoscale } from './autoscale-schema.js';
import { checkFlow, flowSection } from './flow-schema.js';
import { duration, NAME_PATTERN, oneOf, type SettingDoc } from './kinds.js';
import type { SubPath } from './problem.js';

export type { Reload, SettingDoc } from './kinds.js';

const store = Type.Object(
  {
    url: Type.String({ minLength: 1, default: 'sqlite:./taskframe.db', description: 'The store: `sqlite:FILE` (embedded; a relative FILE is relative to the working directory, even in the config file) or `postgres://user@host:5432/db` (a fleet).', env: 'TASKFRAME_DB', flag: '--db <url>', reload: 'restart', secret: 'url', formerly: ['db'] }),
    poolSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'PostgreSQL: connections this process holds.', defaultText: '10; `?poolSize=N` in the URL wins', env: 'TASKFRAME_DB_POOL_SIZE', reload: 'restart' })),
    schema: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', accepts: 'an SQL name (letters, digits and _)', description: "PostgreSQL: the schema holding taskframe's tables (created if missing).", defaultText: '`taskframe`; `?schema=` in the URL wins', env: 'TASKFRAME_DB_SCHEMA', reload: 'restart' })),
    migrate: Type.Boolean({ default: true, description: 'Apply pending schema migrations when a process opens the store (`taskframe migrate` does it on its own).', env: 'TASKFRAME_DB_MIGRATE', reload: 'restart' }),
    history: oneOf(HISTORY_MODES, { default: 'full', description: "What a finished task leaves behind. `full`: every event, and finished tasks until `maintenance.retention`. `compact`: the routine events a task's own row shows (created, claimed, succeeded) are not written, the audit tells the same story from the row; retries, lease expiries, cancels, progress and failures are written. `none`: as compact, and a task that succeeds is deleted at once with its events and logs (unless it has dependents, a parent, a workflow run or a dedup key); failed, cancelled and skipped tasks are kept. The store's event feed (bridge outboxes, rules, live metrics) carries only written events.", env: 'TASKFRAME_HISTORY', reload: 'restart' }),
    sqliteWriterThread: Type.Boolean({ default: false, description: 'SQLite: run the write transactions on a thread of their own.', env: 'TASKFRAME_SQLITE_WRITER_THREAD', reload: 'restart' }),
    sqliteCheckpointThread: Type.Boolean({ default: true, description: 'SQLite: checkpoint the WAL on a background thread, so no commit waits for it.', env: 'TASKFRAME_SQLITE_CHECKPOINT_THREAD', reload: 'restart' }),
  },
  { description: 'Where every task, event and lease lives; every process of a deployment names the same store.' },
);

const log = Type.Object(
  {
    level: Type.Optional(oneOf(LOG_LEVELS, { description: 'Least severe level logged.', defaultText: '`warn` (`info` for `taskframe server`)', env: 'TASKFRAME_LOG_LEVEL', flag: '--log-level <level>', reload: 'live', formerly: ['logLevel'] })),
    format: oneOf(LOG_FORMATS, { default: 'auto', description: 'Log lines on stderr: `json` (one object per line), `pretty` (for people), or `auto`: pretty on a terminal, JSON otherwise.', env: 'TASKFRAME_LOG_FORMAT', flag: '--log-format <format>', reload: 'restart' }),
  },
  { description: 'Structured logs, on stderr.' },
);

const worker = Type.Object(
  {
    module: Type.Optional(Type.String({ minLength: 1, description: 'JS module whose default export maps task names to handler functions.', env: 'TASKFRAME_WORKER_MODULE', flag: '--module <file>', reload: 'restart', relativePath: true })),
    units: Type.Optional(Type.String({ minLength: 1, description: 'Serve every unit file (.service/.ini/.yaml) in this folder: a task named after a unit runs it.', env: 'TASKFRAME_WORKER_UNITS', flag: '--units <dir>', reload: 'restart', relativePath: true })),
    concurrency: Type.Integer({ minimum: 1, maximum: 100_000, default: 10, description: 'Handlers running at once.', env: 'TASKFRAME_WORKER_CONCURRENCY', flag: '--concurrency <n>', reload: 'live' }),
    prefetch: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Tasks claimed ahead of free slots, so a slot never waits on the store.', defaultText: 'equal to `concurrency`', env: 'TASKFRAME_WORKER_PREFETCH', flag: '--prefetch <n>', reload: 'live' })),
    queues: Type.Array(Type.String({ pattern: NAME_PATTERN, maxLength: 200 }), { minItems: 1, default: ['default'], description: 'Queues served.', env: 'TASKFRAME_WORKER_QUEUES', flag: '--queue <queues>', reload: 'live' }),
    lease: duration({ minimum: 100, default: 30_000, description: 'Lease per claimed task; renewed every third of it. A dead worker\'s tasks run again after it.', env: 'TASKFRAME_WORKER_LEASE', flag: '--lease <duration>', reload: 'restart' }),
    poll: Type.Optional(duration({ minimum: 1, description: 'Idle poll interval, the fallback when no wake-up arrives.', defaultText: '200ms; 5s on PostgreSQL, which pushes wake-ups', env: 'TASKFRAME_WORKER_POLL', flag: '--poll <duration>', reload: 'restart' })),
    grace: duration({ default: 10_000, description: 'On SIGINT/SIGTERM, how long in-flight tasks may take before they are given back.', env: 'TASKFRAME_WORKER_GRACE', flag: '--grace <duration>', reload: 'restart' }),
    drain: Type.Boolean({ default: false, description: 'Exit once no task is left that this worker could run.', env: 'TASKFRAME_WORKER_DRAIN', flag: '--drain', reload: 'restart' }),
    maintenance: Type.Boolean({ default: true, description: 'Take part in maintenance (lease reaping, retention, the daily upkeep of history; one leader at a time).', env: 'TASKFRAME_WORKER_MAINTENANCE', flag: '--no-maintenance', flagHelp: 'Do not take part in maintenance.', reload: 'restart' }),
    schedule: Type.Boolean({ default: true, description: 'Start units on their [RunIf] cron=/every= schedules (one worker among those serving a unit fires it).', env: 'TASKFRAME_WORKER_SCHEDULE', flag: '--no-schedule', flagHelp: 'Do not start units on their [RunIf] schedules.', reload: 'restart' }),
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Worker id shown in the audit log.', defaultText: 'host:pid:random', env: 'TASKFRAME_WORKER_ID', flag: '--id <workerId>', reload: 'restart' })),
    stateDir: Type.Optional(Type.String({ minLength: 1, description: "Where units' set-up folders and jail work directories live.", defaultText: '$TMPDIR/taskframe-units', env: 'TASKFRAME_WORKER_STATE_DIR', reload: 'restart', relativePath: true })),
    inheritEnv: Type.Boolean({ default: false, description: "Pass the worker's whole environment to executables (otherwise only PATH, HOME, LANG, TZ, TMPDIR and the unit's own).", env: 'TASKFRAME_WORKER_INHERIT_ENV', reload: 'restart' }),
    orphanGuard: Type.Boolean({ default: true, description: "Kill a dead worker's executables (a guardian process watches the worker). Off where another supervisor does this.", env: 'TASKFRAME_ORPHAN_GUARD', reload: 'restart' }),
    memoryLimiter: oneOf(['auto', 'rlimit'] as const, { default: 'auto', description: "How units' `LimitMem=` is enforced: `auto` uses a cgroup when this process may create one, else RLIMIT_AS; `rlimit` always RLIMIT_AS.", env: 'TASKFRAME_MEMORY_LIMITER', reload: 'restart' }),
  },
  { description: '`taskframe worker`: claims tasks from queues and runs their handlers and units.' },
);

const maintenance = Type.Object(
  {
    retention: Type.Optional(duration({ minimum: 1, maximum: MAX_DURATION_MS, description: 'Finished tasks older than this are removed with their events and logs, by whichever process leads maintenance. On PostgreSQL, retention of a day or more removes history a whole UTC day at a time: a task goes between this long and a day more after it finished (docs/postgres.md).', defaultText: 'kept forever', env: 'TASKFRAME_RETENTION', flag: '--retention <duration>', reload: 'restart', formerly: ['retentionMs'] })),
  },
  { description: "Lease reaping, retention and the daily upkeep of history (on PostgreSQL: folding past days' counts, and marking how far task ids have gone so that reads by id skip older days), done by one leader among the workers and servers." },
);

const TokenEntry = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    scopes: Type.Optional(Type.Array(Type.Union([Type.Literal('admin'), Type.Literal('producer'), Type.Literal('worker')]))),
    token: Type.Optional(Type.String()),
    tokenFile: Type.Optional(Type.String({ minLength: 1 })),
    tokenEnv: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const server = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address the API binds.', env: 'TASKFRAME_HOST', flag: '--host <addr>', reload: 'restart', formerly: ['host'] }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'Port the API listens on (0: any free port).', env: 'TASKFRAME_PORT', flag: '--port <n>', reload: 'restart', formerly: ['port'] }),
    bodyLimit: Type.Integer({ minimum: 1024, maximum: 1024 ** 3, default: 16 * 1024 * 1024, description: 'Largest request body, in bytes.', env: 'TASKFRAME_SERVER_BODY_LIMIT', reload: 'restart', formerly: ['bodyLimit'] }),
    maintenance: Type.Boolean({ default: true, description: 'Take part in maintenance (lease reaping, retention, the daily upkeep of history; one leader at a time).', env: 'TASKFRAME_SERVER_MAINTENANCE', reload: 'restart', formerly: ['maintenance'] }),
    tokens: Type.Optional(
      Type.Array(TokenEntry, {
        description: 'API tokens: `{name, scopes: [admin|producer|worker], …}` with exactly one of `token`, `tokenFile` (relative to this file) or `tokenEnv` (a variable holding the secret).',
        accepts: 'a list of token entries',
        defaultText: 'none (a server needs at least one token from here, `tokensFile` or `tokenList`)',
        reload: 'restart',
        secret: 'all',
        formerly: ['tokens'],
      }),
    ),
    tokensFile: Type.Optional(Type.String({ minLength: 1, description: 'A file of tokens, one `name scope[+scope] secret` per line (`#` comments).', env: 'TASKFRAME_TOKENS_FILE', reload: 'restart', relativePath: true, formerly: ['tokensFile'] })),
    tokenList: Type.Optional(Type.String({ description: 'Tokens as `name:scope[+scope]:secret,…`, added to the others.', env: 'TASKFRAME_TOKENS', reload: 'restart', secret: 'all' })),
  },
  { description: '`taskframe server`: the HTTP API, dashboard and metrics.' },
);

const scheduler = Type.Object(
  {
    workflows: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'Workflow files whose triggers (cron, every, if, after) are fired, by the leader among the processes firing them (`taskframe server --schedule FILE` adds to them; `taskframe schedule` uses them when given no files).', env: 'TASKFRAME_SCHEDULER_WORKFLOWS', reload: 'restart', relativePath: true, formerly: ['schedules'] }),
    units: Type.Optional(Type.String({ minLength: 1, description: '`taskframe schedule`: also start the units in this folder on their [RunIf] cron=/every= schedules.', env: 'TASKFRAME_SCHEDULER_UNITS', flag: '--units <dir>', reload: 'restart', relativePath: true })),
    interval: duration({ minimum: 10, default: 1000, description: 'How often triggers are checked.', env: 'TASKFRAME_SCHEDULER_INTERVAL', reload: 'restart' }),
  },
  { description: 'Triggers that start workflow runs.' },
);

const bridge = Type.Object(
  {
    bus: Type.Optional(Type.String({ minLength: 1, description: 'Bus URL: `nats://host:4222`, `amqp://user:pass@host:5672`, `redis://host:6379`, `file:./bus`.', defaultText: 'none: required to run a bridge', env: 'TASKFRAME_BRIDGE_BUS', flag: '--bus <url>', reload: 'restart', secret: 'url' })),
    in: Type.Optional(Type.String({ description: 'Take tasks from this topic.', env: 'TASKFRAME_BRIDGE_IN', flag: '--in <topic>', reload: 'restart' })),
    out: Type.Optional(Type.String({ description: 'Publish a done message for every finished task on this topic.', env: 'TASKFRAME_BRIDGE_OUT', flag: '--out <topic>', reload: 'restart' })),
    events: Type.Optional(Type.String({ description: 'Publish every task event on this topic.', env: 'TASKFRAME_BRIDGE_EVENTS', flag: '--events <topic>', reload: 'restart' })),
    dead: Type.Optional(Type.String({ description: 'Dead-letter topic for bad task messages.', defaultText: '`<in>.dead`', env: 'TASKFRAME_BRIDGE_DEAD', flag: '--dead <topic>', reload: 'restart' })),
    types: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Task types accepted from `in` (others are dead-lettered).', defaultText: 'any', env: 'TASKFRAME_BRIDGE_TYPES', flag: '--types <names>', reload: 'restart' })),
    queue: Type.Optional(Type.String({ pattern: NAME_PATTERN, description: 'Queue for incoming tasks that name none.', defaultText: '`default`', env: 'TASKFRAME_BRIDGE_QUEUE', flag: '--queue <queue>', reload: 'restart' })),
    rules: Type.Optional(Type.String({ minLength: 1, description: 'YAML taskmaster rules: when a task of type X finishes with result R, create task Y.', env: 'TASKFRAME_BRIDGE_RULES', flag: '--rules <file>', reload: 'restart', relativePath: true })),
    rulesVia: Type.Optional(oneOf(['store', 'bus'] as const, { description: "Run rules on the store's event feed or on the `out` topic.", defaultText: '`store`', env: 'TASKFRAME_BRIDGE_RULES_VIA', flag: '--rules-via <how>', reload: 'restart' })),
    name: Type.Optional(Type.String({ pattern: NAME_PATTERN, description: "Names this bridge's durable cursor and consumer groups.", defaultText: '`default`', env: 'TASKFRAME_BRIDGE_NAME', flag: '--name <name>', reload: 'restart' })),
    from: Type.Optional(oneOf(['end', 'beginning'] as const, { description: 'Where a new outbox starts: the end of the event feed or its beginning.', defaultText: '`end`', env: 'TASKFRAME_BRIDGE_FROM', flag: '--from <where>', reload: 'restart' })),
    maxBytes: Type.Optional(Type.Integer({ minimum: 1, description: 'Largest task message accepted.', defaultText: "the bus's own limit", env: 'TASKFRAME_BRIDGE_MAX_BYTES', flag: '--max-bytes <n>', reload: 'restart' })),
  },
  { description: '`taskframe bridge` (and `taskframe server`, when this section is present): tasks in from a message bus, done messages and events out, taskmaster rules.' },
);

const reload = Type.Object(
  {
    watch: Type.Boolean({ default: true, description: 'Reload when the config file changes (SIGHUP always reloads). Only settings marked live take effect; the others are logged as needing a restart.', env: 'TASKFRAME_RELOAD_WATCH', reload: 'restart' }),
  },
  { description: 'Reloading settings while a process runs.' },
);

export const ConfigSchema = Type.Object(
  {
    store,
    log,
    worker,
    maintenance,
    server,
    scheduler,
    bridge: Type.Optional(bridge),
    autoscale: Type.Optional(autoscaleSection),
    flow: flowSection,
    reload,
  },
  { additionalProperties: false },
);

export type TaskframeConfig = Static<typeof ConfigSchema>;

/**
 * Rules between the settings of a section that the schema cannot say field by field (min at most
 * max, a queue in one group). Each throws a Problem whose path starts at `at` (the section's key);
 * the loader names where the setting came from.
 */
export const SECTION_RULES: { [K in keyof TaskframeConfig]?: (section: TaskframeConfig[K], at: SubPath) => void } = {
  autoscale: checkAutoscale,
  flow: checkFlow,
};

/** The documentation of a setting's schema. */
export function settingDoc(schema: TSchema): SettingDoc & { default?: unknown } {
  return schema as unknown as SettingDoc & { default?: unknown };
}
