/** Everything that needs the time asks a Clock, so tests can move time by hand. */
export interface Clock {
    now(): number;
}
export declare const systemClock: Clock;
/** A clock tests set and advance by hand. */
export declare class ManualClock implements Clock {
    private current;
    constructor(current?: number);
    now(): number;
    set(ms: number): void;
    advance(ms: number): number;
}
/**
 * How far a process's clock is from its database's: positive when the process is ahead. Within
 * `uncertaintyMs` (half the round trip that measured it).
 */
export interface ClockSkew {
    skewMs: number;
    uncertaintyMs: number;
}
/** Skew beyond which a process says so: leases and run-at times are judged by each host's clock. */
export declare const CLOCK_SKEW_WARN_MS = 1000;
/**
 * A warning for a skew larger than CLOCK_SKEW_WARN_MS (beyond its uncertainty), or null. A
 * worker's leases end at its own clock's time plus the lease, and another host expires them by
 * its clock: hosts apart by S run leases S shorter (a task may run twice) or longer (a crashed
 * worker's tasks wait longer), and delayed tasks start S early or late.
 */
export declare function clockSkewWarning(skew: ClockSkew, leaseMs: number | null): string | null;
/**
 * Measures once and hands `warn` the warning, if any. A measurement that fails (the store is
 * unreachable) says nothing: the outage is reported where it is met.
 */
export declare function reportClockSkew(measure: () => Promise<ClockSkew | null>, leaseMs: number | null, warn: (fields: {
    skewMs: number;
}, message: string) => void): Promise<void>;
