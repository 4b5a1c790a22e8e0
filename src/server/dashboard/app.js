// The taskframe dashboard: plain ES modules, no build step, talking to the /v1 API with the
// token the user typed (kept in sessionStorage: this tab only). Views poll once a second while
// open; a task's log tail is a server-sent event stream read with fetch (EventSource cannot
// send an Authorization header).

import { autoscalePanel } from './autoscale.js';

const STATES = ['blocked', 'scheduled', 'pending', 'running', 'waiting', 'retrying', 'succeeded', 'failed', 'cancelled', 'skipped'];
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);
const REFRESH_MS = 1000;

let token = sessionStorage.getItem('taskframe.token') || '';
let principal = null;
/** Cleanup for the current view (timers, streams). */
let teardown = [];

// ---- tiny DOM helper: never innerHTML with data ----
function h(tag, attrs = {}, ...children) {
  const el = tag === 'svg' || attrs.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'svg' || v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
const s = (tag, attrs = {}, ...children) => h(tag, { ...attrs, svg: true }, ...children);
const stateBadge = (st) => h('span', { class: `state state-${st}`, 'data-state': st, text: st });
const time = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
const json = (v) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

function flash(msg) {
  const el = document.getElementById('flash');
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(flash.t);
  flash.t = setTimeout(() => (el.hidden = true), 3000);
}

// ---- API ----
class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}
async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.status === 401) {
    signOut('Your token was refused; sign in again.');
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Reads a server-sent event stream with fetch; calls onEvent(type, data) until stopped. */
function sse(path, onEvent) {
  const ctrl = new AbortController();
  (async () => {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal });
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let type = 'message';
        let data = '';
        for (const line of chunk.split('\n')) {
          if (line.startsWith('event: ')) type = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) onEvent(type, JSON.parse(data));
      }
    }
  })().catch((err) => {
    if (err.name !== 'AbortError') console.warn('stream ended', err);
  });
  return () => ctrl.abort();
}

function every(ms, fn) {
  let stopped = false;
  let timer;
  const loop = async () => {
    try {
      await fn();
    } catch (err) {
      if (err.status !== 401) console.warn(err);
    }
    if (!stopped) timer = setTimeout(loop, ms);
  };
  loop();
  teardown.push(() => {
    stopped = true;
    clearTimeout(timer);
  });
}

// ---- auth ----
function signOut(message) {
  token = '';
  principal = null;
  sessionStorage.removeItem('taskframe.token');
  showLogin(message);
}

function showLogin(message = '') {
  for (const f of teardown) f();
  teardown = [];
  document.getElementById('view').replaceChildren();
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message;
  document.getElementById('token').focus();
}

async function signIn(candidate) {
  const res = await fetch('/v1/whoami', { headers: { authorization: `Bearer ${candidate}` } });
  if (!res.ok) throw new Error(res.status === 401 ? 'That token was refused.' : `Sign-in failed (HTTP ${res.status}).`);
  principal = await res.json();
  if (!principal.scopes.some((x) => x === 'admin' || x === 'producer')) throw new Error('This token cannot read tasks (it needs scope admin or producer).');
  token = candidate;
  sessionStorage.setItem('taskframe.token', token);
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = `${principal.name} (${principal.scopes.join(', ')})`;
  route();
}
const isAdmin = () => principal?.scopes.includes('admin');

