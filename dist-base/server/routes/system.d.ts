import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerSystemRoutes(app: FastifyInstance, ctx: ServerContext): void;
