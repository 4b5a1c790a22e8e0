/**
 * The autoscaler's record, read from the store (whichever process runs the autoscaler):
 * GET /v1/autoscale for the dashboard and scripts; GET /v1/autoscale/keda in the shape KEDA's
 * metrics-api scaler reads (one JSON object, numbers at the top level: valueLocation
 * "desiredWorkers" for a group, "readyTasks" for queues); Prometheus gauges per group.
 */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { isStale, statusJson } from '../../autoscale/status.js';
import { AutoscaleAccess } from '../../autoscale/engine-access.js';
import { parseDuration } from '../../model/duration.js';
import { NotFoundError, ValidationError } from '../../model/errors.js';
import { validateName } from '../../model/spec.js';
import { SECURITY, type ServerContext } from '../context.js';
import { errorResponses } from '../schemas.js';

const Num = (description: string) => Type.Number({ description });
const NullableNum = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

const KedaQuery = Type.Object(
  {
    group: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'an autoscaler group: answers its recorded desiredWorkers' })),
    queues: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'comma-separated queues: answers their live figures only' })),
    lookahead: Type.Optional(Type.String({ maxLength: 40, description: 'with queues: tasks due within this count as dueSoonTasks (default 30s)' })),
  },
  { additionalProperties: false },
);

const KedaResponse = Type.Object({
  group: Type.Union([Type.String(), Type.Null()]),
  queues: Type.Array(Type.String()),
  desiredWorkers: Type.Optional(Num('the count the autoscaler decided (group only); use with targetValue "1"')),
  runningWorkers: Type.Optional(NullableNum('workers the provider reported running (null: not known, as with the keda provider)')),
  readyTasks: Num('claimable tasks due now'),
  dueSoonTasks: Num('scheduled or retrying tasks due within the lookahead'),
  runningTasks: Num('tasks running now'),
  oldestReadyAgeSeconds: Num('how long the oldest ready task has waited (0: none)'),
  decidedAt: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'when the autoscaler decided (group only)' })),
  stale: Type.Optional(Type.Boolean({ description: 'true when no autoscaler has recorded a pass lately (group only)' })),
  reason: Type.Optional(Type.String({ description: 'why the autoscaler chose desiredWorkers (group only)' })),
});

const GroupStatus = Type.Object(
  {
    group: Type.String(),
    queues: Type.Array(Type.String()),
    provider: Type.String(),
    desired: Type.Integer(),
    workers: Type.Unknown({ description: '{running, starting, stopping} as the provider reported, or null' }),
    providerError: Type.Unknown({ description: '{at, message} while the provider fails, else null' }),
    last: Type.Unknown({ description: 'the last decision: from, desired, need, rule, reason, inputs' }),
    history: Type.Array(Type.Unknown(), { description: 'recent decisions that changed the count, newest first' }),
  },
  { additionalProperties: true },
);

export function registerAutoscaleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const access = new AutoscaleAccess(ctx.engine);
  const now = () => ctx.engine.clock.now();
  registerAutoscaleGauges(ctx, access);

  app.get('/v1/autoscale', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['autoscale'],
      summary: 'What the autoscaler decided for each group, why, and the recent changes',
      security: SECURITY,
      response: {
        200: Type.Object({
          leader: Type.Union([Type.String(), Type.Null()]),
          updatedAt: Type.Union([Type.String(), Type.Null()]),
          intervalMs: Type.Union([Type.Integer(), Type.Null()]),
          stale: Type.Union([Type.Boolean(), Type.Null()]),
          groups: Type.Array(GroupStatus),
        }),
        ...errorResponses(),
      },
    },
    handler: async () => {
      const [{ record }, leader] = await Promise.all([access.read(), access.leader()]);
      return statusJson(record, leader, now());
    },
  });

  app.get('/v1/autoscale/keda', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['autoscale'],
      summary: "For KEDA's metrics-api scaler: a group's desired worker count, or the live backlog of some queues",
      security: SECURITY,
      querystring: KedaQuery,
      response: { 200: KedaResponse, ...errorResponses(404) },
    },
    handler: async (req) => {
      const q = req.query as { group?: string; queues?: string; lookahead?: string };
      if ((q.group === undefined) === (q.queues === undefined)) throw new ValidationError('query', 'give exactly one of group=NAME or queues=A,B');
      const t = now();
      if (q.group !== undefined) {
        const { record } = await access.read();
        const g = record?.groups[q.group];
        if (!record || !g) throw new NotFoundError('autoscale group', `"${q.group}" (no autoscaler has recorded it; known: ${Object.keys(record?.groups ?? {}).join(', ') || 'none'})`);
        const live = await liveFigures(access, g.queues, t, g.lookaheadMs ?? 30_000);
        return {
          group: q.group,
          queues: g.queues,
          desiredWorkers: g.last.desired,
          runningWorkers: g.workers?.running ?? null,
          ...live,
          decidedAt: new Date(g.last.at).toISOString(),
          stale: isStale(record, t),
          reason: g.last.reason,
        };
      }
      const queues = q.queues!.split(',').map((s, i) => validateName(s.trim(), `queues[${i}]`));
      const lookaheadMs = q.lookahead === undefined ? 30_000 : parseDuration(q.lookahead, 'lookahead');
      return { group: null, queues, ...(await liveFigures(access, queues, t, lookaheadMs)) };
    },
  });
}

