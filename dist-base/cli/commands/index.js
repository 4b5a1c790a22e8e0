import { registerAutoscale } from './autoscale.js';
import { registerBridge } from './bridge.js';
import { registerConfig } from './config.js';
import { registerControl } from './control.js';
import { registerEnqueue } from './enqueue.js';
import { registerFlow } from './flow.js';
import { registerInspect } from './inspect.js';
import { registerLogs } from './logs.js';
import { registerMigrate } from './migrate.js';
import { registerRun } from './run.js';
import { registerRuns } from './runs.js';
import { registerSchedule } from './schedule.js';
import { registerServer } from './server.js';
import { registerSubmit } from './submit.js';
import { registerWorker } from './worker.js';
export const COMMANDS = [
    registerEnqueue,
    registerWorker,
    registerInspect,
    registerLogs,
    registerControl,
    registerFlow,
    registerMigrate,
    registerRun,
    registerSubmit,
    registerRuns,
    registerSchedule,
    registerServer,
    registerBridge,
    registerAutoscale,
    registerConfig,
];
//# sourceMappingURL=index.js.map