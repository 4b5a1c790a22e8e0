import { type UnitSpec } from './spec.js';
export declare function isUnitFile(file: string): boolean;
export declare function parseUnit(source: string, file: string): UnitSpec;
export declare function loadUnitFile(file: string): UnitSpec;
export interface LoadUnitsOptions {
    /**
     * What is accepted but probably not meant (an After= naming no unit), one message with its
     * file:line each. Default: printed to stderr as `warning: …`.
     */
    onWarning?: (message: string) => void;
}
/** Every unit in a directory (not recursive), by name. */
export declare function loadUnitDir(dir: string, options?: LoadUnitsOptions): Map<string, UnitSpec>;
