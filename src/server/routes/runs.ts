/** Workflow runs: list, and one run with its tasks, their states and dependency edges (the graph). */
import { Type, type Static } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { runJson, taskJson } from '../../model/json.js';
import { isBookkeeping } from '../../model/step.js';
import { parseWorkflow } from '../../workflow/parse.js';
import { submitWorkflow } from '../../workflow/submit.js';
import { HttpAuthError } from '../errors.js';
import type { Task } from '../../model/task.js';
import type { Run } from '../../model/run.js';
import { SECURITY, type ServerContext } from '../context.js';
import { Cursor, Limit, OPTIONAL_BODY, Ref, RunIdParams, TimelineEntrySchema, errorResponses } from '../schemas.js';
import { ReasonBody } from './tasks.js';
import { RunFilterFields, runFilter } from '../filters.js';
import { timelineJson } from '../overview.js';
import { decodeRunCursor, encodeRunCursor } from '../../model/cursor.js';

/** A run's graph is drawn whole; past this many tasks the reply says it is truncated. */
const RUN_TASKS_MAX = 20_000;

const RunListQuery = Type.Object(
  {
    ...RunFilterFields,
    limit: Type.Optional(Limit(50)),
    cursor: Type.Optional(Cursor),
    scan: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'with inputs, name prefix or time filters: runs examined at most (default 10,000)' })),
  },
  { additionalProperties: false },
);

const SubmitBody = Type.Object(
  {
    workflow: Type.String({ minLength: 1, maxLength: 1_048_576, description: 'the workflow file: YAML (or JSON) text' }),
    inputs: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'input values; missing ones take their defaults' })),
    file: Type.Optional(Type.String({ maxLength: 500, description: 'a file name to use in error messages (e.g. "etl.yaml")' })),
  },
  { additionalProperties: false },
);

