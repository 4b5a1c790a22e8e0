/** Producer-facing task routes: enqueue, read, list, cancel, retry, audit trail, logs (with SSE follow). */
import { type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { EnqueueSpec } from '../../model/spec.js';
import { type ServerContext } from '../context.js';
import { type EnqueueBody } from '../schemas.js';
import { parseStates } from '../filters.js';
type EnqueueInput = Static<typeof EnqueueBody>;
/** The body as the engine's spec: times and durations as sent, for the model to check (src/model/time.ts). */
export declare function toSpec(body: EnqueueInput): EnqueueSpec;
export { parseStates };
/** An optional body: cancel, retry and the queue actions take the same one. */
export declare const ReasonBody: import("@sinclair/typebox").TObject<{
    reason: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
}>;
export declare function registerTaskRoutes(app: FastifyInstance, ctx: ServerContext): void;
