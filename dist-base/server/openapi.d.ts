/**
 * What the OpenAPI document says beyond each route's own schema, kept in one place:
 *
 * - every operation's `operationId` (what generated clients name their methods), from the table
 *   below; a documented route missing from it stops the server from starting, so none is forgotten;
 * - the 4xx every operation can answer: 400 when it takes input (path, query or body), 401 and
 *   403 when it needs a token; routes add their own (404, 409, 413) in their schemas;
 * - bodies that may be left out (OPTIONAL_BODY in schemas.ts): `requestBody.required: false`,
 *   and an absent body is taken as `{}` before validation;
 * - `servers`: the API is served from the document's own origin.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
export declare const OPERATION_IDS: Record<string, string>;
/** onRoute: completes a documented route's schema (operationId, generic 4xx). */
export declare function documentRoute(r: RouteOptions): void;
/** preValidation for routes whose body may be left out: none (or an empty one) is `{}`. */
export declare function defaultOptionalBody(app: FastifyInstance): void;
/** swagger's transformObject: servers, and optional bodies marked as such. */
export declare function transformDocument(input: {
    openapiObject: unknown;
} | {
    swaggerObject: unknown;
}): never;
