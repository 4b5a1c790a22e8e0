/**
 * Request and response schemas (TypeBox = JSON Schema). The same objects validate requests
 * (validation.ts) and become the OpenAPI document (@fastify/swagger), so the two cannot drift.
 * Limits mirror src/model/spec.ts; the engine validates again, so nothing unvalidated is stored.
 */
import { Kind, Type, TypeRegistry, type TSchema } from '../vendor/typebox.js';
import { COLLAPSE_KEY_MAX } from '../model/collapse.js';
import { MAX_DURATION_MS, MAX_TIMER_MS } from '../model/duration.js';
import { ClaimedTaskJsonSchema, EventJsonSchema, LogLineJsonSchema, RunJsonSchema, TaskJsonSchema } from '../model/json-schema.js';
import { LIMITS } from '../model/spec.js';
import { TIME_MAX_MS } from '../model/time.js';
import { TRIGGER_RULES } from '../model/trigger.js';
import { ScanLimit, TaskFilterFields } from './filters.js';

const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:\\-/]*$';
export const MAX_PAGE = 1000;
export const MAX_BATCH = 10_000;

const Name = (description: string) => Type.String({ minLength: 1, maxLength: LIMITS.nameMaxLength, pattern: NAME_PATTERN, description });
export const TaskIdSchema = Type.String({ pattern: '^\\d{1,19}$', description: 'task id (decimal digits)' });

/**
 * Times and durations are checked by the model (src/model/time.ts, duration.ts), once for
 * every surface, so the API gives the same message for them as the CLI and workflows do. Their
 * schemas here document the accepted forms (OpenAPI) and pass every value on to the model.
 */
const MODEL_CHECKED = 'TaskframeModelChecked';
if (!TypeRegistry.Has(MODEL_CHECKED)) TypeRegistry.Set(MODEL_CHECKED, () => true);
const ModelChecked = (forms: Record<string, unknown>[], description: string) => Type.Unsafe<unknown>({ [Kind]: MODEL_CHECKED, anyOf: forms, description });
const Duration = (description: string, maxMs: number) =>
  ModelChecked(
    [
      { type: 'string', pattern: '^(\\d+|(\\d+(\\.\\d+)?(ms|s|m|h|d))+)$', maxLength: 40 },
      { type: 'integer', minimum: 0, maximum: maxMs },
    ],
    `${description}: milliseconds or text like "500ms", "30s", "5m", "1h30m", "1d"; at most ${maxMs / 86_400_000}d`,
  );
const RunAt = ModelChecked(
  [
    { type: 'integer', minimum: 0, maximum: TIME_MAX_MS },
    { type: 'string', format: 'date-time' },
  ],
  'do not run before this time: epoch milliseconds or an ISO 8601 date-time with a time zone, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (an earlier time means now)',
);

const CollapseKey = Type.String({ minLength: 1, maxLength: COLLAPSE_KEY_MAX, description: 'enqueues with the same key in the same queue collapse into one task' });
const Keep = (def: 'first' | 'last') =>
  Type.Union([Type.Literal('first'), Type.Literal('last')], { description: `whose payload the task keeps (default ${def}); a task that has started keeps its own` });

export const EnqueueBody = Type.Object(
  {
    name: Name('task type: names the handler that runs it'),
    payload: Type.Optional(Type.Unknown({ description: 'any JSON, at most 1 MiB' })),
    queue: Type.Optional(Name('queue (default "default")')),
    priority: Type.Optional(Type.Integer({ minimum: LIMITS.priorityMin, maximum: LIMITS.priorityMax, description: 'higher runs first' })),
    delay: Type.Optional(Duration('wait this long before the task may run', MAX_DURATION_MS)),
    runAt: Type.Optional(RunAt),
    maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxAttemptsMax })),
    backoff: Type.Optional(
      Type.Object(
        {
          kind: Type.Optional(Type.Union([Type.Literal('exponential'), Type.Literal('fibonacci'), Type.Literal('fixed')])),
          baseMs: Type.Optional(Type.Integer({ minimum: 0 })),
          capMs: Type.Optional(Type.Integer({ minimum: 0 })),
          jitter: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    timeout: Type.Optional(Duration('abort an attempt after this long', MAX_TIMER_MS)),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.keyMaxLength, description: 'idempotency key among live tasks of the queue' })),
    dedupKey: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.keyMaxLength, description: 'permanent idempotency key' })),
    tags: Type.Optional(Type.Array(Name('tag'), { maxItems: LIMITS.tagsMax })),
    parentId: Type.Optional(TaskIdSchema),
    runId: Type.Optional(Name('workflow run id')),
    dependsOn: Type.Optional(Type.Array(TaskIdSchema, { maxItems: 10_000 })),
    triggerRule: Type.Optional(Type.Union(TRIGGER_RULES.map((r) => Type.Literal(r)))),
    debounce: Type.Optional(
      Type.Object(
        {
          key: CollapseKey,
          window: Duration('the quiet period: the task runs this long after the last enqueue with the key', MAX_DURATION_MS),
          keep: Type.Optional(Keep('last')),
          maxWait: Type.Optional(Duration('run at most this long after the first enqueue, however many follow (at least the window)', MAX_DURATION_MS)),
        },
        { additionalProperties: false, description: 'collapse enqueues with this key (per queue) into one task that runs after a quiet period (docs/flow-debounce-batch.md)' },
      ),
    ),
    throttle: Type.Optional(
      Type.Object(
        {
          key: CollapseKey,
          window: Duration('at most one task per this long for the key', MAX_DURATION_MS),
          keep: Type.Optional(Keep('first')),
        },
        { additionalProperties: false, description: 'at most one task per window for this key (per queue), run at once; later enqueues in the window return it (docs/flow-debounce-batch.md)' },
      ),
    ),
  },
  { additionalProperties: false, $id: 'EnqueueSpec' },
);