// ---- views ----
function viewQueues(root) {
  const chart = h('canvas', { id: 'throughput', width: 1200, height: 160 });
  const tbody = h('tbody');
  root.append(
    h('div', { class: 'card' }, h('h2', { text: 'Throughput (tasks per second, last 2 minutes)' }), chart, h('div', { class: 'legend' }, legendItem('created', '#8e7cc3'), legendItem('succeeded', '#27ae60'), legendItem('failed', '#d64545'))),
    h('div', { class: 'card' }, h('h1', { text: 'Queues' }), h('table', { id: 'queues' }, h('thead', {}, h('tr', {}, h('th', { text: 'queue' }), ...STATES.map((st) => h('th', { text: st })), h('th', {}))), tbody)),
  );
  root.append(autoscalePanel({ h, api, every, refreshMs: REFRESH_MS }));
  const workersBody = h('tbody');
  root.append(h('div', { class: 'card' }, h('h2', { text: 'Remote workers (heard from within their lease)' }), h('table', { id: 'workers' }, h('thead', {}, h('tr', {}, ...['worker', 'queues', 'last seen'].map((x) => h('th', { text: x })))), workersBody)));
  every(REFRESH_MS, async () => {
    const [{ queues }, tp, { workers }] = await Promise.all([api('GET', '/v1/queues'), api('GET', '/v1/stats/throughput'), api('GET', '/v1/workers')]);
    workersBody.replaceChildren(...workers.map((w) => h('tr', {}, h('td', { text: w.workerId }), h('td', { text: w.queues.join(', ') }), h('td', { text: new Date(w.lastSeenAt).toLocaleTimeString() }))));
    if (workers.length === 0) workersBody.append(h('tr', {}, h('td', { colspan: 3, class: 'muted', text: 'None right now.' })));
    tbody.replaceChildren(
      ...queues.map((q) =>
        h(
          'tr',
          { 'data-queue': q.queue },
          h('td', {}, h('a', { href: `#/tasks?queue=${encodeURIComponent(q.queue)}`, text: q.queue }), q.paused ? h('span', { class: 'muted', text: ' (paused)' }) : null),
          ...STATES.map((st) => h('td', { class: 'num', 'data-count': st, text: q.counts[st] ?? 0 })),
          h(
            'td',
            {},
            isAdmin()
              ? h('button', {
                  class: 'secondary',
                  text: q.paused ? 'Resume' : 'Pause',
                  onclick: async () => {
                    await api('POST', `/v1/queues/${encodeURIComponent(q.queue)}/${q.paused ? 'resume' : 'pause'}`);
                    flash(`${q.queue} ${q.paused ? 'resumed' : 'paused'}`);
                  },
                })
              : null,
          ),
        ),
      ),
    );
    if (queues.length === 0) tbody.append(h('tr', {}, h('td', { colspan: STATES.length + 2, class: 'muted', text: 'No queues yet: enqueue a task.' })));
    drawThroughput(chart, tp.series);
  });
}

function legendItem(label, color) {
  return h('span', {}, h('span', { class: 'state', style: `background:${color}`, text: label }));
}

