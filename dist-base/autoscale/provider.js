/**
 * A provider runs the workers: it lists the ones it runs and is asked for N, with the reason.
 * Implementations live in providers/, one file each: `local` (processes on this host),
 * `command` (your executable, the hook to any datacenter or cloud API), `keda` (nothing: KEDA
 * reads the desired count from the server). A provider's failure is a ProviderError; the
 * autoscaler records it and carries on.
 */
import { TaskframeError } from '../model/errors.js';
export const WORKER_STATES = ['starting', 'running', 'stopping'];
export class ProviderError extends TaskframeError {
    constructor(provider, group, message, context = {}) {
        super('PROVIDER', `${provider} provider (group ${group}): ${message}`, { provider, group, ...context });
    }
}
export function countWorkers(workers) {
    if (workers === null)
        return null;
    const c = { running: 0, starting: 0, stopping: 0 };
    for (const w of workers)
        c[w.state]++;
    return c;
}
//# sourceMappingURL=provider.js.map