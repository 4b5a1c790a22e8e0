/**
 * What the OpenAPI document says beyond each route's own schema, kept in one place:
 *
 * - every operation's `operationId` (what generated clients name their methods), from the table
 *   below; a documented route missing from it stops the server from starting, so none is forgotten;
 * - the 4xx every operation can answer: 400 when it takes input (path, query or body), 401 and
 *   403 when it needs a token; routes add their own (404, 409, 413) in their schemas;
 * - bodies that may be left out (OPTIONAL_BODY in schemas.ts): `requestBody.required: false`,
 *   and an absent body is taken as `{}` before validation;
 * - `servers`: the API is served from the document's own origin.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type, type TSchema } from '../vendor/typebox.js';
import { BODY_OPTIONAL_KEY } from './schemas.js';

export const OPERATION_IDS: Record<string, string> = {
  'GET /healthz': 'health',
  'GET /v1/whoami': 'whoAmI',
  'GET /metrics': 'metrics',
  'GET /v1/stats/throughput': 'getThroughput',
  'GET /v1/stats/stream': 'streamStats',
  'GET /v1/workers': 'listWorkers',
  'GET /v1/events/stream': 'streamEvents',
  'POST /v1/tasks': 'enqueueTask',
  'POST /v1/tasks/batch': 'enqueueTasks',
  'GET /v1/tasks': 'listTasks',
  'GET /v1/tasks/:id': 'getTask',
  'POST /v1/tasks/:id/cancel': 'cancelTask',
  'POST /v1/tasks/:id/retry': 'retryTask',
  'GET /v1/tasks/:id/events': 'listTaskEvents',
  'GET /v1/tasks/:id/logs': 'listTaskLogs',
  'GET /v1/tasks/:id/stream': 'streamTask',
  'GET /v1/tasks/:id/relations': 'getTaskRelations',
  'POST /v1/tasks/bulk/retry': 'retryTasks',
  'POST /v1/tasks/bulk/cancel': 'cancelTasks',
  'POST /v1/runs': 'submitRun',
  'GET /v1/runs': 'listRuns',
  'GET /v1/runs/:id': 'getRun',
  'GET /v1/runs/:id/timeline': 'getRunTimeline',
  'GET /v1/runs/:id/stream': 'streamRun',
  'POST /v1/runs/:id/cancel': 'cancelRun',
  'GET /v1/queues': 'listQueues',
  'POST /v1/queues/:queue/pause': 'pauseQueue',
  'POST /v1/queues/:queue/resume': 'resumeQueue',
  'POST /v1/worker/claim': 'claimTasks',
  'POST /v1/worker/heartbeat': 'heartbeatTasks',
  'POST /v1/worker/report': 'reportOutcomes',
  'POST /v1/worker/tasks/:id/succeed': 'succeedTask',
  'POST /v1/worker/tasks/:id/fail': 'failTask',
  'POST /v1/worker/tasks/:id/unclaim': 'unclaimTask',
  'POST /v1/worker/tasks/:id/logs': 'appendTaskLogs',
  'GET /v1/schedules': 'listSchedules',
  'GET /v1/flow/limits': 'listFlowLimits',
  'POST /v1/flow/limits': 'setFlowLimit',
  'DELETE /v1/flow/limits': 'removeFlowLimit',
  'GET /v1/flow/usage': 'getFlowUsage',
  'GET /v1/flow/paused': 'listFlowPaused',
  'POST /v1/flow/pause': 'pauseFlow',
  'POST /v1/flow/resume': 'resumeFlow',
  'GET /v1/flow/audit': 'listFlowAudit',
  'GET /v1/autoscale': 'getAutoscale',
  'GET /v1/autoscale/keda': 'getAutoscaleKeda',
};

type RouteSchema = {
  hide?: boolean;
  operationId?: string;
  body?: TSchema;
  querystring?: TSchema;
  params?: TSchema;
  response?: Record<string | number, TSchema>;
  [BODY_OPTIONAL_KEY]?: boolean;
};

/** onRoute: completes a documented route's schema (operationId, generic 4xx). */
export function documentRoute(r: RouteOptions): void {
  const schema = r.schema as RouteSchema | undefined;
  if (!schema || schema.hide) return;
  for (const method of [r.method].flat()) {
    if (method === 'HEAD') continue;
    const key = `${method} ${r.url}`;
    const id = OPERATION_IDS[key];
    if (!id) throw new Error(`route ${key} has no operationId: add it to OPERATION_IDS in src/server/openapi.ts`);
    schema.operationId = id;
  }
  const takesInput = Boolean(schema.body || schema.querystring || schema.params);
  const guarded = Boolean(r.config?.scopes);
  const add = [...(takesInput ? [400] : []), ...(guarded ? [401, 403] : [])];
  if (add.length === 0) return;
  schema.response ??= {};
  for (const code of add) schema.response[code] ??= Type.Ref('Error');
}

/** preValidation for routes whose body may be left out: none (or an empty one) is `{}`. */
export function defaultOptionalBody(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema as RouteSchema | undefined;
    if (schema?.[BODY_OPTIONAL_KEY] && (req.body === undefined || req.body === null)) req.body = {};
  });
}

/** swagger's transformObject: servers, and optional bodies marked as such. */
export function transformDocument(input: { openapiObject: unknown } | { swaggerObject: unknown }): never {
  if (!('openapiObject' in input)) return input.swaggerObject as never;
  const doc = input.openapiObject as { paths?: Record<string, Record<string, Record<string, unknown>>>; servers?: unknown };
  doc.servers = [{ url: '/', description: 'this server (the origin the document was fetched from)' }];
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops)) {
      if (!op[BODY_OPTIONAL_KEY]) continue;
      delete op[BODY_OPTIONAL_KEY];
      const body = op.requestBody as { required?: boolean } | undefined;
      if (body) body.required = false;
    }
  }
  // swagger's types want its own document type back; this is that document, changed in place.
  return doc as never;
}
