// The throughput chart, written by hand (no chart library): one group of horizontal bars per
// system — drain and steady state, tasks/s, median — with a whisker for the min–max range.
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SERIES = [
  { key: 'steady', label: 'steady state (producer + worker at once)', color: '#2563eb' },
  { key: 'drain', label: 'drain (worker only)', color: '#93c5fd' },
];

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((x) => x >= v);
}

/** rows: [{ name, backend, steady: {median,min,max}, drain: {median,min,max} }] */
export function throughputSvg(rows, { title, subtitle }) {
  const W = 760;
  const left = 170;
  const right = 70;
  const barH = 14;
  const groupH = SERIES.length * (barH + 3) + 14;
  const top = 80;
  const H = top + rows.length * groupH + 40;
  const max = niceMax(Math.max(...rows.flatMap((r) => SERIES.map((s) => r[s.key]?.max ?? 0))));
  const x = (v) => left + ((W - left - right) * v) / max;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="12" y="22" font-size="15" font-weight="600">${esc(title)}</text>`);
  out.push(`<text x="12" y="40" fill="#555">${esc(subtitle)}</text>`);
  SERIES.forEach((s, i) => {
    const lx = left + i * 290;
    out.push(`<rect x="${lx}" y="54" width="12" height="10" fill="${s.color}"/><text x="${lx + 16}" y="63" fill="#333">${esc(s.label)}</text>`);
  });
  for (let k = 0; k <= 5; k++) {
    const v = (max * k) / 5;
    const gx = x(v);
    out.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${H - 30}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${gx}" y="${H - 16}" text-anchor="middle" fill="#555">${esc(Math.round(v).toLocaleString('en-US'))}</text>`);
  }
  out.push(`<text x="${W - right}" y="${H - 2}" text-anchor="end" fill="#555">tasks/s (median; whisker: min–max)</text>`);
  rows.forEach((r, gi) => {
    const gy = top + gi * groupH;
    out.push(`<text x="${left - 8}" y="${gy + groupH / 2 - 8}" text-anchor="end" font-weight="600">${esc(r.name)}</text>`);
    out.push(`<text x="${left - 8}" y="${gy + groupH / 2 + 7}" text-anchor="end" fill="#555">${esc(r.backend)}</text>`);
    SERIES.forEach((s, si) => {
      const v = r[s.key];
      const y = gy + si * (barH + 3);
      if (!v || !Number.isFinite(v.median)) {
        out.push(`<text x="${left + 4}" y="${y + barH - 3}" fill="#999">not measured</text>`);
        return;
      }
      out.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(v.median) - left)}" height="${barH}" fill="${s.color}"/>`);
      if (v.max > v.min) {
        const cy = y + barH / 2;
        out.push(`<path d="M${x(v.min)} ${cy}H${x(v.max)}M${x(v.min)} ${cy - 4}V${cy + 4}M${x(v.max)} ${cy - 4}V${cy + 4}" stroke="#111" stroke-width="1"/>`);
      }
      out.push(`<text x="${x(v.max) + 5}" y="${y + barH - 3}" fill="#111">${esc(Math.round(v.median).toLocaleString('en-US'))}</text>`);
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
