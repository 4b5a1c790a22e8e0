/**
 * Autoscaling: the TypeScript API. The policy is a pure function (`decide`); the Autoscaler runs
 * it under the leader lease and asks a provider for workers; the simulator replays a day.
 *
 *   const config = autoscaleConfig(loadConfig({ file: 'taskframe.yaml' }).values);   // or resolveAutoscaleConfig({ groups: [...] })
 *   const autoscaler = new Autoscaler(tf.engine, { config }).start();
 */
export { DEFAULT_POLICY, autoscaleConfig, groupPolicy, resolveAutoscaleConfig, } from './config.js';
export { decide } from './policy.js';
export { ProviderError } from './provider.js';
export { CommandProvider, KedaProvider, LocalProvider, createProvider } from './providers/index.js';
export { Autoscaler } from './runner.js';
export { formatStatus, statusJson } from './status.js';
export { calibrate, compare, chartOf, tableOf, diurnal1b, loadCurve, curveFrom, simulate, peakFleet } from './simulate/index.js';
//# sourceMappingURL=index.js.map