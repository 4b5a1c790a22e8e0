/**
 * Server-sent event streams for live views (live.ts computes what they carry): the queues
 * overview, one run, one task. Each stream first sends `ready` once it is subscribed, so a client
 * that loads the full view after `ready` misses no change made in between.
 */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { SECURITY, type ServerContext } from '../context.js';
import { IdParams, RunIdParams, errorResponses } from '../schemas.js';
import { openSse } from '../sse.js';

const Stream = (what: string) => Type.String({ description: `text/event-stream: ${what}` });

export function registerLiveRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const producer = { scopes: ['producer' as const] };

  app.get('/v1/stats/stream', {
    config: producer,
    schema: {
      tags: ['system'],
      summary: 'Server-sent events: every second, queues (counts, backlog, oldest ready), throughput per second store-wide and per queue (last 5 minutes), workers and what they hold',
      security: SECURITY,
      produces: ['text/event-stream'],
      response: { 200: Stream('event: ready, then event: stats with { at, queues, throughput, workers, workersTruncated, followers }') },
    },
    handler: async (_req, reply) => {
      const stream = openSse(reply, ctx.shutdown);
      const off = ctx.live.onStats((s) => stream.send('stats', s));
      stream.send('ready', {});
      await stream.done;
      off();
      return reply;
    },
  });

  app.get('/v1/runs/:id/stream', {
    config: producer,
    schema: {
      tags: ['runs'],
      summary: 'Server-sent events for one run: its tasks that changed, as timeline entries (event: tasks), and the run when it changes (event: run)',
      security: SECURITY,
      params: RunIdParams,
      produces: ['text/event-stream'],
      response: { 200: Stream('event: ready, then event: tasks { timeline } and event: run { run }'), ...errorResponses(404) },
    },
    handler: async (req, reply) => {
      const id = (req.params as { id: string }).id;
      await ctx.engine.runs.get(id);
      const stream = openSse(reply, ctx.shutdown);
      const off = ctx.live.onRun(id, (u) => (u.kind === 'run' ? stream.send('run', { run: u.run }) : stream.send('tasks', { timeline: u.timeline })));
      stream.send('ready', {});
      await stream.done;
      off();
      return reply;
    },
  });

  app.get('/v1/tasks/:id/stream', {
    config: producer,
    schema: {
      tags: ['tasks'],
      summary: 'Server-sent events for one task: the task when it changes (event: task) and its new audit events (event: events)',
      security: SECURITY,
      params: IdParams,
      produces: ['text/event-stream'],
      response: { 200: Stream('event: ready, then event: task { task } and event: events { events }'), ...errorResponses(404) },
    },
    handler: async (req, reply) => {
      const id = (req.params as { id: string }).id;
      await ctx.engine.get(id);
      const stream = openSse(reply, ctx.shutdown);
      const off = ctx.live.onTask(id, (u) => (u.kind === 'task' ? stream.send('task', { task: u.task }) : stream.send('events', { events: u.events })));
      stream.send('ready', {});
      await stream.done;
      off();
      return reply;
    },
  });
}
