import { TaskframeError, ValidationError } from '../model/errors.js';
const STATUS_BY_CODE = {
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
    statusCode;
    code;
    constructor(statusCode, code, message) {
        super(message);
        this.statusCode = statusCode;
        this.code = code;
    }
}
export function errorResponse(err, req) {
    const requestId = String(req.id);
    if (err instanceof HttpAuthError) {
        return { status: err.statusCode, body: { error: { code: err.code, message: err.message, requestId } } };
    }
    if (err instanceof TaskframeError) {
        const status = STATUS_BY_CODE[err.code] ?? 500;
        if (status === 500)
            return internal(requestId);
        const field = err instanceof ValidationError ? err.field : undefined;
        return { status, body: { error: { code: err.code, message: err.message, ...(field ? { field } : {}), context: err.context, requestId } } };
    }
    const fe = err;
    if (fe && typeof fe === 'object' && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
        const code = fe.httpCode ?? (fe.statusCode === 413 ? 'BODY_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 400 ? 'VALIDATION' : 'BAD_REQUEST');
        const field = fe.validationField;
        return { status: fe.statusCode, body: { error: { code, message: fe.message, ...(field ? { field } : {}), requestId } } };
    }
    return internal(requestId);
}
function internal(requestId) {
    return { status: 500, body: { error: { code: 'INTERNAL', message: `internal error (request ${requestId}; details are in the server log)`, requestId } } };
}
export function sendError(err, req, reply) {
    const { status, body } = errorResponse(err, req);
    if (status >= 500)
        req.log.error({ err }, 'request failed');
    else
        req.log.info({ code: body.error.code, status }, body.error.message);
    return reply.code(status).type('application/json').send(body);
}
//# sourceMappingURL=errors.js.map