function drawThroughput(canvas, series) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const max = Math.max(1, ...series.flatMap((p) => [p[1], p[2], p[3]]));
  ctx.fillStyle = '#6b7385';
  ctx.font = '12px system-ui';
  ctx.fillText(`${max}/s`, 4, 12);
  const colors = ['#8e7cc3', '#27ae60', '#d64545'];
  for (let k = 1; k <= 3; k++) {
    ctx.strokeStyle = colors[k - 1];
    ctx.lineWidth = 2;
    ctx.beginPath();
    series.forEach((p, i) => {
      const x = (i / Math.max(1, series.length - 1)) * (W - 10) + 5;
      const y = H - 5 - (p[k] / max) * (H - 25);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}

function viewRuns(root, params) {
  const state = h('select', { id: 'run-state' }, h('option', { value: '', text: 'any state' }), ...['running', 'succeeded', 'failed', 'cancelled'].map((x) => h('option', { value: x, text: x })));
  state.value = params.get('state') || '';
  state.onchange = () => (location.hash = `#/runs${state.value ? `?state=${state.value}` : ''}`);
  const tbody = h('tbody');
  root.append(h('div', { class: 'card' }, h('h1', { text: 'Runs' }), h('div', { class: 'filters' }, state), h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ...['run', 'name', 'state', 'created', 'finished'].map((x) => h('th', { text: x })))), tbody)));
  every(REFRESH_MS * 2, async () => {
    const { runs } = await api('GET', `/v1/runs?limit=100${state.value ? `&state=${state.value}` : ''}`);
    tbody.replaceChildren(...runs.map((r) => h('tr', {}, h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(r.id)}`, text: r.id })), h('td', { text: r.name }), h('td', {}, stateBadge(r.state)), h('td', { text: time(r.createdAt) }), h('td', { text: time(r.finishedAt) }))));
    if (runs.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 5, class: 'muted', text: 'No runs.' })));
  });
}

/** Layered DAG layout: a task's layer is the longest dependency chain above it. */
function layout(tasks, edges) {
  const deps = new Map(tasks.map((t) => [t.id, []]));
  for (const e of edges) if (deps.has(e.to) && deps.has(e.from)) deps.get(e.to).push(e.from);
  const layer = new Map();
  const depth = (id, seen = new Set()) => {
    if (layer.has(id)) return layer.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(-1, ...deps.get(id).map((p) => depth(p, seen))) + 1;
    layer.set(id, d);
    return d;
  };
  tasks.forEach((t) => depth(t.id));
  const columns = [];
  for (const t of tasks) (columns[layer.get(t.id)] ??= []).push(t);
  const pos = new Map();
  const NW = 150, NH = 34, GX = 60, GY = 16;
  columns.forEach((col, x) => col.forEach((t, y) => pos.set(t.id, { x: 20 + x * (NW + GX), y: 20 + y * (NH + GY) })));
  const width = 40 + columns.length * (NW + GX);
  const height = 40 + Math.max(1, ...columns.map((c) => c.length)) * (NH + GY);
  return { pos, width, height, NW, NH };
}

function drawDag(svg, data) {
  const { pos, width, height, NW, NH } = layout(data.tasks, data.edges);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('height', Math.min(height, 700));
  const edges = data.edges.filter((e) => pos.has(e.from) && pos.has(e.to)).map((e) => {
    const a = pos.get(e.from), b = pos.get(e.to);
    const x1 = a.x + NW, y1 = a.y + NH / 2, x2 = b.x, y2 = b.y + NH / 2, mx = (x1 + x2) / 2;
    return s('path', { class: 'edge', d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, 'marker-end': 'url(#arrow)' });
  });
  const nodes = data.tasks.map((t) => {
    const p = pos.get(t.id);
    // A workflow task is drawn by its step (build, map[7]); other tasks by their name.
    const label = t.step ?? t.name;
    const color = getComputedStyle(document.documentElement).getPropertyValue(`--${t.state}`).trim() || '#888';
    return s(
      'g',
      { class: 'node', 'data-task': t.id, 'data-name': t.name, 'data-step': t.step ?? '', 'data-state': t.state, transform: `translate(${p.x},${p.y})`, onclick: () => (location.hash = `#/tasks/${t.id}`) },
      s('title', {}, `${label} #${t.id}: ${t.state}`),
      s('rect', { width: NW, height: NH, fill: color }),
      s('text', { x: 8, y: 14 }, label.length > 20 ? `${label.slice(0, 19)}…` : label),
      s('text', { x: 8, y: 28, 'font-size': 10 }, `${t.state} · #${t.id}`),
    );
  });
  const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#a7afbf' })));
  svg.replaceChildren(defs, ...edges, ...nodes);
}

function viewRun(root, id) {
  const head = h('div');
  const svg = s('svg', { class: 'dag', id: 'dag' });
  const counts = h('div', { class: 'legend', id: 'run-counts' });
  root.append(h('div', { class: 'card' }, head, counts, svg));
  every(REFRESH_MS, async () => {
    const data = await api('GET', `/v1/runs/${encodeURIComponent(id)}`);
    const cancel =
      isAdmin() && data.run.state === 'running'
        ? h('button', {
            id: 'cancel-run',
            class: 'danger',
            text: 'Cancel run',
            onclick: async () => {
              try {
                await api('POST', `/v1/runs/${encodeURIComponent(id)}/cancel`);
                flash(`run ${id} cancelled`);
              } catch (err) {
                flash(`cancel failed: ${err.message}`);
              }
            },
          })
        : null;
    head.replaceChildren(h('h1', {}, `Run ${data.run.name} `, stateBadge(data.run.state)), h('p', { class: 'muted', text: `${data.run.id} · created ${time(data.run.createdAt)}${data.truncated ? ' · graph truncated' : ''}` }), cancel);
    counts.replaceChildren(...Object.entries(data.counts).map(([st, n]) => h('span', {}, stateBadge(st), ` ${n}`)));
    drawDag(svg, data);
  });
}

