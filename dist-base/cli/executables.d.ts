/**
 * How a command runs executables (units, workflow commands), from the `worker` settings. The
 * orphan guard and the memory limiter are process-wide, so they are set here once for the
 * process; the rest are options of the unit handlers.
 */
import type { TaskframeConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { UnitHandlerOptions } from '../worker/runners/unit-handlers.js';
export declare function executableSettings(c: TaskframeConfig, logger: Logger): UnitHandlerOptions;
