/** Health, identity, metrics, throughput, live workers and the live event stream. */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { eventJson } from '../../model/json.js';
import { SECURITY, type ServerContext } from '../context.js';
import { openSse } from '../sse.js';
import { parseFeedPosition, pastFeedEnd, type FeedEvent } from '../../model/feed.js';
import { ValidationError } from '../../model/errors.js';
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
      summary: 'Server-sent events: every task event (state change) as it happens, store-wide; resumes after a feed position',
      description:
        'Each message carries the feed position of its last event as its SSE id. A client that reconnects with it (Last-Event-ID, as EventSource does, or ?after=) ' +
        'gets every event after it, then the new ones, each once and in feed order.',
      security: SECURITY,
      produces: ['text/event-stream'],
      querystring: Type.Object({ after: Type.Optional(Type.String({ description: 'a feed position (the id of a message); wins over Last-Event-ID' })) }),
      response: { 200: Type.String({ description: 'text/event-stream; event: task-events, data: array of events, id: the feed position of the last' }) },
    },
    handler: async (req, reply) => {
      const lastEventId = req.headers['last-event-id'];
      const q = req.query as { after?: string };
      const [after, field] = q.after !== undefined ? [q.after, 'after'] : typeof lastEventId === 'string' && lastEventId !== '' ? [lastEventId, 'Last-Event-ID'] : [undefined, ''];
      // Checked before the stream opens: afterwards an error can no longer be an answer.
      if (after !== undefined) {
        parseFeedPosition(after, field);
        // One this store never gave is refused too: the stream would wait in silence until new
        // events passed it, and skip every one before.
        try {
          await ctx.engine.eventFeed({ after, limit: 1 });
        } catch (err) {
          throw err instanceof ValidationError && 'highestId' in err.context ? pastFeedEnd(after, String(err.context.highestId), field) : err;
        }
      }
      const stream = openSse(reply, ctx.shutdown);
      const send = (events: FeedEvent[]) => stream.send('task-events', events.map(eventJson), events[events.length - 1]!.position);
      try {
        const off = await ctx.feed.follow(after, send, () => stream.closed);
        await stream.done;
        off();
      } catch (err) {
        req.log.error({ err }, 'event stream: reading the feed failed');
        stream.end();
      }
      return reply;
    },
  });
}
