export const systemClock = { now: () => Date.now() };
/** A clock tests set and advance by hand. */
export class ManualClock {
    current;
    constructor(current = Date.UTC(2026, 0, 1)) {
        this.current = current;
    }
    now() {
        return this.current;
    }
    set(ms) {
        this.current = ms;
    }
    advance(ms) {
        this.current += ms;
        return this.current;
    }
}
/** Skew beyond which a process says so: leases and run-at times are judged by each host's clock. */
export const CLOCK_SKEW_WARN_MS = 1000;
/**
 * A warning for a skew larger than CLOCK_SKEW_WARN_MS (beyond its uncertainty), or null. A
 * worker's leases end at its own clock's time plus the lease, and another host expires them by
 * its clock: hosts apart by S run leases S shorter (a task may run twice) or longer (a crashed
 * worker's tasks wait longer), and delayed tasks start S early or late.
 */
export function clockSkewWarning(skew, leaseMs) {
    const off = Math.abs(skew.skewMs) - skew.uncertaintyMs;
    if (off <= CLOCK_SKEW_WARN_MS)
        return null;
    const s = (Math.abs(skew.skewMs) / 1000).toFixed(1);
    return `this host's clock is ${s} s ${skew.skewMs > 0 ? 'ahead of' : 'behind'} the database's: hosts judge each other's leases${leaseMs !== null ? ` (${leaseMs} ms here)` : ''} and delayed tasks by their own clocks, so tasks may run twice or start late; synchronise the clocks (NTP)`;
}
/**
 * Measures once and hands `warn` the warning, if any. A measurement that fails (the store is
 * unreachable) says nothing: the outage is reported where it is met.
 */
export async function reportClockSkew(measure, leaseMs, warn) {
    const skew = await measure().catch(() => null);
    const warning = skew && clockSkewWarning(skew, leaseMs);
    if (warning)
        warn({ skewMs: Math.round(skew.skewMs) }, warning);
}
//# sourceMappingURL=clock.js.map