import { configLimitRules } from '../config/flow-schema.js';
export async function applyConfigFlow(engine, flow) {
    if (!flow)
        return;
    if (flow.queues.length > 0)
        engine.flow.declareQueues(flow.queues);
    if (flow.limits.length > 0)
        await engine.flow.applyLimits(configLimitRules(flow), { actor: 'config' });
}
//# sourceMappingURL=config-flow.js.map