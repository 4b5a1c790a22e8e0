import type { SubPath } from './check.js';
export interface Position {
    line: number;
    column: number;
}
export interface ConfigFile {
    file: string;
    /** The parsed contents: a mapping (an empty file is an empty one). */
    data: Record<string, unknown>;
    /** Where the value (or, with `key`, the key) at this path is; the nearest enclosing one if unknown. */
    locate(path: SubPath, key?: boolean): Position;
}
export declare function readConfigFile(file: string, named?: string): ConfigFile;