function viewTasks(root, params) {
  const f = {
    state: h('select', { id: 'f-state' }, h('option', { value: '', text: 'any state' }), ...STATES.map((x) => h('option', { value: x, text: x }))),
    queue: h('input', { id: 'f-queue', placeholder: 'queue' }),
    name: h('input', { id: 'f-name', placeholder: 'task name' }),
    runId: h('input', { id: 'f-run', placeholder: 'run id' }),
  };
  for (const [k, el] of Object.entries(f)) el.value = params.get(k) || '';
  const apply = () => {
    const q = new URLSearchParams(Object.entries(f).filter(([, el]) => el.value).map(([k, el]) => [k, el.value]));
    location.hash = `#/tasks${q.size ? `?${q}` : ''}`;
  };
  const tbody = h('tbody');
  const more = h('button', { class: 'secondary', text: 'Older', hidden: true });
  root.append(
    h(
      'div',
      { class: 'card' },
      h('h1', { text: 'Tasks' }),
      h('form', { class: 'filters', onsubmit: (e) => (e.preventDefault(), apply()) }, f.state, f.queue, f.name, f.runId, h('button', { type: 'submit', text: 'Filter' })),
      h('table', { id: 'tasks' }, h('thead', {}, h('tr', {}, ...['id', 'name', 'queue', 'state', 'attempt', 'created', 'finished'].map((x) => h('th', { text: x })))), tbody),
      h('p', {}, more),
    ),
  );
  f.state.onchange = apply;
  const q = new URLSearchParams(Object.entries(f).filter(([, el]) => el.value).map(([k, el]) => [k, el.value]));
  q.set('limit', '50');
  if (params.get('cursor')) q.set('cursor', params.get('cursor'));
  every(REFRESH_MS * 2, async () => {
    const { tasks, nextCursor } = await api('GET', `/v1/tasks?${q}`);
    tbody.replaceChildren(
      ...tasks.map((t) =>
        h('tr', { 'data-task': t.id }, h('td', {}, h('a', { href: `#/tasks/${t.id}`, text: t.id })), h('td', { text: t.name }), h('td', { text: t.queue }), h('td', {}, stateBadge(t.state)), h('td', { class: 'num', text: `${t.attempt}/${t.maxAttempts}` }), h('td', { text: time(t.createdAt) }), h('td', { text: time(t.finishedAt) })),
      ),
    );
    if (tasks.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 7, class: 'muted', text: 'No tasks match.' })));
    more.hidden = !nextCursor;
    more.onclick = () => {
      const next = new URLSearchParams(q);
      next.delete('limit');
      next.set('cursor', nextCursor);
      location.hash = `#/tasks?${next}`;
    };
  });
}

