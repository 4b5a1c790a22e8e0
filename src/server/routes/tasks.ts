/** Producer-facing task routes: enqueue, read, list, cancel, retry, audit trail, logs (with SSE follow). */
import { Type, type Static } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { eventJson, logLineJson, taskJson } from '../../model/json.js';
import { ValidationError } from '../../model/errors.js';
import { decodeCursor, encodeCursor } from '../../model/cursor.js';
import type { BatchSpec, EnqueueSpec } from '../../model/spec.js';
import { isFinished } from '../../model/state.js';
import type { Task } from '../../model/task.js';
import { SECURITY, type ServerContext } from '../context.js';
import { EnqueueManyBody, type EnqueueBody, IdParams, Limit, OPTIONAL_BODY, Ref, TaskListQuery, errorResponses, MAX_PAGE } from '../schemas.js';
import { parseStates, taskFilter } from '../filters.js';
import { openSse, pause } from '../sse.js';

type EnqueueInput = Static<typeof EnqueueBody>;

/** The body as the engine's spec: times and durations as sent, for the model to check (src/model/time.ts). */
export function toSpec(body: EnqueueInput): EnqueueSpec {
  return body as EnqueueSpec;
}

export { parseStates };

const TaskReply = Type.Object({ task: Ref('Task') });
const EnqueueReply = Type.Object({
  task: Ref('Task'),
  created: Type.Boolean(),
  collapsed: Type.Optional(Type.Boolean({ description: 'true: the enqueue joined an existing task by its debounce or throttle key (a `debounced` event on it)' })),
});
/** An optional body: cancel, retry and the queue actions take the same one. */
export const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000, description: 'kept in the audit trail and the log' })) }, { additionalProperties: false });
const LogsQuery = Type.Object(
  {
    attempt: Type.Optional(Type.Integer({ minimum: 1 })),
    after: Type.Optional(Type.String({ pattern: '^\\d{1,19}$', description: 'only lines after this log line id' })),
    limit: Type.Optional(Limit(MAX_PAGE)),
    follow: Type.Optional(Type.Boolean({ description: 'stream new lines as server-sent events until the task finishes' })),
  },
  { additionalProperties: false },
);

