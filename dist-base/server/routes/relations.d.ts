import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerRelationRoutes(app: FastifyInstance, ctx: ServerContext): void;