export function registerRunRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { engine } = ctx;
  const producer = { scopes: ['producer' as const] };

  app.post('/v1/runs', {
    config: producer,
    schema: {
      tags: ['runs'],
      summary: 'Submit a workflow: validates it and its inputs, records the run and inserts its whole graph (all or nothing)',
      description:
        'Workflows with `command:` tasks run shell commands on the workers, so submitting one needs an admin token, as does one declaring flow-control `limits`; handler and unit tasks need producer. An invalid workflow is 400 naming file:line:column.',
      security: SECURITY,
      body: SubmitBody,
      response: { 201: Type.Object({ run: Ref('Run') }), ...errorResponses(413) },
    },
    handler: async (req, reply) => {
      const b = req.body as Static<typeof SubmitBody>;
      const file = b.file ?? '<request body>';
      const wf = parseWorkflow(b.workflow, { file });
      const commands = wf.tasks.filter((t) => t.kind === 'command').map((t) => t.id);
      if (commands.length && !req.principal?.scopes.includes('admin')) {
        throw new HttpAuthError(403, 'FORBIDDEN', `workflow "${wf.name}" runs shell commands (tasks ${commands.slice(0, 5).join(', ')}); submitting it needs an admin token`);
      }
      // Limits are an admin's to change (as through /v1/flow/limits): a producer may submit a
      // workflow without `limits`, and its submission then leaves every rule as it is.
      const admin = Boolean(req.principal?.scopes.includes('admin'));
      if (wf.limits?.length && !admin) {
        throw new HttpAuthError(403, 'FORBIDDEN', `workflow "${wf.name}" declares flow-control limits; submitting it needs an admin token`);
      }
      const run = await submitWorkflow(engine, wf, { inputs: b.inputs ?? {}, trigger: `api: ${req.principal?.name ?? 'unknown'}`, applyLimits: admin });
      req.log.info({ runId: run.id, workflow: run.name }, 'run submitted');
      return reply.code(201).send({ run: runJson(run) });
    },
  });

  app.post('/v1/runs/:id/cancel', {
    config: { scopes: ['admin'] },
    schema: {
      tags: ['runs'],
      summary: 'Cancel a running run and every live task in it',
      security: SECURITY,
      params: RunIdParams,
      ...OPTIONAL_BODY,
      body: ReasonBody,
      response: { 200: Type.Object({ run: Ref('Run') }), ...errorResponses(404, 409) },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      const run = await engine.runs.cancel(id, (req.body as { reason?: string }).reason ?? `run cancelled over HTTP by ${req.principal?.name ?? 'an operator'}`);
      req.log.info({ runId: id }, 'run cancelled');
      return { run: runJson(run) };
    },
  });

  app.get('/v1/runs', {
    config: producer,
    schema: {
      tags: ['runs'],
      summary: 'Search workflow runs, newest first: by name (or prefix*), state, creation time and an input field',
      security: SECURITY,
      querystring: RunListQuery,
      response: {
        200: Type.Object({
          runs: Type.Array(Ref('Run')),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
          scanned: Type.Union([Type.Integer(), Type.Null()]),
          partial: Type.Boolean({ description: 'the page stopped at the scan bound: more may match past nextCursor' }),
        }),
      },
    },
    handler: async (req) => {
      const q = req.query as Static<typeof RunListQuery>;
      const page = await engine.inspect.runs(runFilter(q), {
        limit: q.limit ?? 50,
        scanLimit: q.scan,
        ...(q.cursor ? { before: decodeRunCursor(q.cursor) } : {}),
      });
      return { runs: page.items.map(runJson), nextCursor: page.next !== null ? encodeRunCursor(page.next) : null, scanned: page.scanned, partial: page.partial };
    },
  });

  app.get('/v1/runs/:id', {
    config: producer,
    schema: {
      tags: ['runs'],
      summary: 'A run with its tasks, their states, counts by state and the dependency edges between them',
      security: SECURITY,
      params: RunIdParams,
      response: {
        200: Type.Object({
          run: Ref('Run'),
          tasks: Type.Array(Ref('Task')),
          edges: Type.Array(Type.Object({ from: Type.String({ description: 'dependency' }), to: Type.String({ description: 'dependent task' }) })),
          counts: Type.Record(Type.String(), Type.Integer()),
          truncated: Type.Boolean(),
        }),
        ...errorResponses(404),
      },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      const run = await engine.runs.get(id);
      const { tasks, truncated } = await runTasks(engine, run);
      // The run's bookkeeping tasks are not steps: not drawn, not counted.
      const steps = tasks.filter((t) => !isBookkeeping(t));
      const ids = steps.map((t) => t.id);
      const edges = ids.length ? await engine.deps(ids) : [];
      const counts: Record<string, number> = {};
      for (const t of steps) counts[t.state] = (counts[t.state] ?? 0) + 1;
      return {
        run: runJson(run),
        tasks: steps.map(taskJson),
        edges: edges.map((e) => ({ from: e.depId, to: e.taskId })),
        counts,
        truncated,
      };
    },
  });

  app.get('/v1/runs/:id/timeline', {
    config: producer,
    schema: {
      tags: ['runs'],
      summary: "A run's timeline: each step with its state, every attempt (claim to outcome, worker), a preview of its result, and the dependency edges; oldest task first",
      description: 'What the console draws a run from: lean entries (no payloads), so a 10,000-item run is a small reply. Attempts are read from the audit trail. Bookkeeping tasks are left out. Past 20,000 tasks the reply is truncated (`truncated: true`).',
      security: SECURITY,
      params: RunIdParams,
      querystring: Type.Object(
        { attempts: Type.Optional(Type.Boolean({ default: true, description: 'false: leave attempts out (empty lists); no audit trail is read, so a large run answers sooner' })) },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          run: Ref('Run'),
          tasks: Type.Array(TimelineEntrySchema),
          edges: Type.Array(Type.Object({ from: Type.String({ description: 'dependency' }), to: Type.String({ description: 'dependent task' }) })),
          truncated: Type.Boolean(),
        }),
        ...errorResponses(404),
      },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      const run = await engine.runs.get(id);
      const { tasks, truncated } = await runTasks(engine, run);
      const withAttempts = (req.query as { attempts?: boolean }).attempts !== false;
      const timeline = withAttempts ? await engine.inspect.timeline(tasks) : engine.inspect.steps(tasks).map((task) => ({ task, attempts: [] }));
      const edges = timeline.length ? await engine.deps(timeline.map((e) => e.task.id)) : [];
      return { run: runJson(run), tasks: timeline.map(timelineJson), edges: edges.map((e) => ({ from: e.depId, to: e.taskId })), truncated };
    },
  });
}

/** A run's tasks, oldest first, read in pages up to RUN_TASKS_MAX. */
async function runTasks(engine: ServerContext['engine'], run: Run): Promise<{ tasks: Task[]; truncated: boolean }> {
  const tasks: Task[] = [];
  let beforeId: string | undefined;
  const finishedSince = engine.runs.tasksSince(run);
  while (tasks.length < RUN_TASKS_MAX) {
    const page = await engine.list({ runId: run.id, beforeId, limit: 5000, finishedSince });
    tasks.push(...page);
    if (page.length < 5000) break;
    beforeId = page[page.length - 1]!.id;
  }
  tasks.sort((a, b) => Number(a.id) - Number(b.id));
  return { tasks, truncated: tasks.length >= RUN_TASKS_MAX };
}
