/**
 * Request and response schemas (TypeBox = JSON Schema). The same objects validate requests
 * (validation.ts) and become the OpenAPI document (@fastify/swagger), so the two cannot drift.
 * Limits mirror src/model/spec.ts; the engine validates again, so nothing unvalidated is stored.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ClaimedTaskJsonSchema, EventJsonSchema, LogLineJsonSchema, RunJsonSchema, TaskJsonSchema } from '../model/json-schema.js';
import { LIMITS } from '../model/spec.js';
import { TRIGGER_RULES } from '../model/trigger.js';
import { ScanLimit, TaskFilterFields } from './filters.js';

const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:\\-/]*$';
export const MAX_PAGE = 1000;
export const MAX_BATCH = 10_000;

const Name = (description: string) => Type.String({ minLength: 1, maxLength: LIMITS.nameMaxLength, pattern: NAME_PATTERN, description });
export const TaskIdSchema = Type.String({ pattern: '^\\d{1,19}$', description: 'task id (decimal digits)' });
const Duration = (description: string) =>
  Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Integer({ minimum: 0 })], { description: `${description} ("30s", "5m" or milliseconds)` });

export const EnqueueBody = Type.Object(
  {
    name: Name('task type: names the handler that runs it'),
    payload: Type.Optional(Type.Unknown({ description: 'any JSON, at most 1 MiB' })),
    queue: Type.Optional(Name('queue (default "default")')),
    priority: Type.Optional(Type.Integer({ minimum: LIMITS.priorityMin, maximum: LIMITS.priorityMax, description: 'higher runs first' })),
    delay: Type.Optional(Duration('wait this long before the task may run')),
    runAt: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ format: 'date-time' })], { description: 'do not run before (epoch ms or ISO 8601)' })),
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
    timeout: Type.Optional(Duration('abort an attempt after this long')),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.keyMaxLength, description: 'idempotency key among live tasks of the queue' })),
    dedupKey: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.keyMaxLength, description: 'permanent idempotency key' })),
    tags: Type.Optional(Type.Array(Name('tag'), { maxItems: LIMITS.tagsMax })),
    parentId: Type.Optional(TaskIdSchema),
    runId: Type.Optional(Name('workflow run id')),
    dependsOn: Type.Optional(Type.Array(TaskIdSchema, { maxItems: 10_000 })),
    triggerRule: Type.Optional(Type.Union(TRIGGER_RULES.map((r) => Type.Literal(r)))),
  },
  { additionalProperties: false, $id: 'EnqueueSpec' },
);

export const EnqueueManyBody = Type.Object({ tasks: Type.Array(Type.Ref('EnqueueSpec'), { maxItems: MAX_BATCH }) }, { additionalProperties: false });

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
