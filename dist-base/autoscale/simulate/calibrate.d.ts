export interface Calibration {
    /** Tasks per second one worker finished. */
    rate: number;
    tasks: number;
    elapsedMs: number;
    concurrency: number;
    taskMs: number;
}
export declare function calibrate(o: {
    concurrency: number;
    taskMs: number;
    tasks?: number;
}): Promise<Calibration>;
