import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerRunRoutes(app: FastifyInstance, ctx: ServerContext): void;
