/**
 * The TypeScript API takes options objects; these build them from a loaded configuration (the
 * CLI does exactly this, and so can a program that calls loadConfig()).
 */
import type { CreateLoggerOptions, LogLevel } from '../logger.js';
import type { TaskframeOptions } from '../taskframe.js';
import type { WorkerOptions } from '../worker/worker.js';
import type { TaskframeConfig } from './schema.js';
/** For Taskframe.open / openStore: the URL and the store's options. */
export declare function storeOptions(c: TaskframeConfig): TaskframeOptions & {
    db: string;
};
/** For createLogger; `level` when the config sets none (the server logs requests at info). */
export declare function loggerOptions(c: TaskframeConfig, level?: LogLevel): CreateLoggerOptions;
/** For tf.worker, less the handlers. */
export declare function workerOptions(c: TaskframeConfig): Omit<WorkerOptions, 'handlers'>;
