/**
 * Small value grammars of unit files: shell-like word splitting (no expansion, quotes and
 * backslashes only), sizes (256M, 8G, infinity) and booleans (yes/no, true/false, on/off, 1/0).
 * Each throws a plain Error the caller wraps with the file:line of the value.
 */
export declare function splitWords(text: string): string[];
export declare function parseSize(text: string): number | null;
export declare function parseBool(text: string): boolean;
