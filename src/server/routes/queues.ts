/** Queues: counts by state, and pause / resume (a paused queue is never claimed from). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SECURITY, type ServerContext } from '../context.js';
import { QueueParams, errorResponses } from '../schemas.js';

const QueueSchema = Type.Object({ queue: Type.String(), paused: Type.Boolean(), counts: Type.Record(Type.String(), Type.Integer()) });

export function registerQueueRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { queues } = ctx.engine;

  app.get('/v1/queues', {
    config: { scopes: ['producer'] },
    schema: { tags: ['queues'], summary: 'Every queue with its task counts by state and whether it is paused', security: SECURITY, response: { 200: Type.Object({ queues: Type.Array(QueueSchema) }) } },
    handler: async () => {
      const [counts, paused] = await Promise.all([queues.counts(), queues.paused()]);
      const byName = new Map(counts.map((c) => [c.queue, { queue: c.queue, paused: false, counts: c.counts as Record<string, number> }]));
      for (const p of paused) byName.set(p, { queue: p, paused: true, counts: byName.get(p)?.counts ?? {} });
      return { queues: [...byName.values()].sort((a, b) => a.queue.localeCompare(b.queue)) };
    },
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/v1/queues/:queue/${action}`, {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['queues'],
        summary: action === 'pause' ? 'Pause a queue: nothing is claimed from it until resumed' : 'Resume a paused queue',
        security: SECURITY,
        params: QueueParams,
        response: { 200: Type.Object({ queue: Type.String(), paused: Type.Boolean() }), ...errorResponses() },
      },
      handler: async (req) => {
        const queue = (req.params as { queue: string }).queue;
        const paused = action === 'pause';
        await (paused ? queues.pause(queue) : queues.resume(queue));
        req.log.info({ queue, paused }, `queue ${action}d`);
        return { queue, paused };
      },
    });
  }
}
