/**
 * Remote-worker routes: the HTTP form of Engine.claim / heartbeat / complete / fail / unclaim.
 * Every report carries the lease token from the claim; a report with a stale token is refused
 * with 409 LEASE_LOST and changes nothing (the fencing that makes a killed worker harmless).
 * Batch forms (heartbeat, report) let one request carry many tasks: the throughput path.
 */
import type { ServerResponse } from 'node:http';
import { Type, type Static } from '../../vendor/typebox.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { claimedTaskJson, iso, taskJson } from '../../model/json.js';
import { LeaseLostError, NonRetryableError, RetryLater, TaskframeError, ValidationError } from '../../model/errors.js';
import type { Json, Task } from '../../model/task.js';
import type { LogStream } from '../../model/log.js';
import { SECURITY, type ServerContext } from '../context.js';
import { IdParams, Ref, errorResponses } from '../schemas.js';

const WorkerId = Type.String({ minLength: 1, maxLength: 200, description: 'stable id of the worker process (shown in the audit trail)' });
const LeaseToken = Type.Integer({ minimum: 0, description: 'the leaseToken from the claim' });
const LeaseMs = Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 30_000, description: 'lease length; heartbeat well within it' });

const ClaimBody = Type.Object(
  {
    workerId: WorkerId,
    queues: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100, default: ['default'] }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 1, description: 'claim up to this many tasks' }),
    leaseMs: Type.Optional(LeaseMs),
    waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, default: 0, description: 'long poll: wait up to this long for work when none is ready' })),
  },
  { additionalProperties: false },
);

const RemoteError = Type.Object(
  {
    message: Type.String({ maxLength: 100_000 }),
    kind: Type.Optional(Type.String({ maxLength: 200, description: 'error class or kind, e.g. ValueError' })),
    stack: Type.Optional(Type.String({ maxLength: 100_000 })),
    retryable: Type.Optional(Type.Boolean({ description: 'false fails the task for good' })),
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0, description: 'retry after this delay whatever the backoff policy says' })),
  },
  { additionalProperties: false },
);

