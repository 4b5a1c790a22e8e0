/** A cron expression: 5 fields (minute hour day month weekday), 6 (seconds first) or a nickname (@hourly). */
export declare function cronProblem(value: string, timezone?: string): string | null;
export declare function timezoneProblem(tz: string): string | null;
/** `5m`, `1h30m` or `@every 5m`, at least a second: milliseconds, or the problem. */
export declare function parseEvery(value: string): {
    ms: number;
} | {
    problem: string;
};
