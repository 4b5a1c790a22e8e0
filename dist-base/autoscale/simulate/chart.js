const W = 1000;
const LEFT = 78;
const RIGHT = 24;
const PANEL = 130;
const GAP = 42;
const TOP = 56;
const PLOT_W = W - LEFT - RIGHT;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v) => (v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : `${+v.toFixed(1)}`);
export function renderChart(r, o) {
    const xs = r.points.map((p) => LEFT + (p.t / o.durationMs) * PLOT_W);
    const x = (t) => LEFT + (t / o.durationMs) * PLOT_W;
    const out = [];
    const panels = r.zoom.length ? 6 : 4;
    const height = TOP + panels * (PANEL + GAP) + 6;
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
    out.push(`<rect width="${W}" height="${height}" fill="#ffffff"/>`);
    out.push(`<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${esc(o.title)}</text>`);
    const panelY = (i) => TOP + i * (PANEL + GAP);
    // Bursts: shaded on every panel from the burst's start to its backlog draining.
    for (const b of r.bursts) {
        const x0 = x(b.atMs);
        const x1 = x(b.atMs + Math.max(b.drainedMs ?? 0, 60_000));
        for (let i = 0; i < 4; i++)
            out.push(`<rect x="${x0.toFixed(1)}" y="${panelY(i)}" width="${Math.max(2, x1 - x0).toFixed(1)}" height="${PANEL}" fill="#f4c7c3" opacity="0.6"/>`);
        out.push(`<text x="${(x0 + 4).toFixed(1)}" y="${panelY(0) + 14}" fill="#a33">burst</text>`);
    }
    const linear = (max) => (v) => PANEL - (Math.max(0, v) / max) * PANEL;
    const log = (lo, hi) => (v) => (v <= lo ? PANEL : PANEL - (Math.log10(Math.min(v, hi) / lo) / Math.log10(hi / lo)) * PANEL);
    const arrMax = niceMax(Math.max(...r.points.map((p) => p.arrivals)));
    panel(out, 0, panelY(0), 'arrivals (tasks/s, 5-min mean)', linear(arrMax), ticksLinear(arrMax), [{ values: r.points.map((p) => p.arrivals), color: '#5b6abf', label: 'arrivals', fill: true }], xs);
    const wMax = niceMax(Math.max(o.fixedWorkers, ...r.points.map((p) => Math.max(p.desired, p.active))));
    panel(out, 1, panelY(1), 'workers', linear(wMax), ticksLinear(wMax), [
        { values: r.points.map(() => o.fixedWorkers), color: '#999999', label: `fixed fleet sized for the peak (${o.fixedWorkers})`, dash: '6 4' },
        { values: r.points.map((p) => p.desired), color: '#1b7f3b', label: 'desired (policy)' },
        { values: r.points.map((p) => p.active), color: '#e08a00', label: 'serving', dash: '2 2' },
    ], xs);
    panel(out, 2, panelY(2), 'backlog (tasks waiting, 5-min max, log)', log(1, 1e8), [1, 100, 1e4, 1e6, 1e8], [{ values: r.points.map((p) => p.backlog), color: '#8e44ad', label: 'backlog', fill: true }], xs);
    const waitY = log(0.1, 1000);
    panel(out, 3, panelY(3), 'p99 wait (s) of tasks arriving in each 5 minutes, log', waitY, [0.1, 1, 10, 100, 1000], [
        { values: r.points.map(() => o.targetMs / 1000), color: '#c0392b', label: `target ${o.targetMs / 1000}s`, dash: '6 4' },
        { values: r.points.map((p) => p.p99WaitMs / 1000), color: '#2c3e50', label: 'p99 wait (0 drawn at the bottom)' },
    ], xs);
    // Time axis under the last panel.
    const yAxis = panelY(3) + PANEL;
    const hours = o.durationMs / 3_600_000;
    const every = hours > 12 ? 2 : hours > 4 ? 1 : hours > 1 ? 0.25 : 1 / 12;
    for (let h = 0; h <= hours + 1e-9; h += every) {
        const xx = x(h * 3_600_000);
        out.push(`<line x1="${xx.toFixed(1)}" y1="${yAxis}" x2="${xx.toFixed(1)}" y2="${yAxis + 5}" stroke="#333"/>`);
        const hh = Math.floor(h);
        const mm = Math.round((h - hh) * 60);
        out.push(`<text x="${xx.toFixed(1)}" y="${yAxis + 18}" text-anchor="middle">${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}</text>`);
    }
    if (r.zoom.length)
        zoomPanels(out, r, o, TOP + 4 * (PANEL + GAP) + 24);
    out.push('</svg>');
    return `${out.join('\n')}\n`;
}
/** The first burst close up: workers asked for and serving, and the backlog, 10 s per point. */
function zoomPanels(out, r, o, y0) {
    const z = r.zoom;
    const t0 = z[0].t;
    const span = z[z.length - 1].t + 10_000 - t0;
    const xs = z.map((p) => LEFT + ((p.t - t0) / span) * PLOT_W);
    const wMax = niceMax(Math.max(o.fixedWorkers, ...z.map((p) => Math.max(p.desired, p.active))));
    const clock = (t) => new Date(t).toISOString().slice(11, 16);
    panel(out, 4, y0, `the burst close up (${clock(t0)}-${clock(t0 + span)}): workers`, (v) => PANEL - (Math.max(0, v) / wMax) * PANEL, ticksLinear(wMax), [
        { values: z.map(() => o.fixedWorkers), color: '#999999', label: 'fixed fleet', dash: '6 4' },
        { values: z.map((p) => p.desired), color: '#1b7f3b', label: 'desired (policy)' },
        { values: z.map((p) => p.active), color: '#e08a00', label: 'serving', dash: '2 2' },
    ], xs);
    const y1 = y0 + PANEL + GAP;
    const bMax = niceMax(Math.max(...z.map((p) => p.backlog)));
    panel(out, 5, y1, 'the burst close up: backlog (tasks waiting)', (v) => PANEL - (Math.max(0, v) / bMax) * PANEL, ticksLinear(bMax), [{ values: z.map((p) => p.backlog), color: '#8e44ad', label: 'backlog', fill: true }], xs);
    const yAxis = y1 + PANEL;
    for (let m = 0; m * 60_000 <= span; m += 2) {
        const xx = LEFT + ((m * 60_000) / span) * PLOT_W;
        out.push(`<line x1="${xx.toFixed(1)}" y1="${yAxis}" x2="${xx.toFixed(1)}" y2="${yAxis + 5}" stroke="#333"/>`);
        out.push(`<text x="${xx.toFixed(1)}" y="${yAxis + 18}" text-anchor="middle">${clock(t0 + m * 60_000)}</text>`);
    }
}
function panel(out, _i, y0, title, y, ticks, series, xs) {
    out.push(`<g transform="translate(0,${y0})">`);
    out.push(`<text x="${LEFT}" y="-8" font-weight="bold">${esc(title)}</text>`);
    out.push(`<rect x="${LEFT}" y="0" width="${PLOT_W}" height="${PANEL}" fill="none" stroke="#bbb"/>`);
    for (const t of ticks) {
        const yy = y(t);
        out.push(`<line x1="${LEFT}" y1="${yy.toFixed(1)}" x2="${LEFT + PLOT_W}" y2="${yy.toFixed(1)}" stroke="#eee"/>`);
        out.push(`<text x="${LEFT - 6}" y="${(yy + 4).toFixed(1)}" text-anchor="end" fill="#555">${fmt(t)}</text>`);
    }
    let lx = LEFT + PLOT_W;
    for (const s of [...series].reverse()) {
        const pts = s.values.map((v, i) => `${xs[i].toFixed(1)},${y(v).toFixed(1)}`);
        if (s.fill)
            out.push(`<polygon points="${xs[0].toFixed(1)},${PANEL} ${pts.join(' ')} ${xs[xs.length - 1].toFixed(1)},${PANEL}" fill="${s.color}" opacity="0.25"/>`);
        out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
        // Legend, right-aligned above the panel.
        const w = 18 + s.label.length * 6.2;
        lx -= w + 10;
        out.push(`<line x1="${lx.toFixed(1)}" y1="-12" x2="${(lx + 14).toFixed(1)}" y2="-12" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
        out.push(`<text x="${(lx + 18).toFixed(1)}" y="-8" fill="#333">${esc(s.label)}</text>`);
    }
    out.push('</g>');
}
function niceMax(v) {
    if (!(v > 0))
        return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
        if (m * p >= v * 1.05)
            return m * p;
    return 10 * p;
}
function ticksLinear(max) {
    return [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
}
//# sourceMappingURL=chart.js.map