/**
 * Flow control over HTTP (docs/flow-control.md): limit rules (set, remove, list), current use,
 * pauses by task name, run, schedule or queue, and the audit of every change. Changes take effect
 * from the next claim in every process; nothing needs a restart. Bad input is a 400 naming the
 * field (the engine validates, as for every surface), never a 500.
 */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { flowLimitJson as limitJson } from '../../model/flow.js';
import type { FlowTarget } from '../../engine/flow.js';
import { SECURITY, type ServerContext } from '../context.js';
import { errorResponses, OPTIONAL_BODY } from '../schemas.js';

const TAG = 'flow';

const LimitSchema = Type.Object({
  id: Type.String(),
  queue: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  key: Type.Union([Type.String(), Type.Null()], { description: 'payload.<field path> or tag:<prefix>; null: the whole scope is one bucket' }),
  rate: Type.Union([Type.String(), Type.Null()], { description: 'N/period, e.g. 100/1s' }),
  concurrency: Type.Union([Type.Integer(), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
});

const LimitBody = Type.Object(
  {
    id: Type.Optional(Type.String({ description: 'the rule\'s name; default derived from queue, name and key (setting the same again replaces it)' })),
    queue: Type.Optional(Type.String({ description: 'tasks of this queue (a queue some task was enqueued to, or declared in the configuration)' })),
    name: Type.Optional(Type.String({ description: 'tasks of this name' })),
    key: Type.Optional(Type.String({ description: 'payload.<field path> or tag:<prefix>: each value its own bucket' })),
    rate: Type.Optional(Type.String({ description: 'at most N claims per period, e.g. 100/1s, 5000/1m' })),
    concurrency: Type.Optional(Type.Integer({ description: 'at most K running at once per bucket (K ≥ 1)' })),
  },
  { additionalProperties: false },
);

const TargetBody = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'a task name' })),
    run: Type.Optional(Type.String({ description: 'a workflow run id' })),
    schedule: Type.Optional(Type.String({ description: 'a scheduled workflow' })),
    queue: Type.Optional(Type.String({ description: 'a queue' })),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'kept in the server log' })),
  },
  { additionalProperties: false },
);

const UsageSchema = Type.Object({
  limitId: Type.String(),
  key: Type.String(),
  running: Type.Integer(),
  windowClaims: Type.Integer(),
  windowStart: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const AuditSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String({ description: 'limit_set, limit_removed, paused, resumed' }),
  kind: Type.String({ description: 'limit, queue, name, run or schedule' }),
  target: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
});

const PausedSchema = Type.Object({
  queues: Type.Array(Type.String()),
  names: Type.Array(Type.String()),
  runs: Type.Array(Type.String()),
  schedules: Type.Array(Type.String()),
});

/** The one target of a pause body (engine.flow validates it: exactly one of name, run, schedule, queue). */
function targetOf(body: Record<string, unknown>): FlowTarget {
  const { reason: _reason, ...rest } = body;
  return rest as FlowTarget;
}

export function registerFlowRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { flow } = ctx.engine;
  const actor = (req: { principal?: { name: string } | null }) => req.principal?.name ?? null;

  app.get('/v1/flow/limits', {
    config: { scopes: ['producer'] },
    schema: { tags: [TAG], summary: 'Every limit rule', security: SECURITY, response: { 200: Type.Object({ limits: Type.Array(LimitSchema) }) } },
    handler: async () => ({ limits: (await flow.listLimits()).map(limitJson) }),
  });

  app.post('/v1/flow/limits', {
    config: { scopes: ['admin'] },
    schema: {
      tags: [TAG],
      summary: 'Set a limit rule (create, or replace the rule with the same id): a rate and/or a concurrency per key, from the next claim on',
      security: SECURITY,
      body: LimitBody,
      response: { 200: Type.Object({ limit: LimitSchema }), ...errorResponses() },
    },
    handler: async (req) => ({ limit: limitJson(await flow.setLimit(req.body as never, { actor: actor(req) })) }),
  });

  app.delete('/v1/flow/limits', {
    config: { scopes: ['admin'] },
    schema: {
      tags: [TAG],
      summary: 'Remove a limit rule',
      security: SECURITY,
      querystring: Type.Object({ id: Type.String({ minLength: 1, description: 'the rule\'s id' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ removed: Type.String() }), ...errorResponses(404) },
    },
    handler: async (req) => {
      const { id } = req.query as { id: string };
      await flow.removeLimit(id, { actor: actor(req) });
      return { removed: id };
    },
  });

  app.get('/v1/flow/usage', {
    config: { scopes: ['producer'] },
    schema: {
      tags: [TAG],
      summary: 'Buckets in use: running tasks per key of each concurrency limit, claims in the current window of each rate limit',
      security: SECURITY,
      response: { 200: Type.Object({ usage: Type.Array(UsageSchema) }) },
    },
    handler: async () => ({
      usage: (await flow.usage()).map((u) => ({ ...u, windowStart: u.windowStart === null ? null : new Date(u.windowStart).toISOString() })),
    }),
  });

  app.get('/v1/flow/paused', {
    config: { scopes: ['producer'] },
    schema: { tags: [TAG], summary: 'What is paused: queues, task names, runs, schedules', security: SECURITY, response: { 200: PausedSchema } },
    handler: async () => flow.paused(),
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/v1/flow/${action}`, {
      config: { scopes: ['admin'] },
      schema: {
        tags: [TAG],
        summary: action === 'pause'
          ? 'Pause a task name, a run, a schedule or a queue: no claim starts one of its tasks until resumed; running tasks finish'
          : 'Resume a paused task name, run, schedule or queue',
        security: SECURITY,
        ...OPTIONAL_BODY,
        body: TargetBody,
        response: { 200: Type.Object({ paused: Type.Boolean(), changed: Type.Boolean({ description: 'false when it already was so' }) }), ...errorResponses() },
      },
      handler: async (req) => {
        const body = req.body as Record<string, unknown>;
        const target = targetOf(body);
        const changed = await (action === 'pause' ? flow.pause(target, { actor: actor(req) }) : flow.resume(target, { actor: actor(req) }));
        req.log.info({ target, reason: body.reason, principal: actor(req), changed }, `flow ${action}`);
        return { paused: action === 'pause', changed };
      },
    });
  }

  app.get('/v1/flow/audit', {
    config: { scopes: ['producer'] },
    schema: {
      tags: [TAG],
      summary: 'Changes to limits and pauses, newest first',
      security: SECURITY,
      querystring: Type.Object(
        {
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          beforeId: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$', description: 'entries older than this one (paging)' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ entries: Type.Array(AuditSchema) }) },
    },
    handler: async (req) => {
      const q = req.query as { limit?: number; beforeId?: string };
      const entries = await flow.audit({ limit: q.limit ?? 100, ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}) });
      return { entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) };
    },
  });
}
