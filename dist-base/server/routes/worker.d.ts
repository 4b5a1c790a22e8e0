import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerWorkerRoutes(app: FastifyInstance, ctx: ServerContext): void;
