import { ValidationError } from './errors.js';
const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const DAY_MS = 86_400_000;
/** The longest duration any field takes (delays, retention, intervals): 36500d, 100 years. */
export const MAX_DURATION_MS = 36_500 * DAY_MS;
/**
 * The longest duration that runs a timer (a task's timeout, MaxTime=, KillGrace=): 24d. Node's
 * timers hold at most 2^31-1 ms (24.8 days); a longer one fires at once, which would kill a task
 * the moment it starts.
 */
export const MAX_TIMER_MS = 24 * DAY_MS;
/** "36500d", "24d", "1h30m": how a limit is named in messages. */
export function durationText(ms) {
    if (ms % DAY_MS === 0)
        return `${ms / DAY_MS}d`;
    return formatDuration(ms);
}
const shown = (v) => {
    let s;
    try {
        s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
    }
    catch {
        s = String(v);
    }
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
const FORMS = 'milliseconds (a number) or text like 500ms, 5s, 2m, 1h30m, 1d';
/** The message for a value that is not a duration within 0..max: the same on every surface. */
export function durationProblem(value, max) {
    if (typeof value === 'string' && Number.isNaN(durationFromText(value.trim()))) {
        return `malformed duration ${shown(value)} (use ${FORMS}; at most ${durationText(max)})`;
    }
    if (typeof value !== 'string' && typeof value !== 'number')
        return `must be a duration: ${FORMS}; got ${shown(value)}`;
    return `must be a duration from 0 to ${durationText(max)} (${FORMS}); got ${shown(value)}`;
}
/**
 * Parses "250ms", "5s", "1.5m", "2h", "1d", "1h30m" or a number of milliseconds (as a number
 * or digits), at most `max` (default MAX_DURATION_MS). `field` names the option for the error.
 */
export function parseDuration(input, field, max = MAX_DURATION_MS) {
    let ms;
    if (typeof input === 'number')
        ms = input;
    else if (typeof input === 'string')
        ms = durationFromText(input.trim());
    else
        ms = Number.NaN;
    if (!Number.isFinite(ms) || ms < 0 || Math.round(ms) > max)
        throw new ValidationError(field, durationProblem(input, max));
    return Math.round(ms);
}
function durationFromText(text) {
    if (/^\d+$/.test(text))
        return Number(text);
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
    let total = 0;
    let matched = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
        total += Number(m[1]) * UNITS[m[2]];
        matched = re.lastIndex;
    }
    return matched === 0 || matched !== text.length ? Number.NaN : total;
}
export function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    if (m < 60)
        return `${m}m${s ? `${s}s` : ''}`;
    return `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ''}`;
}
//# sourceMappingURL=duration.js.map