import type { Command } from 'commander';
import type { HandlerMap } from '../../worker/worker.js';
/** Loads FILE's default export: an object mapping task names to handler functions. */
export declare function loadHandlerModule(file: string): Promise<HandlerMap>;
export declare function registerWorker(program: Command): void;
