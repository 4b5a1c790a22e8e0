import type { JsonFieldMatch } from '../store/store.js';
export declare function parseJsonField(text: string, field: string): JsonFieldMatch;
/** `etl.*` -> prefix "etl."; `etl.load` -> exact. A lone `*` is no filter. */
export declare function parseNamePattern(text: string, field: string): {
    name?: string;
    namePrefix?: string;
};
/** A time given as ISO 8601 or epoch ms, as epoch ms. */
export declare function parseTime(v: string | number, field: string): number;
export declare function checkRange(after: number | undefined, before: number | undefined, field: string): void;
