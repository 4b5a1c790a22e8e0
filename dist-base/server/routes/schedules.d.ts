import type { FastifyInstance } from 'fastify';
import { type ServerContext } from '../context.js';
export declare function registerScheduleRoutes(app: FastifyInstance, ctx: ServerContext): void;
