import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerQueueRoutes(app: FastifyInstance, ctx: ServerContext): void;
