/**
 * The values of a schedule, checked the same way wherever they are written (a workflow's
 * `triggers:`, a unit's `[RunIf]`): each returns the problem as text, or null, so the caller
 * can name the file and line it came from.
 */
import { Cron } from 'croner';
import { parseDuration } from './duration.js';
/** A cron expression: 5 fields (minute hour day month weekday), 6 (seconds first) or a nickname (@hourly). */
export function cronProblem(value, timezone) {
    const fields = value.trim().split(/\s+/).length;
    if (!value.startsWith('@') && fields !== 5 && fields !== 6) {
        return `invalid cron "${value}": expected 5 fields (minute hour day month weekday) or 6 (with seconds first), got ${fields}`;
    }
    try {
        new Cron(value, { paused: true, ...(timezone ? { timezone } : {}) });
        return null;
    }
    catch (err) {
        return `invalid cron "${value}": ${err.message}`;
    }
}
export function timezoneProblem(tz) {
    try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return null;
    }
    catch {
        return `unknown time zone "${tz}"`;
    }
}
/** `5m`, `1h30m` or `@every 5m`, at least a second: milliseconds, or the problem. */
export function parseEvery(value) {
    const m = /^@every\s+(.+)$/.exec(value.trim());
    let ms;
    try {
        ms = parseDuration(m ? m[1] : value, 'every');
    }
    catch (err) {
        return { problem: `invalid \`every\`: ${err.message} (write e.g. 1m or "@every 1m")` };
    }
    return ms < 1000 ? { problem: '`every` must be at least 1s' } : { ms };
}
//# sourceMappingURL=schedule.js.map