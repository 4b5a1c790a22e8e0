/**
 * The simulation as an SVG chart, written by hand (no dependency): four panels over the same
 * time axis — arrivals, workers (asked for, serving, and the fixed peak-sized fleet), backlog
 * and p99 wait against the target — with each burst shaded from its start until it drained.
 */
import type { SimResult } from './simulator.js';
export interface ChartOptions {
    title: string;
    durationMs: number;
    targetMs: number;
    fixedWorkers: number;
}
export declare function renderChart(r: SimResult, o: ChartOptions): string;
