import type { HandlerMap } from '../worker/worker.js';
export declare function readWorkflowFile(file: string): string;
/** A module exporting `handlers` (or a default export) that maps task names to functions. */
export declare function loadHandlers(file: string | undefined): Promise<HandlerMap>;
export declare function collect(value: string, previous?: string[]): string[];
