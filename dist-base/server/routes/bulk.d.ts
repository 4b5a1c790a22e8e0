import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerBulkRoutes(app: FastifyInstance, ctx: ServerContext): void;