/** A task of a batch: the single enqueue's fields, and `after` (dependencies among the batch). */
export const EnqueueBatchItem = Type.Object(
  {
    ...EnqueueBody.properties,
    after: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: MAX_BATCH - 1 }), {
        maxItems: MAX_BATCH,
        description: 'indexes of earlier tasks of this batch that this one depends on (it starts blocked until they finish, as with dependsOn): a chain or a DAG in one request',
      }),
    ),
  },
  { additionalProperties: false },
);

export const EnqueueManyBody = Type.Object({ tasks: Type.Array(EnqueueBatchItem, { maxItems: MAX_BATCH }) }, { additionalProperties: false });

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable code: VALIDATION, NOT_FOUND, CONFLICT, LEASE_LOST, UNAUTHORIZED, FORBIDDEN, BODY_TOO_LARGE, INTERNAL, …' }),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'the offending field, for VALIDATION' })),
      context: Type.Optional(Type.Unknown()),
      requestId: Type.String(),
    }),
  },
  { $id: 'Error' },
);

/** Shared schemas registered once with Fastify (referenced by $id). Task, event, run and log line shapes are model/json-schema.ts's. */
export const SHARED_SCHEMAS: TSchema[] = [EnqueueBody, TaskJsonSchema, ClaimedTaskJsonSchema, EventJsonSchema, LogLineJsonSchema, RunJsonSchema, ErrorSchema];

export const IdParams = Type.Object({ id: TaskIdSchema });
export const RunIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: LIMITS.nameMaxLength }) });
export const QueueParams = Type.Object({ queue: Name('queue') });

export const Limit = (def: number) => Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: def, description: `page size, 1..${MAX_PAGE}` });
export const Cursor = Type.String({ maxLength: 200, description: 'opaque cursor from the previous page (nextCursor)' });

export const TaskListQuery = Type.Object(
  {
    ...TaskFilterFields,
    limit: Type.Optional(Limit(100)),
    cursor: Type.Optional(Cursor),
    scan: Type.Optional(ScanLimit),
  },
  { additionalProperties: false },
);

/**
 * Spread into a route's schema: its body may be left out (no body, or an empty one, is taken as
 * `{}`), and the OpenAPI document says `requestBody.required: false` (app.ts does both).
 */
export const BODY_OPTIONAL_KEY = 'x-body-optional';
export const OPTIONAL_BODY = { [BODY_OPTIONAL_KEY]: true } as const;

export const Ref = (id: string) => Type.Ref(id);

const IsoOrNull = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
/** One task of a run's timeline (GET /v1/runs/{id}/timeline, the run stream). */
export const TimelineEntrySchema = Type.Object({
  id: Type.String(),
  step: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  state: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  attempt: Type.Integer(),
  maxAttempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: IsoOrNull,
  finishedAt: IsoOrNull,
  resultPreview: Type.Union([Type.String({ description: 'the result as JSON text, cut at 120 characters' }), Type.Null()]),
  error: Type.Union([Type.Object({ message: Type.String(), kind: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  attempts: Type.Array(
    Type.Object({
      attempt: Type.Integer(),
      startedAt: Type.String({ format: 'date-time' }),
      endedAt: IsoOrNull,
      outcome: Type.Union([Type.String({ description: 'succeeded, failed, retry_scheduled, timed_out, lease_expired, cancelled, waiting, …' }), Type.Null()]),
      workerId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/** Standard error responses every route may give. */
export function errorResponses(...codes: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const c of [400, 401, 403, ...codes]) out[c] = Type.Ref('Error');
  return out;
}
