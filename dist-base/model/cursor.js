/**
 * Page cursors, as the CLI and the HTTP API give them out: opaque to users (base64url of a text
 * the issuer checks against what it could have written). A run's cursor is its place in
 * newest-first order, (createdAt, id), so runs created in the same millisecond are neither skipped
 * nor shown twice.
 */
import { ValidationError } from './errors.js';
export function encodeCursor(value) {
    return Buffer.from(value, 'utf8').toString('base64url');
}
/** The text of a cursor; a ValidationError on `field` when it is not one the issuer wrote (`pattern`). */
export function decodeCursor(cursor, pattern, field = 'cursor') {
    const v = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!pattern.test(v))
        throw new ValidationError(field, `"${cursor}" is not a cursor taskframe gave out`);
    return v;
}
export function encodeRunCursor(at) {
    return encodeCursor(`${at.createdAt}:${at.id}`);
}
/**
 * The run a cursor continues after. A cursor of only a time (what the HTTP API gave out before
 * runs were paged by time and id) goes on with the runs created before that time.
 */
export function decodeRunCursor(cursor, field = 'cursor') {
    const v = decodeCursor(cursor, /^\d{1,15}(:[\x21-\x7e]{1,200})?$/, field);
    const colon = v.indexOf(':');
    return colon < 0 ? { createdAt: Number(v), id: '' } : { createdAt: Number(v.slice(0, colon)), id: v.slice(colon + 1) };
}
//# sourceMappingURL=cursor.js.map