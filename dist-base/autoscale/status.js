const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
const r1 = (x) => Math.round(x * 10) / 10;
/** True when the record is older than a few intervals: no autoscaler has been acting. */
export function isStale(record, now) {
    return now - record.updatedAt > Math.max(3 * record.intervalMs, 15_000);
}
export function decisionJson(d) {
    return { ...d, at: iso(d.at) };
}
export function groupJson(name, g) {
    return {
        group: name,
        queues: g.queues,
        provider: g.provider,
        desired: g.last.desired,
        workers: g.workers,
        providerError: g.providerError && { at: iso(g.providerError.at), message: g.providerError.message },
        last: decisionJson(g.last),
        history: g.history.map(decisionJson),
    };
}
export function statusJson(record, leader, now) {
    return {
        leader: leader?.holder ?? null,
        updatedAt: record ? iso(record.updatedAt) : null,
        intervalMs: record?.intervalMs ?? null,
        stale: record ? isStale(record, now) : null,
        groups: record ? Object.entries(record.groups).map(([name, g]) => groupJson(name, g)) : [],
    };
}
export function formatStatus(record, leader, now) {
    if (!record)
        return 'No autoscaler has recorded a decision in this store (start one with: taskframe autoscale --config FILE).';
    const ago = (ms) => `${r1((now - ms) / 1000)}s ago`;
    const lines = [
        `autoscaler: leader ${leader?.holder ?? `none (last: ${record.leader})`}; last pass ${ago(record.updatedAt)}, every ${r1(record.intervalMs / 1000)}s${isStale(record, now) ? ' (STALE: no autoscaler is acting)' : ''}`,
    ];
    for (const [name, g] of Object.entries(record.groups)) {
        const w = g.workers;
        const running = w ? `${w.running} running${w.starting ? `, ${w.starting} starting` : ''}${w.stopping ? `, ${w.stopping} stopping` : ''}` : 'running unknown';
        lines.push('', `group ${name} (queues ${g.queues.join(', ')}; provider ${g.provider})`);
        lines.push(`  desired ${g.last.desired}; ${running}`);
        lines.push(`  why: [${g.last.rule}] ${g.last.reason}`);
        lines.push(`  inputs: ${inputsLine(g.last.inputs)}`);
        if (g.providerError)
            lines.push(`  provider error (${ago(g.providerError.at)}): ${g.providerError.message}`);
        if (g.history.length) {
            lines.push('  recent changes:');
            for (const h of g.history)
                lines.push(`    ${new Date(h.at).toISOString()}  ${h.from} -> ${h.desired}  [${h.rule}]${h.error ? `  provider error: ${h.error}` : ''}  ${h.reason}`);
        }
    }
    return lines.join('\n');
}
function inputsLine(i) {
    const parts = [
        `ready ${i.ready}`,
        `coming due ${i.soon}`,
        `running tasks ${i.runningTasks}`,
        `later ${i.later}`,
        `oldest ready ${i.oldestReadyAgeMs === null ? '-' : `${r1(i.oldestReadyAgeMs / 1000)}s`}`,
        `next due ${i.nextDueInMs === null ? '-' : `in ${r1(i.nextDueInMs / 1000)}s`}`,
        `arrivals ${i.arrivalRate === null ? '-' : `${r1(i.arrivalRate)}/s`}`,
        `completions ${i.completionRate === null ? '-' : `${r1(i.completionRate)}/s`}`,
        `service ${Math.round(i.meanServiceMs)}ms`,
        `slots ${r1(i.slots.total)} (arrivals ${r1(i.slots.arrivals)}, backlog ${r1(i.slots.backlog)}, soon ${r1(i.slots.soon)})`,
    ];
    return parts.join(', ');
}
//# sourceMappingURL=status.js.map