/**
 * buildApp: the HTTP server as a Fastify instance, built but not listening (tests use inject();
 * `taskframe server` calls listen()). Routes live in routes/, one module per resource; this file
 * wires auth, validation, error mapping, OpenAPI, metrics and the dashboard around them.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import { createLogger, withAllLevels } from '../logger.js';
import { ManualClock, reportClockSkew } from '../model/clock.js';
import { TokenAuth } from './auth.js';
import { loadDashboard } from './dashboard-assets.js';
import { HttpAuthError, sendError } from './errors.js';
import { EventFeedFollower } from './feed.js';
import { ServerMetrics } from './metrics.js';
import { registerQueueRoutes } from './routes/queues.js';
import { registerRunRoutes } from './routes/runs.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerWorkerRoutes } from './routes/worker.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { typeboxValidatorCompiler } from './validation.js';
import { WorkerRegistry } from './workers.js';
import { registerScheduleRoutes } from './routes/schedules.js';
import { registerAutoscaleRoutes } from './routes/autoscale.js';
import { registerBulkRoutes } from './routes/bulk.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerRelationRoutes } from './routes/relations.js';
import { registerFlowRoutes } from './routes/flow.js';
import { LiveHub } from './live.js';
import { defaultOptionalBody, documentRoute, transformDocument } from './openapi.js';
export async function buildApp(options) {
    const logger = options.logger ?? createLogger({ name: 'taskframe-server' });
    const auth = new TokenAuth(options.tokens);
    const workers = new WorkerRegistry(() => options.engine.clock.now());
    const feed = new EventFeedFollower(options.engine, logger, options.pollMs ?? 250);
    const metrics = new ServerMetrics(options.engine, workers);
    metrics.follow(feed);
    const live = new LiveHub(options.engine, metrics, workers, logger, options.statsIntervalMs ?? 1000);
    live.follow(feed);
    const closing = new AbortController();
    const ctx = {
        engine: options.engine,
        auth,
        feed,
        metrics,
        live,
        workers,
        logger,
        maxLongPollMs: options.maxLongPollMs ?? 30_000,
        pollMs: options.pollMs ?? 250,
        shutdown: closing.signal,
        scheduler: options.scheduler ?? null,
        workflows: options.workflows ?? [],
    };
    const app = Fastify({
        // Fastify asks for trace and fatal too; a caller's logger may have only the usual four.
        loggerInstance: withAllLevels(logger),
        // Our own one-line access log below: it never prints query strings or headers.
        logController: new LogController({ disableRequestLogging: true }),
        bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
        genReqId: () => randomUUID(),
        ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
        routerOptions: { ignoreTrailingSlash: true },
    });
    app.decorateRequest('principal', null);
    // Every route as registered, so tests can check each one is documented and guarded.
    const routes = [];
    app.addHook('onRoute', (r) => {
        documentRoute(r);
        for (const method of [r.method].flat()) {
            if (method !== 'HEAD')
                routes.push({ method, url: r.url, hidden: Boolean(r.schema?.hide), scopes: r.config?.scopes });
        }
    });
    app.decorate('taskframeRoutes', routes);
    for (const s of SHARED_SCHEMAS)
        app.addSchema(s);
    app.setValidatorCompiler(typeboxValidatorCompiler(SHARED_SCHEMAS));
    // Response schemas document the API; replies are plain JSON.stringify (no field stripping).
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    // Our own JSON parser so a malformed body's 400 says what is wrong and where.
    app.removeContentTypeParser('application/json');
    // Bodies are JSON only; anything else is 415 rather than a string that fails validation.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
        const text = body;
        if (text.trim() === '')
            return done(null, undefined);
        try {
            done(null, JSON.parse(text));
        }
        catch (e) {
            done(Object.assign(new Error(`malformed JSON body: ${e.message}`), { statusCode: 400, httpCode: 'MALFORMED_JSON' }), undefined);
        }
    });
    defaultOptionalBody(app);
    app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
    app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, requestId: String(req.id) } }));
    app.addHook('onRequest', async (req) => {
        const scopes = req.routeOptions.config?.scopes;
        if (scopes)
            req.principal = auth.authorize(req, scopes);
        else if (req.url.includes('?') && /[?&](token|access_token|api_key)=/i.test(req.url)) {
            throw new HttpAuthError(401, 'UNAUTHORIZED', 'tokens in the query string are refused (they leak into logs); send "Authorization: Bearer <token>"');
        }
    });
    app.addHook('onResponse', async (req, reply) => {
        req.log.info({ method: req.method, route: req.routeOptions.url, path: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime), principal: req.principal?.name }, 'request');
    });
    const swagger = (await import('@fastify/swagger')).default;
    await app.register(swagger, {
        openapi: {
            openapi: '3.0.3',
            info: {
                title: 'taskframe API',
                version: '1',
                description: 'Enqueue and inspect tasks, follow runs and logs, and run remote workers in any language. Every route but /healthz, the docs and the dashboard needs `Authorization: Bearer <token>`; scopes: admin (all), producer (enqueue and read), worker (claim and report).',
            },
            components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
            tags: [
                { name: 'tasks', description: 'enqueue, inspect, cancel, retry' },
                { name: 'runs', description: 'workflow runs and their graphs' },
                { name: 'queues', description: 'counts, pause and resume' },
                { name: 'flow', description: 'limits (rate, concurrency per key) and pauses by name, run, schedule or queue' },
                { name: 'worker', description: 'remote workers: claim, heartbeat, report' },
                { name: 'system', description: 'health, metrics, live streams' },
            ],
        },
        transformObject: transformDocument,
        refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    const swaggerUi = (await import('@fastify/swagger-ui')).default;
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    registerSystemRoutes(app, ctx);
    registerTaskRoutes(app, ctx);
    registerRunRoutes(app, ctx);
    registerQueueRoutes(app, ctx);
    registerWorkerRoutes(app, ctx);
    registerScheduleRoutes(app, ctx);
    registerAutoscaleRoutes(app, ctx);
    registerBulkRoutes(app, ctx);
    registerLiveRoutes(app, ctx);
    registerRelationRoutes(app, ctx);
    registerFlowRoutes(app, ctx);
    const assets = loadDashboard();
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));
    // Browsers ask for /favicon.ico on pages that name none (the API docs, a JSON reply).
    app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/favicon.svg'));
    const serveAsset = async (req, reply) => {
        const name = req.params['*'] || 'index.html';
        const a = assets.get(name);
        if (!a)
            return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no dashboard file ${name}`, requestId: String(req.id) } });
        return reply
            .type(a.type)
            .header('cache-control', 'no-cache')
            .header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
            .send(a.body);
    };
    // "/dashboard" and "/dashboard/" are one route (ignoreTrailingSlash); files are under it.
    app.get('/dashboard', { schema: { hide: true } }, serveAsset);
    app.get('/dashboard/*', { schema: { hide: true } }, serveAsset);
    if (options.followFeed !== false) {
        app.addHook('onReady', async () => feed.start());
    }
    // Leases and delayed tasks are judged by each host's clock: a server far from the database's says so.
    if (!(options.engine.clock instanceof ManualClock))
        app.addHook('onReady', async () => void reportClockSkew(() => options.engine.clockSkew(), null, (f, m) => logger.warn(f, m)));
    app.addHook('preClose', async () => closing.abort());
    // Replies finished while closing must not leave a keep-alive socket holding the process open.
    app.addHook('onSend', async (req, reply) => {
        if (closing.signal.aborted)
            reply.header('connection', 'close');
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        // API replies carry task data: never cached by a browser or proxy.
        if (req.url.startsWith('/v1/'))
            reply.header('cache-control', 'no-store');
    });
    app.addHook('onClose', async () => {
        live.close();
        await feed.stop();
    });
    return app;
}
//# sourceMappingURL=app.js.map