/** What every route module receives: the engine and the server's shared services. */
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import type { TokenAuth, Scope } from './auth.js';
import type { EventFeedFollower } from './feed.js';
import type { ServerMetrics } from './metrics.js';
import type { LiveHub } from './live.js';
import type { WorkerRegistry } from './workers.js';
import type { TriggerScheduler } from '../scheduler/triggers.js';
import type { Workflow } from '../workflow/format.js';
export interface ServerContext {
    engine: Engine;
    auth: TokenAuth;
    feed: EventFeedFollower;
    metrics: ServerMetrics;
    /** Live views pushed to the console (stats, one run, one task). */
    live: LiveHub;
    workers: WorkerRegistry;
    logger: Logger;
    /** Longest a claim may wait for work (ms). */
    maxLongPollMs: number;
    /** How often SSE follows and long polls look at the store for other processes' changes. */
    pollMs: number;
    /** Aborted when the server starts closing: long polls return and streams end, so close() is prompt. */
    shutdown: AbortSignal;
    scheduler: TriggerScheduler | null;
    workflows: Workflow[];
}
declare module 'fastify' {
    interface FastifyContextConfig {
        /** Scopes that may call the route (admin always may); absent = public. */
        scopes?: Scope[];
    }
}
export declare const SECURITY: {
    bearer: string[];
}[];
