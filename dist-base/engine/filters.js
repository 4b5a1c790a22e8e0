/**
 * The filters an operator types, checked and turned into what the store searches with. A
 * malformed filter is a ValidationError naming the field and what is wrong, before any query.
 *
 *   payload field   PATH=VALUE: PATH is keys joined by dots (`customer.id`), a number indexes an
 *                   array (`items.0.sku`); VALUE is JSON when it parses as a scalar (42, true,
 *                   null, "42") and a string otherwise (`status=paid`).
 *   name            exact, or a prefix ending in `*` (`etl.*`).
 *   times           ISO 8601 (`2026-01-01T00:00:00Z`) or epoch milliseconds.
 */
import { ValidationError } from '../model/errors.js';
const KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const INDEX = /^(0|[1-9]\d{0,8})$/;
/** Deep enough for any payload a person searches by hand; bounds the SQL path too. */
const MAX_DEPTH = 16;
const MAX_TEXT = 1000;
export function parseJsonField(text, field) {
    if (typeof text !== 'string' || text.length > MAX_TEXT)
        throw new ValidationError(field, `must be a string of at most ${MAX_TEXT} characters`);
    const eq = text.indexOf('=');
    if (eq < 0)
        throw new ValidationError(field, `"${text}" is not PATH=VALUE (e.g. customer.id=42)`);
    const pathText = text.slice(0, eq).trim();
    const valueText = text.slice(eq + 1).trim();
    if (pathText === '')
        throw new ValidationError(field, `"${text}" names no field before "=" (e.g. customer.id=42)`);
    const segments = pathText.split('.');
    if (segments.length > MAX_DEPTH)
        throw new ValidationError(field, `"${pathText}" is deeper than ${MAX_DEPTH} levels`);
    const path = segments.map((s, i) => {
        if (INDEX.test(s))
            return Number(s);
        if (KEY.test(s))
            return s;
        const why = s === '' ? 'an empty key (two dots, or a dot at an end)' : `key "${s}" (keys are letters, digits, _ $ -, not starting with a digit)`;
        throw new ValidationError(field, `"${pathText}" has ${why} at position ${i + 1}`);
    });
    return { path, value: parseScalar(valueText, field) };
}
function parseScalar(text, field) {
    let v;
    try {
        v = JSON.parse(text);
    }
    catch {
        return text;
    }
    if (v !== null && typeof v === 'object')
        throw new ValidationError(field, `the value must be a string, number, true, false or null, not ${Array.isArray(v) ? 'a list' : 'an object'}`);
    return v;
}
/** `etl.*` -> prefix "etl."; `etl.load` -> exact. A lone `*` is no filter. */
export function parseNamePattern(text, field) {
    const t = text.trim();
    if (t === '' || t === '*')
        return {};
    if (t.slice(0, -1).includes('*'))
        throw new ValidationError(field, `"${t}": "*" may only end a name (a prefix, e.g. etl.*)`);
    if (t.endsWith('*'))
        return { namePrefix: t.slice(0, -1) };
    return { name: t };
}
/** A time given as ISO 8601 or epoch ms, as epoch ms. */
export function parseTime(v, field) {
    const ms = typeof v === 'number' ? v : /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : Date.parse(v);
    if (!Number.isFinite(ms) || ms < 0)
        throw new ValidationError(field, `"${String(v)}" is not a time (ISO 8601, e.g. 2026-01-31T12:00:00Z, or epoch milliseconds)`);
    return ms;
}
export function checkRange(after, before, field) {
    if (after !== undefined && before !== undefined && after >= before) {
        throw new ValidationError(field, `the range is empty: ${new Date(after).toISOString()} is not before ${new Date(before).toISOString()}`);
    }
}
//# sourceMappingURL=filters.js.map