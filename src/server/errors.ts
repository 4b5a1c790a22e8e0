/**
 * The one place that turns errors into HTTP responses. TaskframeError codes map to status codes;
 * request-shape errors (schema, JSON syntax, body size) keep Fastify's status with our body; any
 * other error is a 500 whose body says nothing about internals (the log has the details).
 *
 * Every error body: { error: { code, message, field?, context?, requestId } }.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { TaskframeError, ValidationError, type ErrorCode } from '../model/errors.js';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LEASE_LOST: 409,
  ILLEGAL_TRANSITION: 409,
  SCHEMA_TOO_NEW: 503,
  STORE_OPEN: 503,
  // The store is down, restarting or failing over: the request may work in a moment.
  STORE_UNAVAILABLE: 503,
};

/** Raised by the auth layer; never carries the presented token. */
export class HttpAuthError extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    readonly code: 'UNAUTHORIZED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; context?: Record<string, unknown>; requestId: string };
}

export function errorResponse(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody } {
  const requestId = String(req.id);
  if (err instanceof HttpAuthError) {
    return { status: err.statusCode, body: { error: { code: err.code, message: err.message, requestId } } };
  }
  if (err instanceof TaskframeError) {
    const status = STATUS_BY_CODE[err.code] ?? 500;
    if (status === 500) return internal(requestId);
    const field = err instanceof ValidationError ? err.field : undefined;
    return { status, body: { error: { code: err.code, message: err.message, ...(field ? { field } : {}), context: err.context, requestId } } };
  }
  const fe = err as FastifyError & { validationField?: string; httpCode?: string };
  if (fe && typeof fe === 'object' && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.httpCode ?? (fe.statusCode === 413 ? 'BODY_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 400 ? 'VALIDATION' : 'BAD_REQUEST');
    const field = fe.validationField;
    return { status: fe.statusCode, body: { error: { code, message: fe.message, ...(field ? { field } : {}), requestId } } };
  }
  return internal(requestId);
}

function internal(requestId: string): { status: number; body: ErrorBody } {
  return { status: 500, body: { error: { code: 'INTERNAL', message: `internal error (request ${requestId}; details are in the server log)`, requestId } } };
}

export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = errorResponse(err, req);
  if (status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: body.error.code, status }, body.error.message);
  return reply.code(status).type('application/json').send(body);
}