function viewTask(root, id) {
  const head = h('div');
  const details = h('dl', { id: 'task-fields' });
  const payload = h('pre', { id: 'payload' });
  const result = h('pre', { id: 'result' });
  const error = h('pre', { id: 'error' });
  const events = h('tbody');
  const log = h('pre', { class: 'log', id: 'log' });
  const actions = h('div', { class: 'filters' });
  root.append(
    h('div', { class: 'card' }, head, actions, details),
    h('div', { class: 'grid2' }, h('div', { class: 'card' }, h('h2', { text: 'Payload' }), payload), h('div', { class: 'card' }, h('h2', { text: 'Result' }), result, h('h2', { text: 'Error', style: 'margin-top:10px' }), error)),
    h('div', { class: 'card' }, h('h2', { text: 'Log (live)' }), log),
    h('div', { class: 'card' }, h('h2', { text: 'Audit trail' }), h('table', { id: 'events' }, h('thead', {}, h('tr', {}, ...['at', 'event', 'attempt', 'worker', 'detail'].map((x) => h('th', { text: x })))), events)),
  );
  let lastState = null;
  const render = (t) => {
    head.replaceChildren(h('h1', {}, `${t.name} #${t.id} `, stateBadge(t.state)));
    const rows = [['queue', t.queue], ['attempt', `${t.attempt} of ${t.maxAttempts}`], ['priority', t.priority], ['run', t.runId], ['parent', t.parentId], ['key', t.key], ['worker', t.workerId], ['tags', t.tags.join(', ')], ['run at', time(t.runAt)], ['created', time(t.createdAt)], ['started', time(t.startedAt)], ['finished', time(t.finishedAt)], ['progress', t.progress === null ? null : JSON.stringify(t.progress)]];
    details.replaceChildren(...rows.filter(([, v]) => v !== null && v !== '' && v !== undefined).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, k === 'run' ? h('a', { href: `#/runs/${encodeURIComponent(v)}`, text: v }) : String(v))]));
    payload.textContent = json(t.payload);
    result.textContent = json(t.result);
    error.textContent = t.error ? [t.error.kind ? `${t.error.kind}: ` : '', t.error.message, t.error.stack ? `\n\n${t.error.stack}` : ''].join('') : '—';
    if (isAdmin() && t.state !== lastState) {
      actions.replaceChildren(
        h('button', { id: 'cancel', class: 'danger', text: 'Cancel', disabled: FINISHED.has(t.state), onclick: () => act('cancel') }),
        h('button', { id: 'retry', class: 'secondary', text: 'Retry', disabled: !['failed', 'cancelled', 'skipped'].includes(t.state), onclick: () => act('retry') }),
      );
    }
    lastState = t.state;
  };
  const act = async (what) => {
    try {
      render((await api('POST', `/v1/tasks/${id}/${what}`, what === 'cancel' ? { reason: 'cancelled from the dashboard' } : undefined)).task);
      flash(`task ${id}: ${what} done`);
    } catch (err) {
      flash(`${what} failed: ${err.message}`);
    }
  };
  every(REFRESH_MS, async () => {
    const [{ task }, ev] = await Promise.all([api('GET', `/v1/tasks/${id}`), api('GET', `/v1/tasks/${id}/events`)]);
    render(task);
    events.replaceChildren(...ev.events.map((e) => h('tr', {}, h('td', { text: time(e.at) }), h('td', { text: e.type }), h('td', { class: 'num', text: e.attempt }), h('td', { text: e.workerId ?? '' }), h('td', {}, e.detail ? h('code', { text: JSON.stringify(e.detail) }) : ''))));
  });
  // The log tail: one stream; when it ends (task finished) a new one starts if the task is retried.
  let stop = null;
  let after = '';
  const follow = () => {
    stop = sse(`/v1/tasks/${id}/logs?follow=true${after ? `&after=${after}` : ''}`, (type, data) => {
      if (type === 'log') {
        after = data.id;
        log.append(h('span', { class: data.stream, text: `${data.text}\n` }));
        log.scrollTop = log.scrollHeight;
      }
    });
  };
  follow();
  teardown.push(() => stop && stop());
}

// ---- router ----
function route() {
  if (!token) return showLogin();
  for (const f of teardown) f();
  teardown = [];
  const [path, query] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/queues').split('/').filter(Boolean);
  const root = document.getElementById('view');
  root.replaceChildren();
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === parts[0]));
  if (parts[0] === 'runs' && parts[1]) viewRun(root, decodeURIComponent(parts[1]));
  else if (parts[0] === 'runs') viewRuns(root, params);
  else if (parts[0] === 'tasks' && parts[1]) viewTask(root, parts[1]);
  else if (parts[0] === 'tasks') viewTasks(root, params);
  else viewQueues(root);
}

window.addEventListener('hashchange', route);
document.getElementById('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('token');
  try {
    await signIn(input.value.trim());
    input.value = '';
  } catch (err) {
    document.getElementById('login-error').textContent = err.message;
  }
});
document.getElementById('logout').addEventListener('click', () => signOut(''));
if (token) signIn(token).catch(() => signOut('Sign in again.'));
else showLogin();
