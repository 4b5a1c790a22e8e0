import { ValidationError } from '../../model/errors.js';
import { renderChart } from './chart.js';
import { peakFleet, simulate } from './simulator.js';
export { calibrate } from './calibrate.js';
export { BUILTIN_CURVES, curveFrom, diurnal1b, loadCurve } from './curves.js';
export { peakFleet, simulate } from './simulator.js';
export { renderChart } from './chart.js';
export function compare(config, o) {
    const g = pickGroup(config, o.group);
    const base = { policy: g.policy, intervalMs: config.intervalMs, curve: o.curve, serviceRate: o.serviceRate, startupMs: o.startupMs };
    const fixedWorkers = peakFleet(o.curve, o.serviceRate, g.policy.utilization);
    return {
        group: g.name,
        curve: o.curve.name,
        serviceRate: o.serviceRate,
        startupMs: o.startupMs,
        intervalMs: config.intervalMs,
        targetMs: g.policy.latencyTargetMs,
        fixedWorkers,
        policy: simulate(base),
        fixed: simulate({ ...base, fixedWorkers }),
    };
}
export function chartOf(c, curve) {
    return renderChart(c.policy, {
        title: `taskframe autoscale simulate — ${curve.name}, group ${c.group}: ${round(c.serviceRate)} tasks/s per worker, start-up ${c.startupMs / 1000}s, target ${c.targetMs / 1000}s`,
        durationMs: curve.durationMs,
        targetMs: c.targetMs,
        fixedWorkers: c.fixedWorkers,
    });
}
const round = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10) / 10));
const secs = (ms) => (ms === null ? 'never' : ms < 1000 ? `${ms} ms` : `${round(ms / 1000)} s`);
/** The table: worker-hours against the fixed fleet, waits inside and outside the bursts, reaction. */
export function tableOf(c) {
    const p = c.policy;
    const f = c.fixed;
    const rows = [
        ['', 'policy', `fixed fleet (${c.fixedWorkers} workers)`],
        ['worker-hours', round(p.workerHours), round(f.workerHours)],
        ['  policy / fixed', `${round((100 * p.workerHours) / f.workerHours)}%`, '100%'],
        ['peak workers', String(p.peakWorkers), String(c.fixedWorkers)],
        ['tasks', round(p.tasks), round(f.tasks)],
        ['p99 wait, whole run', secs(p.p99WaitMs), secs(f.p99WaitMs)],
        ['p99 wait outside bursts', secs(p.outside.p99WaitMs), secs(f.outside.p99WaitMs)],
        ['worst 5-min p99 outside bursts', secs(p.outside.worstWindowP99Ms), secs(f.outside.worstWindowP99Ms)],
        ['worst wait outside bursts', secs(p.outside.worstWaitMs), secs(f.outside.worstWaitMs)],
        [`tasks over the ${c.targetMs / 1000}s target outside bursts`, round(p.outside.overTarget), round(f.outside.overTarget)],
        ['worst wait', secs(p.worstWaitMs), secs(f.worstWaitMs)],
    ];
    p.bursts.forEach((b, i) => {
        const fb = f.bursts[i];
        const at = new Date(b.atMs).toISOString().slice(11, 16);
        rows.push([`burst at ${at} (${round(b.tasks)} tasks)`, '', '']);
        rows.push(['  reaction (first scale-up decision)', secs(b.reactionMs), '-']);
        rows.push(['  workers serving more after', b.reactionMs === null ? 'never' : secs(b.reactionMs + c.startupMs), '-']);
        rows.push(['  backlog drained after', secs(b.drainedMs), secs(fb.drainedMs)]);
        rows.push(['  p99 / worst wait in the burst window', `${secs(b.p99WaitMs)} / ${secs(b.worstWaitMs)}`, `${secs(fb.p99WaitMs)} / ${secs(fb.worstWaitMs)}`]);
        rows.push(['  tasks of the burst window over the target (the excess)', round(b.overTarget), round(fb.overTarget)]);
    });
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    const head = `curve ${c.curve}, group ${c.group}: ${round(c.serviceRate)} tasks/s per worker, start-up ${c.startupMs / 1000}s, decisions every ${c.intervalMs / 1000}s, target ${c.targetMs / 1000}s`;
    return [head, '', ...rows.map((r) => `${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}`.trimEnd())].join('\n');
}
function pickGroup(config, name) {
    if (name === undefined)
        return config.groups[0];
    const g = config.groups.find((x) => x.name === name);
    if (!g)
        throw new ValidationError('--group', `no group "${name}" in the configuration (groups: ${config.groups.map((x) => x.name).join(', ')})`);
    return g;
}
//# sourceMappingURL=index.js.map