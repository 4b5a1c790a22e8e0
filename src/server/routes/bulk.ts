/**
 * Operator actions on many tasks: retry or cancel the tasks named (`ids`) or the newest ones
 * matching a filter (`filter`, the same keys as GET /v1/tasks), at most 1000 per call. Admin
 * only, like the single-task forms. Every task gets its own answer; one that moved on meanwhile
 * is a CONFLICT for that task only. The reply is 200 even when some tasks were refused.
 */
import { Type, type Static } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { BULK_MAX, type BulkTarget } from '../../engine/bulk.js';
import { SECURITY, type ServerContext } from '../context.js';
import { TaskFilterBody, taskFilter } from '../filters.js';
import { TaskIdSchema, errorResponses } from '../schemas.js';

const BulkBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(TaskIdSchema, { minItems: 1, maxItems: BULK_MAX, description: `these tasks (at most ${BULK_MAX})` })),
    filter: Type.Optional(TaskFilterBody),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: BULK_MAX, description: `with filter: act on at most this many, newest first (default ${BULK_MAX})` })),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'cancel: kept in the audit trail' })),
  },
  { additionalProperties: false, description: 'exactly one of ids and filter' },
);

const BulkReply = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      state: Type.Optional(Type.String({ description: 'the task after the action (ok: true)' })),
      code: Type.Optional(Type.String({ description: 'why not (ok: false): NOT_FOUND, CONFLICT, …' })),
      message: Type.Optional(Type.String()),
    }),
  ),
  succeeded: Type.Integer({ description: 'tasks acted on' }),
  failed: Type.Integer({ description: 'tasks refused (see each result)' }),
  more: Type.Boolean({ description: 'with filter: more tasks match than were acted on' }),
});

export function registerBulkRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { engine } = ctx;
  for (const action of ['retry', 'cancel'] as const) {
    app.post(`/v1/tasks/bulk/${action}`, {
      config: { scopes: ['admin'] },
      schema: {
        operationId: action === 'retry' ? 'retryTasks' : 'cancelTasks',
        tags: ['tasks'],
        summary:
          action === 'retry'
            ? `Retry many failed, cancelled or skipped tasks (named, or matching a filter; at most ${BULK_MAX}), each with its own answer`
            : `Cancel many unfinished tasks (named, or matching a filter; at most ${BULK_MAX}), each with its own answer`,
        security: SECURITY,
        body: BulkBody,
        response: { 200: BulkReply, ...errorResponses() },
      },
      handler: async (req) => {
        const b = req.body as Static<typeof BulkBody>;
        const target: BulkTarget = { ...(b.ids ? { ids: b.ids } : {}), ...(b.filter ? { filter: taskFilter(b.filter, 'filter.') } : {}), ...(b.limit !== undefined ? { limit: b.limit } : {}) };
        const r = action === 'retry' ? await engine.bulk.retry(target) : await engine.bulk.cancel(target, b.reason ?? `cancelled in bulk by ${req.principal?.name ?? 'an operator'}`);
        const succeeded = r.results.filter((x) => x.ok).length;
        req.log.info({ action, tasks: r.results.length, succeeded, principal: req.principal?.name }, `bulk ${action}`);
        return { results: r.results, succeeded, failed: r.results.length - succeeded, more: r.more };
      },
    });
  }
}
