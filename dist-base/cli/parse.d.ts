import { type TaskState } from '../model/state.js';
export declare function parseJsonOption(text: string, option: string): unknown;
export declare function parseIntOption(text: string, option: string): number;
export declare function parseStates(text: string, option?: string): TaskState[];
export declare function parseList(text: string): string[];
