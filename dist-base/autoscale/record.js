export const RECORD_NAME = 'autoscale';
export const LEADER_NAME = 'autoscale';
export const RECORD_VERSION = 1;
/** Parses a stored record; anything unreadable counts as no record (a new one replaces it). */
export function decodeRecord(raw) {
    if (raw === null)
        return null;
    try {
        const r = JSON.parse(raw);
        if (r && typeof r === 'object' && r.version === RECORD_VERSION && r.groups && typeof r.groups === 'object')
            return r;
    }
    catch {
        // fall through
    }
    return null;
}
export function encodeRecord(r) {
    return JSON.stringify(r);
}
/** The group's record after a pass: the decision, the provider's answer, and the history kept to `keep`. */
export function nextGroupRecord(prev, p) {
    const entry = p.error ? { ...p.decision, error: p.error } : p.decision;
    const changed = p.decision.desired !== p.decision.from;
    const errorChanged = (p.error ?? null) !== (prev?.providerError?.message ?? null);
    const history = changed || (p.error !== null && errorChanged) ? [entry, ...(prev?.history ?? [])].slice(0, p.keep) : (prev?.history ?? []).slice(0, p.keep);
    return {
        queues: p.queues,
        provider: p.provider,
        lookaheadMs: p.lookaheadMs,
        state: p.state,
        last: entry,
        workers: p.workers,
        providerError: p.error === null ? null : { at: p.decision.at, message: p.error },
        history,
    };
}
//# sourceMappingURL=record.js.map