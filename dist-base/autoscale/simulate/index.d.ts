/**
 * `taskframe autoscale simulate`: one group's policy over a curve, against a fixed fleet sized
 * for the curve's peak at the same utilization; the chart and the table of what it cost.
 */
import type { AutoscaleConfig } from '../config.js';
import type { Curve } from './curves.js';
import { type SimResult } from './simulator.js';
export { calibrate, type Calibration } from './calibrate.js';
export { BUILTIN_CURVES, curveFrom, diurnal1b, loadCurve, type Curve } from './curves.js';
export { peakFleet, simulate, type SimOptions, type SimResult, type SimPoint } from './simulator.js';
export { renderChart } from './chart.js';
export interface Comparison {
    group: string;
    curve: string;
    serviceRate: number;
    startupMs: number;
    intervalMs: number;
    targetMs: number;
    fixedWorkers: number;
    policy: SimResult;
    fixed: SimResult;
}
export declare function compare(config: AutoscaleConfig, o: {
    curve: Curve;
    group?: string;
    serviceRate: number;
    startupMs: number;
}): Comparison;
export declare function chartOf(c: Comparison, curve: Curve): string;
/** The table: worker-hours against the fixed fleet, waits inside and outside the bursts, reaction. */
export declare function tableOf(c: Comparison): string;