const HeartbeatBody = Type.Object(
  {
    workerId: WorkerId,
    leaseMs: Type.Optional(LeaseMs),
    tasks: Type.Array(Type.Object({ id: Type.String({ pattern: '^\\d{1,19}$' }), leaseToken: LeaseToken, progress: Type.Optional(Type.Unknown()) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1000,
    }),
  },
  { additionalProperties: false },
);

const Outcome = Type.Object(
  {
    id: Type.String({ pattern: '^\\d{1,19}$' }),
    leaseToken: LeaseToken,
    result: Type.Optional(Type.Unknown({ description: 'JSON result (success)' })),
    error: Type.Optional(RemoteError),
  },
  { additionalProperties: false, description: 'a success (result, or nothing) or a failure (error)' },
);
const ReportBody = Type.Object({ workerId: Type.Optional(WorkerId), outcomes: Type.Array(Outcome, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
const ItemResult = Type.Object({
  id: Type.String(),
  ok: Type.Boolean(),
  state: Type.Union([Type.String(), Type.Null()]),
  leaseExpiresAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

const SucceedBody = Type.Object({ leaseToken: LeaseToken, result: Type.Optional(Type.Unknown()) }, { additionalProperties: false });
const FailBody = Type.Object({ leaseToken: LeaseToken, error: RemoteError }, { additionalProperties: false });
const UnclaimBody = Type.Object({ leaseToken: LeaseToken }, { additionalProperties: false });
const LogsBody = Type.Object(
  {
    leaseToken: LeaseToken,
    lines: Type.Array(
      Type.Object(
        { stream: Type.Optional(Type.Union([Type.Literal('stdout'), Type.Literal('stderr'), Type.Literal('system')])), text: Type.String({ maxLength: 65_536 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

/** A remote error as an Error the engine's retry policy understands; no server stack is attached. */
function toEngineError(e: Static<typeof RemoteError>): Error {
  let err: Error;
  if (e.retryable === false) err = new NonRetryableError(e.message);
  else if (e.retryAfterMs !== undefined) err = new RetryLater(e.retryAfterMs, e.message);
  else err = new Error(e.message);
  if (e.kind) err.name = e.kind;
  err.stack = e.stack ?? '';
  return err;
}

export function registerWorkerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { engine, workers } = ctx;
  const worker = { scopes: ['worker' as const] };

  /** Fails an attempt on behalf of a remote worker, fenced by its lease token. */
  async function failRemote(id: string, leaseToken: number, e: Static<typeof RemoteError>): Promise<Task> {
    const t = await engine.get(id);
    if (t.state !== 'running' || t.leaseToken !== leaseToken) throw new LeaseLostError(id, leaseToken, t.state);
    return engine.fail({ task: { ...t, leaseToken }, error: toEngineError(e) });
  }

  async function outcome(o: Static<typeof Outcome>): Promise<Pick<Task, 'state'>> {
    if (o.error !== undefined) {
      if (o.result !== undefined) throw new ValidationError('result', 'give result or error, not both');
      return failRemote(o.id, o.leaseToken, o.error);
    }
    return engine.complete({ id: o.id, leaseToken: o.leaseToken, result: (o.result ?? null) as Json });
  }

  app.post('/v1/worker/claim', {
    config: worker,
    schema: {
      tags: ['worker'],
      summary: 'Claim up to `limit` tasks under a lease; with waitMs, wait for work (long poll)',
      security: SECURITY,
      body: ClaimBody,
      response: { 200: Type.Object({ tasks: Type.Array(Ref('ClaimedTask')) }), ...errorResponses() },
    },
    handler: async (req, reply) => {
      const b = req.body as Static<typeof ClaimBody>;
      const leaseMs = b.leaseMs ?? 30_000;
      workers.touch(b.workerId, leaseMs, b.queues);
      const deadline = Date.now() + Math.min(b.waitMs ?? 0, ctx.maxLongPollMs);
      for (;;) {
        const tasks = await engine.claim({ queues: b.queues, workerId: b.workerId, limit: b.limit, leaseMs });
        if (tasks.length > 0) {
          if (clientGone(req)) {
            // Nobody will run these: hand them straight back rather than wait for the lease.
            await Promise.all(tasks.map((t) => engine.unclaim(t).catch(() => undefined)));
            return { tasks: [] };
          }
          return { tasks: tasks.map(claimedTaskJson) };
        }
        const left = deadline - Date.now();
        if (left <= 0 || clientGone(req) || ctx.shutdown.aborted) return { tasks: [] };
        await waitForWork(ctx, b.queues, Math.min(left, ctx.pollMs * 4), reply.raw);
      }
    },
  });

  app.post('/v1/worker/heartbeat', {
    config: worker,
    schema: {
      tags: ['worker'],
      summary: 'Extend the leases of held tasks (optionally recording progress); one result per task',
      security: SECURITY,
      body: HeartbeatBody,
      response: { 200: Type.Object({ results: Type.Array(ItemResult) }) },
    },
    handler: async (req) => {
      const b = req.body as Static<typeof HeartbeatBody>;
      const leaseMs = b.leaseMs ?? 30_000;
      workers.touch(b.workerId, leaseMs);
      const results = await Promise.all(
        b.tasks.map((t) =>
          engine.heartbeat({ id: t.id, leaseToken: t.leaseToken, leaseMs, ...(t.progress !== undefined ? { progress: t.progress as Json } : {}) }).then(
            (task) => ({ id: t.id, ok: true, state: task.state, leaseExpiresAt: iso(task.leaseExpiresAt) }),
            (err: unknown) => itemError(t.id, err),
          ),
        ),
      );
      return { results };
    },
  });

  app.post('/v1/worker/report', {
    config: worker,
    schema: {
      tags: ['worker'],
      summary: 'Report many outcomes at once (success with result, or failure with error); one result per outcome',
      security: SECURITY,
      body: ReportBody,
      response: { 200: Type.Object({ results: Type.Array(ItemResult) }) },
    },
    handler: async (req) => {
      const b = req.body as Static<typeof ReportBody>;
      const results = await Promise.all(
        b.outcomes.map((o) =>
          outcome(o).then(
            (task) => ({ id: o.id, ok: true, state: task.state }),
            (err: unknown) => itemError(o.id, err),
          ),
        ),
      );
      return { results };
    },
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's run takes its own validated body type
  const single = (path: string, summary: string, body: typeof SucceedBody | typeof FailBody | typeof UnclaimBody, run: (id: string, b: any) => Promise<Task>) =>
    app.post(path, {
      config: worker,
      schema: { tags: ['worker'], summary, security: SECURITY, params: IdParams, body, response: { 200: Type.Object({ task: Ref('Task') }), ...errorResponses(404, 409) } },
      handler: async (req) => {
        const id = (req.params as { id: string }).id;
        const task = await run(id, req.body);
        req.log.info({ taskId: id, state: task.state }, 'remote worker report');
        return { task: taskJson(task) };
      },
    });

  single('/v1/worker/tasks/:id/succeed', 'Complete a held task with its result', SucceedBody, async (id, b: Static<typeof SucceedBody>) => {
    await engine.complete({ id, leaseToken: b.leaseToken, result: (b.result ?? null) as Json });
    // Completion reports only an outcome; the reply shows the whole finished task.
    return engine.get(id);
  });
  single('/v1/worker/tasks/:id/fail', 'Fail the current attempt (retried with backoff while attempts remain)', FailBody, (id, b: Static<typeof FailBody>) =>
    failRemote(id, b.leaseToken, b.error),
  );
  single('/v1/worker/tasks/:id/unclaim', 'Give a held task back without using up an attempt', UnclaimBody, (id, b: Static<typeof UnclaimBody>) =>
    engine.unclaim({ id, leaseToken: b.leaseToken }),
  );

  app.post('/v1/worker/tasks/:id/logs', {
    config: worker,
    schema: {
      tags: ['worker'],
      summary: "Append output lines to a held task's log",
      security: SECURITY,
      params: IdParams,
      body: LogsBody,
      response: { 204: Type.Null(), ...errorResponses(404, 409) },
    },
    handler: async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const b = req.body as Static<typeof LogsBody>;
      const t = await engine.get(id);
      if (t.state !== 'running' || t.leaseToken !== b.leaseToken) throw new LeaseLostError(id, b.leaseToken, t.state);
      const at = engine.clock.now();
      await engine.logs.append(b.lines.map((l) => ({ taskId: id, attempt: t.attempt, at, stream: (l.stream ?? 'stdout') as LogStream, text: l.text })));
      return reply.code(204).send();
    },
  });
}

function itemError(id: string, err: unknown): Static<typeof ItemResult> {
  if (err instanceof TaskframeError) {
    const state = (err.context.actualState as string | null | undefined) ?? null;
    return { id, ok: false, state, error: { code: err.code, message: err.message } };
  }
  throw err;
}

function clientGone(req: FastifyRequest): boolean {
  return req.raw.socket?.destroyed === true;
}

/** Resolves on a wake-up for one of the queues (same process), after `ms`, or when the client leaves. */
function waitForWork(ctx: ServerContext, queues: string[], ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      ctx.engine.signals.off('wake', onWake);
      res.off('close', done);
      ctx.shutdown.removeEventListener('abort', done);
      resolve();
    };
    const onWake = (q: string) => {
      if (q === '*' || queues.includes(q)) done();
    };
    const timer = setTimeout(done, ms);
    ctx.engine.signals.on('wake', onWake);
    // The response's close (not the request's: that fires once the body is read) means the client left.
    res.once('close', done);
    ctx.shutdown.addEventListener('abort', done, { once: true });
  });
}
