/** Health, identity, metrics, throughput, live workers and the live event stream. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { eventJson } from '../../model/json.js';
import { SECURITY, type ServerContext } from '../context.js';
import { openSse } from '../sse.js';
import type { TaskEvent } from '../../model/task.js';

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

  app.get('/v1/stats/throughput', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['system'],
      summary: 'Tasks created, succeeded and failed per second over the last two minutes',
      security: SECURITY,
      response: { 200: Type.Object({ series: Type.Array(Type.Array(Type.Integer(), { description: '[epochSecond, created, succeeded, failed]' })) }) },
    },
    handler: async () => ctx.metrics.throughput(Date.now()),
  });

  app.get('/v1/workers', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['system'],
      summary: 'Remote workers this server has heard from within their lease',
      security: SECURITY,
      response: { 200: Type.Object({ workers: Type.Array(Type.Object({ workerId: Type.String(), queues: Type.Array(Type.String()), lastSeenAt: Type.Integer(), liveUntil: Type.Integer() })) }) },
    },
    handler: async () => ({ workers: ctx.workers.live() }),
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
