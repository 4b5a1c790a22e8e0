export declare const DAY_MS = 86400000;
/** The longest duration any field takes (delays, retention, intervals): 36500d, 100 years. */
export declare const MAX_DURATION_MS: number;
/**
 * The longest duration that runs a timer (a task's timeout, MaxTime=, KillGrace=): 24d. Node's
 * timers hold at most 2^31-1 ms (24.8 days); a longer one fires at once, which would kill a task
 * the moment it starts.
 */
export declare const MAX_TIMER_MS: number;
/** "36500d", "24d", "1h30m": how a limit is named in messages. */
export declare function durationText(ms: number): string;
/** The message for a value that is not a duration within 0..max: the same on every surface. */
export declare function durationProblem(value: unknown, max: number): string;
/**
 * Parses "250ms", "5s", "1.5m", "2h", "1d", "1h30m" or a number of milliseconds (as a number
 * or digits), at most `max` (default MAX_DURATION_MS). `field` names the option for the error.
 */
export declare function parseDuration(input: unknown, field: string, max?: number): number;
export declare function formatDuration(ms: number): string;
