/** Queues: counts by state, and pause / resume (a paused queue is never claimed from). */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { SECURITY, type ServerContext } from '../context.js';
import { OPTIONAL_BODY, QueueParams, errorResponses } from '../schemas.js';
import { queueOverview } from '../overview.js';
import { ReasonBody } from './tasks.js';

const QueueSchema = Type.Object({
  queue: Type.String(),
  paused: Type.Boolean(),
  counts: Type.Record(Type.String(), Type.Integer()),
  backlog: Type.Integer({ description: 'tasks claimable now (pending, or scheduled/retrying whose time has come)' }),
  oldestReadyAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'the oldest claimable task has been ready since' }),
  oldestWaitMs: Type.Integer({ description: 'how long it has waited (0: nothing ready)' }),
});

export function registerQueueRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { queues } = ctx.engine;

  app.get('/v1/queues', {
    config: { scopes: ['producer'] },
    schema: { tags: ['queues'], summary: 'Every queue: task counts by state, backlog, the oldest ready task, and whether it is paused', security: SECURITY, response: { 200: Type.Object({ queues: Type.Array(QueueSchema) }) } },
    handler: async () => ({ queues: await queueOverview(ctx.engine, ctx.engine.clock.now()) }),
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/v1/queues/:queue/${action}`, {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['queues'],
        summary: action === 'pause' ? 'Pause a queue: nothing is claimed from it until resumed' : 'Resume a paused queue',
        security: SECURITY,
        params: QueueParams,
        ...OPTIONAL_BODY,
        body: ReasonBody,
        response: { 200: Type.Object({ queue: Type.String(), paused: Type.Boolean() }), ...errorResponses() },
      },
      handler: async (req) => {
        const queue = (req.params as { queue: string }).queue;
        const reason = (req.body as { reason?: string }).reason;
        const paused = action === 'pause';
        await (paused ? queues.pause(queue, req.principal?.name ?? null) : queues.resume(queue, req.principal?.name ?? null));
        req.log.info({ queue, paused, reason, principal: req.principal?.name }, `queue ${action}d`);
        return { queue, paused };
      },
    });
  }
}