async function liveFigures(access: AutoscaleAccess, queues: string[], now: number, lookaheadMs: number) {
  // No completions are read (limit 0): only the live summary.
  const s = await access.sample({ queues, now, since: now, lookaheadMs, limit: 0 });
  const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  return {
    readyTasks: total(s.ready),
    dueSoonTasks: total(s.soon),
    runningTasks: s.states.running ?? 0,
    oldestReadyAgeSeconds: s.oldestReadyAt === null ? 0 : Math.max(0, now - s.oldestReadyAt) / 1000,
  };
}

/**
 * Gauges per group, read from the record at scrape time (the autoscaler may run elsewhere):
 * desired and running workers, the ready backlog and oldest wait it saw, when it last decided,
 * and the rule that decided (one series per group with value 1, so the reason is a bounded label).
 */
function registerAutoscaleGauges(ctx: ServerContext, access: AutoscaleAccess): void {
  const registry = ctx.metrics.registry;
  let cached: { at: number; read: ReturnType<AutoscaleAccess['read']> } | null = null;
  // One store read per scrape, shared by the gauges.
  const record = async () => {
    const t = Date.now();
    if (!cached || t - cached.at > 500) cached = { at: t, read: access.read() };
    return (await cached.read).record;
  };
  const perGroup = (name: string, help: string, value: (g: NonNullable<Awaited<ReturnType<typeof record>>>['groups'][string]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['group'],
      registers: [registry],
      async collect() {
        this.reset();
        const r = await record().catch(() => null);
        for (const [group, g] of Object.entries(r?.groups ?? {})) {
          const v = value(g);
          if (v !== null) this.set({ group }, v);
        }
      },
    });
  perGroup('taskframe_autoscale_desired_workers', 'Workers the autoscaler decided on, per group', (g) => g.last.desired);
  perGroup('taskframe_autoscale_running_workers', 'Workers the provider reported running, per group (absent when it cannot say)', (g) => g.workers?.running ?? null);
  perGroup('taskframe_autoscale_ready_tasks', 'Ready tasks the last decision saw, per group', (g) => g.last.inputs.ready);
  perGroup('taskframe_autoscale_oldest_ready_seconds', 'Wait of the oldest ready task at the last decision, per group', (g) => (g.last.inputs.oldestReadyAgeMs ?? 0) / 1000);
  perGroup('taskframe_autoscale_decision_timestamp_seconds', 'When the last decision was taken, per group', (g) => g.last.at / 1000);
  perGroup('taskframe_autoscale_provider_failing', '1 while the group\'s provider fails, else 0', (g) => (g.providerError ? 1 : 0));
  new Gauge({
    name: 'taskframe_autoscale_decision_rule',
    help: 'The rule behind the last decision, per group (value 1; rule: backlog, arrivals, running, late, wake, min, max, steady, hysteresis, cooldown, down, idle, zero)',
    labelNames: ['group', 'rule'],
    registers: [registry],
    async collect() {
      this.reset();
      const r = await record().catch(() => null);
      for (const [group, g] of Object.entries(r?.groups ?? {})) this.set({ group, rule: g.last.rule }, 1);
    },
  });
}
