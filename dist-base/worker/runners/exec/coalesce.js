/**
 * A process may report progress far faster than it is worth writing: while one write is in
 * flight, only the latest value waits to be written next. Each call resolves once the write
 * carrying its value (or a later one) is done.
 */
export function coalesced(write) {
    let inFlight = null;
    let next = null;
    const pump = () => {
        const v = next.value;
        next = null;
        inFlight = write(v).finally(() => {
            inFlight = next ? pump() : null;
        });
        return inFlight;
    };
    return (v) => {
        next = { value: v };
        if (!inFlight)
            return pump();
        return inFlight.then(() => inFlight);
    };
}
//# sourceMappingURL=coalesce.js.map