import type { RunPosition } from './run.js';
export declare function encodeCursor(value: string): string;
/** The text of a cursor; a ValidationError on `field` when it is not one the issuer wrote (`pattern`). */
export declare function decodeCursor(cursor: string, pattern: RegExp, field?: string): string;
export declare function encodeRunCursor(at: RunPosition): string;
/**
 * The run a cursor continues after. A cursor of only a time (what the HTTP API gave out before
 * runs were paged by time and id) goes on with the runs created before that time.
 */
export declare function decodeRunCursor(cursor: string, field?: string): RunPosition;
