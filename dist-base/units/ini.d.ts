import type { UnitSource } from './entries.js';
export declare function parseIni(text: string, file: string): UnitSource;
