/**
 * Autoscaling: the TypeScript API. The policy is a pure function (`decide`); the Autoscaler runs
 * it under the leader lease and asks a provider for workers; the simulator replays a day.
 *
 *   const config = autoscaleConfig(loadConfig({ file: 'taskframe.yaml' }).values);   // or resolveAutoscaleConfig({ groups: [...] })
 *   const autoscaler = new Autoscaler(tf.engine, { config }).start();
 */
export { DEFAULT_POLICY, autoscaleConfig, groupPolicy, resolveAutoscaleConfig, type AutoscaleConfig, type CommandProviderConfig, type GroupConfig, type GroupPolicy, type KedaProviderConfig, type LocalProviderConfig, type ProviderConfig, } from './config.js';
export { decide, type DecideResult, type Decision, type DecisionInputs, type GroupState, type Rule as ScalingRule } from './policy.js';
export type { GroupSample } from './sample.js';
export { ProviderError, type Provider, type ProviderContext, type ProviderWorker, type ScaleRequest } from './provider.js';
export { CommandProvider, KedaProvider, LocalProvider, createProvider } from './providers/index.js';
export { Autoscaler, type AutoscalerEvents, type AutoscalerOptions, type PassResult } from './runner.js';
export type { AutoscaleRecord, GroupRecord, HistoryEntry, WorkerCounts } from './record.js';
export { formatStatus, statusJson } from './status.js';
export { calibrate, compare, chartOf, tableOf, diurnal1b, loadCurve, curveFrom, simulate, peakFleet, type Curve, type SimOptions, type SimResult, type Comparison } from './simulate/index.js';
