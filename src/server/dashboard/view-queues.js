// The queues view: totals, throughput on a time axis (store-wide, and per queue), every queue
// with its counts, backlog and oldest ready task (pause / resume, one or many, for admins), the
// workers with what they hold, how far each bus outbox and taskmaster is behind, and the
// autoscaler. Live from the stats stream (one event a second, computed once for every open
// page); charts keep a fixed window, so nothing grows.

import uPlot from './vendor/uplot.js';
import { autoscalePanel } from './autoscale.js';
import { TASK_STATES, api, confirmAction, duration, fill, flash, h, isAdmin, legendItem, num, timeCell } from './lib.js';

const SERIES = [
  ['created', '#7f6bb8', 1],
  ['succeeded', '#1f9d55', 2],
  ['failed', '#d64545', 3],
];
const QUEUE_COLORS = ['#2f80ed', '#1f9d55', '#e07b24', '#7f6bb8', '#d64545', '#3d9db3', '#c98f0f', '#6f6f6f'];
const PER_QUEUE_MAX = QUEUE_COLORS.length;

export function viewQueues(root, scope) {
  const tiles = h('div', { class: 'tiles', id: 'tiles' });
  const totalChart = h('div', { class: 'chart', id: 'throughput' });
  const queueChart = h('div', { class: 'chart', id: 'throughput-queues' });
  const metric = h('select', { id: 'queue-metric', 'aria-label': 'per-queue series' }, ...SERIES.map(([name]) => h('option', { value: name, text: name })));
  metric.value = 'succeeded';
  const queueLegend = h('div', { class: 'legend' });
  const tbody = h('tbody');
  const selected = new Set();
  const pauseSel = h('button', { id: 'pause-selected', class: 'secondary', text: 'Pause selected', disabled: true });
  const resumeSel = h('button', { id: 'resume-selected', class: 'secondary', text: 'Resume selected', disabled: true });
  const workersBody = h('tbody');
  const workersNote = h('p', { class: 'muted' });
  const followersBody = h('tbody');
  // Shown only where bridges or taskmaster rules follow the store's event feed.
  const followersCard = h(
    'div',
    { class: 'card', id: 'followers-card', hidden: true },
    h('h2', { text: 'Bus outboxes and taskmaster rules' }),
    h('p', { class: 'muted', text: 'How far each is behind the event feed: the age of the oldest event it has not read yet.' }),
    h('div', { class: 'table-wrap' }, h('table', { id: 'followers' }, h('thead', {}, h('tr', {}, ...['follower', 'behind by', 'state'].map((x) => h('th', { text: x })))), followersBody)),
  );
  root.append(
    tiles,
    h(
      'div',
      { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', { text: 'Throughput, all queues (tasks per second)' }), totalChart, h('div', { class: 'legend' }, ...SERIES.map(([n, c]) => legendItem(n, c)))),
      h('div', { class: 'card' }, h('h2', {}, 'Per queue: ', metric, ' per second'), queueChart, queueLegend),
    ),
    h(
      'div',
      { class: 'card' },
      h('h1', { text: 'Queues' }),
      isAdmin() ? h('div', { class: 'toolbar' }, pauseSel, resumeSel, h('span', { class: 'muted', text: 'A paused queue keeps its tasks; nothing is claimed from it until resumed.' })) : null,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'queues' },
          h('thead', {}, h('tr', {}, isAdmin() ? h('th', {}) : null, h('th', { text: 'queue' }), h('th', { class: 'num', text: 'backlog' }), h('th', { class: 'num', text: 'oldest wait' }), ...TASK_STATES.map((st) => h('th', { class: 'num', text: st })))),
          tbody,
        ),
      ),
    ),
    h(
      'div',
      { class: 'card' },
      h('h2', { text: 'Workers' }),
      workersNote,
      h('div', { class: 'table-wrap' }, h('table', { id: 'workers' }, h('thead', {}, h('tr', {}, ...['worker', 'kind', 'queues', 'holding', 'tasks it holds', 'last heard'].map((x) => h('th', { text: x })))), workersBody)),
    ),
    followersCard,
  );
  root.append(autoscalePanel({ h, api, every: (ms, fn) => scope.every(ms, fn), refreshMs: 2000 }));

  const charts = { total: null, queues: null, queueNames: '' };
  const width = (el) => Math.max(300, el.clientWidth);
  const axes = () => [
    { stroke: '#5f6779', grid: { stroke: '#eef0f4' } },
    { stroke: '#5f6779', grid: { stroke: '#eef0f4' }, size: 60, values: (_u, vals) => vals.map((v) => num(v)) },
  ];
  const opts = (el, series) => ({
    width: width(el),
    height: 200,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: axes(),
    series: [{}, ...series.map(([label, stroke]) => ({ label, stroke, width: 2, value: (_u, v) => (v === null ? '—' : num(v)) }))],
  });
  const resize = new ResizeObserver(() => {
    if (charts.total) charts.total.setSize({ width: width(totalChart), height: 200 });
    if (charts.queues) charts.queues.setSize({ width: width(queueChart), height: 200 });
  });
  resize.observe(totalChart);
  scope.add(() => {
    resize.disconnect();
    charts.total?.destroy();
    charts.queues?.destroy();
  });

  let last = null;
  const drawCharts = (full) => {
    // The window starts a little before the first activity (a server up for a minute does not
    // draw four empty ones), and shows at least a minute.
    const first = full.series.findIndex((p) => p[1] || p[2] || p[3]);
    const from = Math.min(first < 0 ? full.series.length : Math.max(0, first - 10), full.series.length - 60);
    const cut = (pts) => pts.slice(Math.max(0, from));
    const tp = { series: cut(full.series), queues: Object.fromEntries(Object.entries(full.queues ?? {}).map(([q, pts]) => [q, cut(pts)])) };
    const xs = tp.series.map((p) => p[0]);
    const totalData = [xs, ...SERIES.map(([, , i]) => tp.series.map((p) => p[i]))];
    if (!charts.total) charts.total = new uPlot(opts(totalChart, SERIES), totalData, totalChart);
    else charts.total.setData(totalData);
    const idx = SERIES.find(([n]) => n === metric.value)[2];
    // The busiest queues of the window get a line each.
    const names = Object.entries(tp.queues ?? {})
      .map(([q, pts]) => [q, pts.reduce((a, p) => a + p[idx], 0)])
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, PER_QUEUE_MAX)
      .map(([q]) => q)
      .sort();
    const data = [xs, ...names.map((q) => tp.queues[q].map((p) => p[idx]))];
    const key = `${metric.value}:${names.join(',')}`;
    if (charts.queueNames !== key) {
      charts.queues?.destroy();
      fill(queueChart, );
      charts.queues = new uPlot(opts(queueChart, names.map((q, i) => [q, QUEUE_COLORS[i]])), data, queueChart);
      charts.queueNames = key;
      fill(queueLegend, ...(names.length ? names.map((q, i) => legendItem(q, QUEUE_COLORS[i])) : [h('span', { class: 'muted', text: 'No task finished or created in the window.' })]));
    } else charts.queues.setData(data);
  };
  metric.onchange = () => last && drawCharts(last.throughput);

  const updateSelectionButtons = () => {
    pauseSel.disabled = resumeSel.disabled = selected.size === 0;
    pauseSel.textContent = `Pause selected (${num(selected.size)})`;
    resumeSel.textContent = `Resume selected (${num(selected.size)})`;
  };
  const act = async (action, queues) => {
    const list = [...queues];
    if (!(await confirmAction(`${action === 'pause' ? 'Pause' : 'Resume'} ${num(list.length)} queue${list.length === 1 ? '' : 's'}?`, list.join(', '), action === 'pause' ? 'Pause' : 'Resume', action === 'pause'))) return;
    const results = await Promise.allSettled(list.map((q) => api('POST', `/v1/queues/${encodeURIComponent(q)}/${action}`, { reason: 'from the console' })));
    const failed = results.filter((r) => r.status === 'rejected');
    flash(failed.length ? `${action} failed for ${failed.length}: ${failed[0].reason.message}` : `${list.join(', ')} ${action}d`, failed.length ? 'error' : 'info');
    selected.clear();
    updateSelectionButtons();
  };
  pauseSel.onclick = () => act('pause', selected);
  resumeSel.onclick = () => act('resume', selected);

  const render = (st) => {
    last = st;
    const total = (k) => st.queues.reduce((a, q) => a + (k === 'backlog' ? q.backlog : q.counts[k] ?? 0), 0);
    const oldest = Math.max(0, ...st.queues.map((q) => q.oldestWaitMs));
    const lastMinute = st.throughput.series.slice(-60);
    const perMin = (i) => lastMinute.reduce((a, p) => a + p[i], 0);
    fill(tiles, 
      ...[
        ['backlog', num(total('backlog')), 'tasks ready now'],
        ['running', num(total('running')), 'tasks running'],
        ['oldest', duration(oldest), 'oldest ready task waited'],
        ['done', num(perMin(2)), 'succeeded in the last minute'],
        ['failed', num(perMin(3)), 'failed in the last minute'],
        ['workers', num(st.workers.length), 'workers holding or heard from'],
      ].map(([id, v, k]) => h('div', { class: 'tile', 'data-tile': id }, h('div', { class: 'v', text: v }), h('div', { class: 'k', text: k }))),
    );
    drawCharts(st.throughput);
    fill(tbody, 
      ...st.queues.map((q) =>
        h(
          'tr',
          { 'data-queue': q.queue },
          isAdmin()
            ? h('td', {}, h('input', {
                type: 'checkbox',
                'aria-label': `select ${q.queue}`,
                checked: selected.has(q.queue),
                onchange: (e) => {
                  if (e.target.checked) selected.add(q.queue);
                  else selected.delete(q.queue);
                  updateSelectionButtons();
                },
              }))
            : null,
          h('td', {}, h('a', { href: `#/tasks?queue=${encodeURIComponent(q.queue)}`, text: q.queue }), q.paused ? h('span', { class: 'state state-blocked', title: 'paused: nothing is claimed', text: ' ⏸ paused' }) : null),
          h('td', { class: 'num', 'data-backlog': q.backlog, text: num(q.backlog) }),
          h('td', { class: 'num', title: q.oldestReadyAt ?? '', text: q.backlog ? duration(q.oldestWaitMs) : '—' }),
          ...TASK_STATES.map((st2) => {
            const n = q.counts[st2] ?? 0;
            return h('td', { class: `num${n ? '' : ' zero'}`, 'data-count': st2 }, n ? h('a', { href: `#/tasks?queue=${encodeURIComponent(q.queue)}&state=${st2}`, text: num(n) }) : '0');
          }),
        ),
      ),
    );
    if (st.queues.length === 0) tbody.append(h('tr', {}, h('td', { colspan: TASK_STATES.length + 4, class: 'muted', text: 'No queues yet: enqueue a task.' })));
    workersNote.textContent = st.workersTruncated ? 'More tasks run than were read; holdings are partial.' : 'Remote workers are those this server heard from over HTTP; others show while they hold a task.';
    fill(workersBody, 
      ...st.workers.map((w) =>
        h(
          'tr',
          { 'data-worker': w.workerId },
          h('td', {}, h('code', { text: w.workerId })),
          h('td', { text: w.remote ? 'remote (HTTP)' : 'on the store' }),
          h('td', { text: w.queues.join(', ') }),
          h('td', { class: 'num', text: num(w.holding) }),
          h('td', {}, ...w.tasks.flatMap((t, i) => [i ? ', ' : '', h('a', { href: `#/tasks/${t.id}`, text: `${t.step ?? t.name} #${t.id}` })]), w.holding > w.tasks.length ? ` … +${num(w.holding - w.tasks.length)}` : ''),
          timeCell(w.lastSeenAt),
        ),
      ),
    );
    if (st.workers.length === 0) workersBody.append(h('tr', {}, h('td', { colspan: 6, class: 'muted', text: 'No worker holds a task or was heard from.' })));
    const followers = st.followers ?? [];
    followersCard.hidden = followers.length === 0;
    fill(followersBody,
      ...followers.map((f) => {
        const stuck = f.lagSeconds === null;
        const state = stuck ? 'stuck: its cursor is not a place in this feed (kept from another database?)' : f.lagSeconds === 0 ? 'caught up' : 'behind';
        return h(
          'tr',
          { 'data-follower': f.follower },
          h('td', {}, h('code', { text: f.follower })),
          h('td', { class: 'num', 'data-lag': stuck ? '' : f.lagSeconds, text: stuck ? '—' : duration(f.lagSeconds * 1000) }),
          h('td', {}, h('span', { class: stuck ? 'state state-failed' : f.lagSeconds === 0 ? 'state state-succeeded' : 'state state-retrying', text: state })),
        );
      }),
    );
  };
  scope.sse('/v1/stats/stream', { stats: render });
}
