/**
 * The one place that turns errors into HTTP responses. TaskframeError codes map to status codes;
 * request-shape errors (schema, JSON syntax, body size) keep Fastify's status with our body; any
 * other error is a 500 whose body says nothing about internals (the log has the details).
 *
 * Every error body: { error: { code, message, field?, context?, requestId } }.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
/** Raised by the auth layer; never carries the presented token. */
export declare class HttpAuthError extends Error {
    readonly statusCode: 401 | 403;
    readonly code: 'UNAUTHORIZED' | 'FORBIDDEN';
    constructor(statusCode: 401 | 403, code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string);
}
export interface ErrorBody {
    error: {
        code: string;
        message: string;
        field?: string;
        context?: Record<string, unknown>;
        requestId: string;
    };
}
export declare function errorResponse(err: unknown, req: FastifyRequest): {
    status: number;
    body: ErrorBody;
};
export declare function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply;