export function registerTaskRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { engine } = ctx;
  const producer = { scopes: ['producer' as const] };
  const admin = { scopes: ['admin' as const] };

  app.post('/v1/tasks', {
    config: producer,
    schema: {
      tags: ['tasks'],
      summary: 'Enqueue a task',
      description:
        'Creates a task; with `key`, an existing live task with the same key is returned instead (created: false, status 200). With `debounce` or `throttle`, an enqueue within the key\'s window joins the existing task (created: false, collapsed: true, status 200).',
      security: SECURITY,
      body: Ref('EnqueueSpec'),
      response: { 200: EnqueueReply, 201: EnqueueReply, ...errorResponses(404, 413) },
    },
    handler: async (req, reply) => {
      const r = await engine.enqueueOne(toSpec(req.body as EnqueueInput)).catch((err: unknown) => {
        // The engine names fields of a single task "task.x"; in this API they are top-level.
        if (err instanceof ValidationError && err.field.startsWith('task.')) {
          const field = err.field.slice('task.'.length);
          throw new ValidationError(field, err.message.slice(err.field.length + 2), { ...err.context, field });
        }
        throw err;
      });
      req.log.info({ taskId: r.task.id, task: r.task.name, queue: r.task.queue, runId: r.task.runId, created: r.created }, 'task enqueued');
      return reply.code(r.created ? 201 : 200).send({ task: taskJson(r.task), created: r.created, ...(r.collapsed ? { collapsed: true } : {}) });
    },
  });

  app.post('/v1/tasks/batch', {
    config: producer,
    schema: {
      tags: ['tasks'],
      summary: 'Enqueue many tasks, all or none, in one transaction; `after` links a task to earlier tasks of the batch',
      security: SECURITY,
      body: EnqueueManyBody,
      response: { 201: Type.Object({ tasks: Type.Array(Ref('Task')) }), ...errorResponses(413) },
    },
    handler: async (req, reply) => {
      const body = req.body as Static<typeof EnqueueManyBody>;
      const tasks = await engine.enqueueMany(body.tasks as BatchSpec[]);
      req.log.info({ count: tasks.length, firstId: tasks[0]?.id, lastId: tasks[tasks.length - 1]?.id }, 'tasks enqueued');
      return reply.code(201).send({ tasks: tasks.map(taskJson) });
    },
  });

  app.get('/v1/tasks', {
    config: producer,
    schema: {
      operationId: 'listTasks',
      tags: ['tasks'],
      summary: 'Search tasks, newest first: by state, queue, name (or prefix*), run, parent, tag, creation time and a payload field; cursor pagination',
      description:
        'Workflow bookkeeping tasks are never listed. Filters no index serves (payload, tag, name prefix, time range) examine at most `scan` of the newest tasks the other filters select; then `partial` is true and `nextCursor` carries the search on from where it stopped.',
      security: SECURITY,
      querystring: TaskListQuery,
      response: {
        200: Type.Object({
          tasks: Type.Array(Ref('Task')),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
          scanned: Type.Union([Type.Integer(), Type.Null()], { description: 'tasks examined one by one (null: indexes answered)' }),
          partial: Type.Boolean({ description: 'the page stopped at the scan bound, not at `limit`: more may match past nextCursor' }),
        }),
        ...errorResponses(),
      },
    },
    handler: async (req) => {
      const q = req.query as Static<typeof TaskListQuery>;
      const page = await engine.inspect.tasks(taskFilter(q), { limit: q.limit ?? 100, scanLimit: q.scan, beforeId: q.cursor ? decodeCursor(q.cursor, /^\d{1,19}$/) : undefined });
      return { tasks: page.items.map(taskJson), nextCursor: page.next ? encodeCursor(page.next) : null, scanned: page.scanned, partial: page.partial };
    },
  });

  app.get('/v1/tasks/:id', {
    config: producer,
    schema: { tags: ['tasks'], summary: 'Get a task', security: SECURITY, params: IdParams, response: { 200: TaskReply, ...errorResponses(404) } },
    handler: async (req) => ({ task: taskJson(await engine.get((req.params as { id: string }).id)) }),
  });

  app.post('/v1/tasks/:id/cancel', {
    config: admin,
    schema: {
      tags: ['tasks'],
      summary: 'Cancel an unfinished task (a running handler is aborted)',
      security: SECURITY,
      params: IdParams,
      ...OPTIONAL_BODY,
      body: ReasonBody,
      response: { 200: TaskReply, ...errorResponses(404, 409) },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      const reason = (req.body as { reason?: string }).reason ?? `cancelled over HTTP by ${req.principal?.name ?? 'an operator'}`;
      const task = await engine.cancel(id, reason);
      req.log.info({ taskId: id }, 'task cancelled');
      return { task: taskJson(task) };
    },
  });

  app.post('/v1/tasks/:id/retry', {
    config: admin,
    schema: {
      tags: ['tasks'],
      summary: 'Run a failed, cancelled or skipped task again with fresh attempts',
      security: SECURITY,
      params: IdParams,
      ...OPTIONAL_BODY,
      body: ReasonBody,
      response: { 200: TaskReply, ...errorResponses(404, 409) },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      const task = await engine.retry(id);
      req.log.info({ taskId: id, reason: (req.body as { reason?: string }).reason, principal: req.principal?.name }, 'task retried');
      return { task: taskJson(task) };
    },
  });

  app.get('/v1/tasks/:id/events', {
    config: producer,
    schema: {
      tags: ['tasks'],
      summary: "A task's audit trail: every state change, oldest first",
      security: SECURITY,
      params: IdParams,
      response: { 200: Type.Object({ events: Type.Array(Ref('TaskEvent')) }), ...errorResponses(404) },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      await engine.get(id);
      return { events: (await engine.events([id])).map(eventJson) };
    },
  });

  app.get('/v1/tasks/:id/logs', {
    config: producer,
    schema: {
      tags: ['tasks'],
      summary: "A task's captured output; with follow=true, a server-sent event stream (event: log, then event: end when the task finishes)",
      security: SECURITY,
      params: IdParams,
      querystring: LogsQuery,
      response: {
        200: Type.Object({ logs: Type.Array(Ref('LogLine')), nextAfter: Type.Union([Type.String(), Type.Null()]) }, { description: 'JSON, or text/event-stream when follow=true' }),
        ...errorResponses(404),
      },
    },
    handler: async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const q = req.query as Static<typeof LogsQuery>;
      let task: Task = await engine.get(id);
      const limit = q.limit ?? MAX_PAGE;
      const lastEventId = req.headers['last-event-id'];
      let after = q.after ?? (typeof lastEventId === 'string' && /^\d{1,19}$/.test(lastEventId) ? lastEventId : undefined);
      const read = () => engine.logs.list({ taskId: id, attempt: q.attempt, afterId: after, limit });
      if (!q.follow) {
        const logs = await read();
        return { logs: logs.map(logLineJson), nextAfter: logs.length ? logs[logs.length - 1]!.id : (after ?? null) };
      }
      const stream = openSse(reply, ctx.shutdown);
      stream.send('task', taskJson(task));
      while (!stream.closed) {
        const logs = await read();
        for (const l of logs) stream.send('log', logLineJson(l), l.id);
        if (logs.length) after = logs[logs.length - 1]!.id;
        if (logs.length === limit) continue;
        const prev = task.state;
        task = await engine.get(id).catch(() => task);
        if (task.state !== prev) stream.send('task', taskJson(task));
        // Read once more after the task finished, so lines written just before the end are not lost.
        if (isFinished(task.state)) {
          const tail = await read();
          for (const l of tail) stream.send('log', logLineJson(l), l.id);
          stream.send('end', { state: task.state });
          stream.end();
          break;
        }
        await pause(stream, ctx.pollMs);
      }
      return reply;
    },
  });
}
