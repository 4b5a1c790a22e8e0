/** Health, identity, metrics, throughput, live workers and the live event stream. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { eventJson } from '../../model/json.js';
import { SECURITY, type ServerContext } from '../context.js';
import { openSse } from '../sse.js';
import type { TaskEvent } from '../../model/task.js';
import { THROUGHPUT_KEEP_S } from '../metrics.js';
import { HELD_MAX, workerOverview } from '../overview.js';

export function registerSystemRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const any = { scopes: ['producer' as const, 'worker' as const] };

  app.get('/healthz', {
    schema: { tags: ['system'], summary: 'Liveness and store reachability (no auth)', response: { 200: Type.Object({ ok: Type.Boolean(), store: Type.String() }) } },
    handler: async () => {
      const h = await ctx.engine.health();
      return { ok: true, store: h.driver };
    },
  });

  app.get('/v1/whoami', {
    config: any,
    schema: { tags: ['system'], summary: 'The name and scopes of the presented token', security: SECURITY, response: { 200: Type.Object({ name: Type.String(), scopes: Type.Array(Type.String()) }) } },
    handler: async (req) => req.principal,
  });

  app.get('/metrics', {
    config: any,
    schema: { tags: ['system'], summary: 'Prometheus metrics (text exposition format)', security: SECURITY, produces: ['text/plain'], response: { 200: Type.String() } },
    handler: async (_req, reply) => {
      const m = await ctx.metrics.text();
      return reply.type(m.contentType).send(m.body);
    },
  });

  const Point = Type.Array(Type.Integer(), { description: '[epochSecond, created, succeeded, failed]' });
  app.get('/v1/stats/throughput', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['system'],
      summary: 'Tasks created, succeeded and failed per second, store-wide and (byQueue=true) per queue, over the last `seconds` (at most 600) since this server started',
      security: SECURITY,
      querystring: Type.Object(
        {
          seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: THROUGHPUT_KEEP_S, default: 120 })),
          byQueue: Type.Optional(Type.Boolean({ default: false })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ series: Type.Array(Point), queues: Type.Optional(Type.Record(Type.String(), Type.Array(Point))) }) },
    },
    handler: async (req) => {
      const q = req.query as { seconds?: number; byQueue?: boolean };
      return ctx.metrics.throughput(Date.now(), q.seconds ?? 120, q.byQueue ?? false);
    },
  });

  app.get('/v1/workers', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['system'],
      summary: 'Workers and what they hold: remote workers this server heard from within their lease, and every worker holding a running task',
      security: SECURITY,
      response: {
        200: Type.Object({
          workers: Type.Array(
            Type.Object({
              workerId: Type.String(),
              remote: Type.Boolean({ description: 'heard from over HTTP by this server; false: seen by the tasks it holds (a library or `taskframe worker` process)' }),
              queues: Type.Array(Type.String()),
              lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              liveUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              holding: Type.Integer({ description: 'tasks it runs now' }),
              tasks: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), step: Type.Union([Type.String(), Type.Null()]), queue: Type.String(), attempt: Type.Integer(), startedAt: Type.Union([Type.String(), Type.Null()]) }), { description: `the first ${20} it holds` }),
            }),
          ),
          truncated: Type.Boolean({ description: `more than ${HELD_MAX} tasks run: only that many were read` }),
        }),
      },
    },
    handler: async () => workerOverview(ctx.engine, ctx.workers),
  });

  app.get('/v1/events/stream', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['system'],
      summary: 'Server-sent events: every task event (state change) as it happens, store-wide',
      security: SECURITY,
      produces: ['text/event-stream'],
      response: { 200: Type.String({ description: 'text/event-stream; event: task-events, data: array of events' }) },
    },
    handler: async (_req, reply) => {
      const stream = openSse(reply, ctx.shutdown);
      const onEvents = (events: TaskEvent[]) => stream.send('task-events', events.map(eventJson), events[events.length - 1]?.id);
      ctx.feed.on('events', onEvents);
      await stream.done;
      ctx.feed.off('events', onEvents);
      return reply;
    },
  });
}
