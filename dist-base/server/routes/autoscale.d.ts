import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerAutoscaleRoutes(app: FastifyInstance, ctx: ServerContext): void;
