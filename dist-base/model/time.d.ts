export declare const TIME_MIN_MS = 0;
export declare const TIME_MAX_MS: number;
/** The one message for a value that is not such a time. */
export declare function timeProblem(value: unknown): string;
/** A time within the range, as epoch milliseconds: from a number, a Date or an ISO 8601 string. */
export declare function parseTime(value: unknown, field: string): number;
/** ISO 8601 text of a stored time; null for one no printer can show (stored before times were checked). */
export declare function isoOrNull(ms: number): string | null;
