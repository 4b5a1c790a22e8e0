import { loggerOptions, storeOptions } from '../config/options.js';
import { createLogger } from '../logger.js';
import { Taskframe } from '../taskframe.js';
import { commandConfig } from './config-flags.js';
import { applyConfigFlow } from './config-flow.js';
export function commandContext(cmd, defaultLevel = 'warn', name) {
    const config = commandConfig(cmd);
    const logger = createLogger({ ...loggerOptions(config.values, defaultLevel), ...(name ? { name } : {}) });
    for (const w of config.warnings)
        logger.warn(w);
    return { config, defaultLevel, logger };
}
/** Opens the store the configuration names. */
export function openTaskframe(ctx, extra = {}) {
    return Taskframe.open({ ...storeOptions(ctx.config.values), logger: ctx.logger, ...extra });
}
/** The store URL the command's configuration names (kept for commands that need only that). */
export function globalOptions(cmd) {
    return { db: commandConfig(cmd).values.store.url };
}
/**
 * The configuration's `flow:` section: its queues are known to this process's engine; with
 * `setLimits` (server and worker, when they start) its rules are set in the store, named by
 * `flow.limits[i]` when one is refused (e.g. an unknown queue).
 */
export async function applyFlowConfig(tf, ctx, setLimits) {
    const flow = ctx.config.values.flow;
    if (!flow)
        return;
    if (setLimits)
        await applyConfigFlow(tf.engine, flow);
    else
        tf.engine.flow.declareQueues(flow.queues);
}
export async function withTaskframe(cmd, fn) {
    const ctx = commandContext(cmd);
    const tf = await openTaskframe(ctx);
    try {
        await applyFlowConfig(tf, ctx, false);
        return await fn(tf);
    }
    finally {
        await tf.close();
    }
}
//# sourceMappingURL=context.js.map