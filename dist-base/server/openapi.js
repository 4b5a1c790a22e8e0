import { Type } from '@sinclair/typebox';
import { BODY_OPTIONAL_KEY } from './schemas.js';
export const OPERATION_IDS = {
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
/** onRoute: completes a documented route's schema (operationId, generic 4xx). */
export function documentRoute(r) {
    const schema = r.schema;
    if (!schema || schema.hide)
        return;
    for (const method of [r.method].flat()) {
        if (method === 'HEAD')
            continue;
        const key = `${method} ${r.url}`;
        const id = OPERATION_IDS[key];
        if (!id)
            throw new Error(`route ${key} has no operationId: add it to OPERATION_IDS in src/server/openapi.ts`);
        schema.operationId = id;
    }
    const takesInput = Boolean(schema.body || schema.querystring || schema.params);
    const guarded = Boolean(r.config?.scopes);
    const add = [...(takesInput ? [400] : []), ...(guarded ? [401, 403] : [])];
    if (add.length === 0)
        return;
    schema.response ??= {};
    for (const code of add)
        schema.response[code] ??= Type.Ref('Error');
}
/** preValidation for routes whose body may be left out: none (or an empty one) is `{}`. */
export function defaultOptionalBody(app) {
    app.addHook('preValidation', async (req) => {
        const schema = req.routeOptions.schema;
        if (schema?.[BODY_OPTIONAL_KEY] && (req.body === undefined || req.body === null))
            req.body = {};
    });
}
/** swagger's transformObject: servers, and optional bodies marked as such. */
export function transformDocument(input) {
    if (!('openapiObject' in input))
        return input.swaggerObject;
    const doc = input.openapiObject;
    doc.servers = [{ url: '/', description: 'this server (the origin the document was fetched from)' }];
    for (const ops of Object.values(doc.paths ?? {})) {
        for (const op of Object.values(ops)) {
            if (!op[BODY_OPTIONAL_KEY])
                continue;
            delete op[BODY_OPTIONAL_KEY];
            const body = op.requestBody;
            if (body)
                body.required = false;
        }
    }
    // swagger's types want its own document type back; this is that document, changed in place.
    return doc;
}
//# sourceMappingURL=openapi.js.map