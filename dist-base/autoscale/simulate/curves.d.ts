export interface Burst {
    atMs: number;
    tasks: number;
    overMs: number;
}
export interface Curve {
    name: string;
    description: string;
    durationMs: number;
    /** Arrival rate (tasks/s) at `tMs` from the start, bursts not included. */
    rate(tMs: number): number;
    bursts: Burst[];
}
/**
 * 1e9 tasks over 24 h: a floor (the night) plus a Gaussian afternoon peak at 14:00 (sd 2.5 h),
 * its height chosen so the peak is 3x the day's average; then scaled to 1e9 for the day.
 */
export declare function diurnal1b(): Curve;
export declare const BUILTIN_CURVES: Record<string, () => Curve>;
export declare const CurveFileSchema: import("@sinclair/typebox").TObject<{
    name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    duration: import("@sinclair/typebox").TInteger;
    points: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TTuple<[import("@sinclair/typebox").TInteger, import("@sinclair/typebox").TNumber]>>;
    bursts: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        at: import("@sinclair/typebox").TInteger;
        tasks: import("@sinclair/typebox").TNumber;
        over: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    }>>;
}>;
/** A built-in curve by name, or a curve file (YAML or JSON), checked with file:line:column. */
export declare function loadCurve(nameOrFile: string): Curve;
/** A curve given as an object (the TypeScript API): errors name the key ("points[1][0]"). */
export declare function curveFrom(value: unknown, name: string): Curve;
