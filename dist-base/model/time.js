/**
 * Points in time a user may give (a task's runAt), checked here once so that every surface (the
 * TypeScript API, HTTP, the CLI, workflows, bus messages, the control channel) refuses the
 * same values with the same message. The range is what every store and every ISO 8601 printer
 * can hold: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (four-digit years).
 */
import { ValidationError } from './errors.js';
export const TIME_MIN_MS = 0;
export const TIME_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(Z|[+-](\d\d):(\d\d))$/;
const shown = (v) => {
    let s;
    try {
        s = v instanceof Date ? `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.getTime()})` : (JSON.stringify(v) ?? String(v));
    }
    catch {
        s = String(v);
    }
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
/** The one message for a value that is not such a time. */
export function timeProblem(value) {
    return `must be a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z: epoch milliseconds (an integer), or an ISO 8601 date-time with a time zone (e.g. 2030-01-01T09:00:00Z); got ${shown(value)}`;
}
const daysIn = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** Epoch ms of an ISO 8601 date-time with a zone, or NaN (also for dates that do not exist, like February 30). */
function isoMs(text) {
    const m = ISO.exec(text);
    if (!m)
        return Number.NaN;
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59)
        return Number.NaN;
    if (m[7] !== 'Z' && (Number(m[8]) > 23 || Number(m[9]) > 59))
        return Number.NaN;
    return Date.parse(text);
}
/** A time within the range, as epoch milliseconds: from a number, a Date or an ISO 8601 string. */
export function parseTime(value, field) {
    let ms;
    if (typeof value === 'number')
        ms = Number.isInteger(value) ? value : Number.NaN;
    else if (value instanceof Date)
        ms = value.getTime();
    else if (typeof value === 'string')
        ms = isoMs(value.trim());
    else
        ms = Number.NaN;
    if (!Number.isFinite(ms) || ms < TIME_MIN_MS || ms > TIME_MAX_MS)
        throw new ValidationError(field, timeProblem(value));
    return ms;
}
/** ISO 8601 text of a stored time; null for one no printer can show (stored before times were checked). */
export function isoOrNull(ms) {
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
//# sourceMappingURL=time.js.map