import { checkSection } from '../config/load.js';
import { ValidationError } from '../model/errors.js';
/**
 * The autoscaler's options from a loaded configuration (already checked by loadConfig). Refused
 * when there is no group to scale: `taskframe autoscale` needs an `autoscale:` section with groups.
 */
export function autoscaleConfig(c, file) {
    const a = c.autoscale;
    if (!a?.groups) {
        const where = file ? `${file} has no autoscale.groups` : 'no config file names autoscale.groups (give one with --config FILE, $TASKFRAME_CONFIG or ./taskframe.yaml)';
        throw new ValidationError('autoscale.groups', `no groups to scale: ${where}; see docs/autoscale.md`, { key: 'autoscale.groups', ...(file ? { file } : {}) });
    }
    return {
        intervalMs: a.interval,
        leaderTtlMs: a.leaderTtl ?? Math.max(5000, 3 * a.interval),
        history: a.history,
        ...(a.id !== undefined ? { id: a.id } : {}),
        // The loader's rules made sure every group has a provider, its own or the section's.
        groups: a.groups.map((g) => ({ name: g.name, queues: g.queues ?? [g.name], policy: policyOf(g), provider: providerOf((g.provider ?? a.provider)) })),
    };
}
/** The TypeScript API: the `autoscale:` section given as an object, checked as the file's would be (errors name the key). */
export function resolveAutoscaleConfig(section) {
    return autoscaleConfig({ autoscale: checkSection('autoscale', section) });
}
function policyOf(g) {
    const p = g.policy;
    return {
        latencyTargetMs: p.latencyTarget,
        minWorkers: p.minWorkers,
        maxWorkers: p.maxWorkers,
        concurrency: g.concurrency,
        utilization: p.utilization,
        lookaheadMs: p.lookahead,
        defaultServiceMs: p.defaultServiceTime,
        smoothingMs: p.smoothing,
        lateFactor: p.scaleUp.lateFactor,
        settleMs: p.scaleUp.settle,
        cooldownMs: p.scaleDown.cooldown,
        hysteresis: p.scaleDown.hysteresis,
        maxStepDown: p.scaleDown.maxStep,
        idleBeforeZeroMs: p.scaleDown.idleBeforeZero,
    };
}
const placed = (p) => ({ ...(p.cwd !== undefined ? { cwd: p.cwd } : {}), ...(p.env !== undefined ? { env: p.env } : {}) });
function providerOf(p) {
    switch (p.type) {
        case 'local':
            return { type: 'local', command: p.command, ...placed(p), output: p.output, stopTimeoutMs: p.stopTimeout, restartBackoffMs: p.restartBackoff, restartBackoffMaxMs: p.restartBackoffMax };
        case 'command':
            return { type: 'command', command: p.command, ...placed(p), timeoutMs: p.timeout, retries: p.retries, backoffMs: p.backoff, backoffMaxMs: p.backoffMax };
        case 'keda':
            return { type: 'keda' };
    }
}
/** The policy's defaults, resolved: what a group gets for every field it leaves out. */
export const DEFAULT_POLICY = resolveAutoscaleConfig({ provider: { type: 'keda' }, groups: [{ name: 'x' }] }).groups[0].policy;
/** A group policy from partial settings (tests and the TypeScript API), with the defaults. */
export function groupPolicy(overrides = {}) {
    const p = { ...DEFAULT_POLICY, ...overrides };
    const refuse = (field, message) => {
        throw new ValidationError(field, message, { key: field });
    };
    if (p.minWorkers > p.maxWorkers)
        refuse('minWorkers', `must be at most maxWorkers (${p.maxWorkers}), got ${p.minWorkers}`);
    if (!(p.latencyTargetMs > 0))
        refuse('latencyTargetMs', `must be a positive duration, got ${p.latencyTargetMs}`);
    if (!(p.utilization > 0 && p.utilization <= 1))
        refuse('utilization', `must be in (0, 1], got ${p.utilization}`);
    if (!Number.isInteger(p.concurrency) || p.concurrency < 1)
        refuse('concurrency', `must be a positive integer, got ${p.concurrency}`);
    return p;
}
//# sourceMappingURL=config.js.map