import { setMemoryLimiter } from '../worker/runners/exec/memory-limit.js';
import { orphanGuard } from '../worker/runners/exec/orphan-guard.js';
export function executableSettings(c, logger) {
    orphanGuard.setEnabled(c.worker.orphanGuard);
    setMemoryLimiter(c.worker.memoryLimiter);
    return { logger, inheritEnv: c.worker.inheritEnv, ...(c.worker.stateDir ? { stateDir: c.worker.stateDir } : {}) };
}
//# sourceMappingURL=executables.js.map