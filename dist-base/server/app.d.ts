import { type FastifyInstance } from 'fastify';
import type { Engine } from '../engine/engine.js';
import { type Logger } from '../logger.js';
import { type Principal, type TokenConfig } from './auth.js';
import type { TriggerScheduler } from '../scheduler/triggers.js';
import type { Workflow } from '../workflow/format.js';
export interface BuildAppOptions {
    engine: Engine;
    tokens: TokenConfig[];
    logger?: Logger;
    /** Largest request body accepted (bytes); larger is 413. Default 16 MiB (a batch of big tasks). */
    bodyLimit?: number;
    maxLongPollMs?: number;
    /** How often long polls and log follows look for changes made by other processes (ms). */
    pollMs?: number;
    /** Follow the store's event feed for metrics and live views (default true). */
    followFeed?: boolean;
    /** The trigger scheduler this server runs, and its workflows (for GET /v1/schedules). */
    scheduler?: TriggerScheduler;
    workflows?: Workflow[];
    /** How often the live stats stream (the console's queues view) sends (ms; default 1000). */
    statsIntervalMs?: number;
}
export interface RouteInfo {
    method: string;
    url: string;
    hidden: boolean;
    scopes: string[] | undefined;
}
declare module 'fastify' {
    interface FastifyRequest {
        principal: Principal | null;
    }
    interface FastifyInstance {
        taskframeRoutes: RouteInfo[];
    }
}
export declare function buildApp(options: BuildAppOptions): Promise<FastifyInstance>;
