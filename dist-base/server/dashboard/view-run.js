// One run: its state, inputs, outputs and error (the failed steps named and linked); its graph of
// steps (laid out by dagre; a foreach's items and a task's subtasks drawn as one node); and every
// step as a row of a collapsible tree with state, attempt, duration, result and a timeline bar
// per attempt. The tree is virtual (only rows in view are in the page), so a 10,000-item foreach
// opens as fast as a diamond. It reads the run's timeline (lean entries, no payloads) and then
// follows the run's stream: changed tasks are patched in place.

import dagre from './vendor/dagre.js';
import { fill, FINISHED, GLYPH, TASK_STATES, api, badge, confirmAction, duration, errorView, flash, h, isAdmin, jsonBlock, messageCard, ms, num, s, stateColor, when } from './lib.js';

const ROW_H = 26;
const HEAD_H = 28;
/** Groups and subtrees larger than this start collapsed. */
const OPEN_MAX = 20;
/** A group's state: the first of these any member is in. */
const GROUP_ORDER = ['running', 'waiting', 'retrying', 'pending', 'scheduled', 'blocked', 'failed', 'cancelled', 'skipped', 'succeeded'];
const OUTCOME_COLOR = { succeeded: 'succeeded', failed: 'failed', timed_out: 'failed', retry_scheduled: 'retrying', lease_expired: 'blocked', cancelled: 'cancelled', unclaimed: 'blocked', waiting: 'waiting', skipped: 'skipped' };

const baseOf = (t) => (t.step ?? t.name).replace(/\[\d+\]$/, '');
const indexed = (t) => t.step !== null && /\[\d+\]$/.test(t.step);
const labelOf = (t) => t.step ?? t.name;

export function viewRun(root, scope, runId) {
  const head = h('div', { class: 'card', id: 'run-head' }, h('p', { class: 'muted', text: `Loading run ${runId}…` }));
  const problem = h('div', { id: 'run-error' });
  const io = h('div', { class: 'grid2', id: 'run-io' });
  const svg = s('svg', { class: 'dag', id: 'dag', role: 'img', 'aria-label': 'graph of the run' });
  const counts = h('div', { class: 'legend', id: 'run-counts' });
  const tree = h('div', { class: 'tree', id: 'steps', role: 'tree' });
  const body = h(
    'div',
    { hidden: true },
    problem,
    io,
    h('div', { class: 'card' }, h('h2', { text: 'Graph' }), counts, h('div', { class: 'graph-wrap' }, svg)),
    h('div', { class: 'card' }, h('h2', { text: 'Steps and timeline' }), h('p', { class: 'muted', text: 'Each bar is an attempt, from claim to outcome (grey: waiting to be claimed). Click a step to open it.' }), tree),
  );
  root.append(head, body);

  const st = {
    run: null,
    tasks: new Map(),
    edges: [],
    open: new Set(),
    closed: new Set(),
    structure: null,
    graphKey: '',
    loaded: false,
    buffered: [],
    frame: 0,
    truncated: false,
  };

  // ---- model ----
  const buildStructure = () => {
    const children = new Map();
    const roots = [];
    for (const t of [...st.tasks.values()].sort((a, b) => Number(a.id) - Number(b.id))) {
      if (t.parentId && st.tasks.has(t.parentId)) {
        let c = children.get(t.parentId);
        if (!c) children.set(t.parentId, (c = []));
        c.push(t.id);
      } else roots.push(t.id);
    }
    st.structure = { children, units: groupUnits(roots, '') };
  };
  /** Items of a foreach (`map[0]`, `map[1]` …) side by side become one group; other tasks stand alone. */
  const groupUnits = (ids, prefix) => {
    const units = [];
    const groups = new Map();
    for (const id of ids) {
      const t = st.tasks.get(id);
      if (indexed(t)) {
        const key = `${prefix}g:${baseOf(t)}`;
        let g = groups.get(key);
        if (!g) {
          groups.set(key, (g = { kind: 'group', key, label: `${baseOf(t)}[…]`, base: baseOf(t), ids: [] }));
          units.push(g);
        }
        g.ids.push(id);
      } else units.push({ kind: 'task', key: `t:${id}`, id });
    }
    // A "group" of one is just that task.
    return units.map((u) => (u.kind === 'group' && u.ids.length === 1 ? { kind: 'task', key: `t:${u.ids[0]}`, id: u.ids[0] } : u));
  };
  const isOpen = (key, size) => (st.open.has(key) ? true : st.closed.has(key) ? false : size <= OPEN_MAX);
  const toggle = (key, size) => {
    if (isOpen(key, size)) (st.closed.add(key), st.open.delete(key));
    else (st.open.add(key), st.closed.delete(key));
    renderTree(true);
  };
  /** The rows the tree shows now, depth first. */
  const flatten = () => {
    const out = [];
    const addTask = (id, depth) => {
      const kids = st.structure.children.get(id) ?? [];
      out.push({ kind: 'task', id, depth, key: `t:${id}`, size: kids.length });
      if (kids.length && isOpen(`t:${id}`, kids.length)) addUnits(groupUnits(kids, `${id}/`), depth + 1);
    };
    const addUnits = (units, depth) => {
      for (const u of units) {
        if (u.kind === 'task') addTask(u.id, depth);
        else {
          out.push({ ...u, depth, size: u.ids.length });
          if (isOpen(u.key, u.ids.length)) for (const id of u.ids) addTask(id, depth + 1);
        }
      }
    };
    addUnits(st.structure.units, 0);
    return out;
  };
  const groupState = (ids) => {
    const c = {};
    for (const id of ids) {
      const t = st.tasks.get(id);
      c[t.state] = (c[t.state] ?? 0) + 1;
    }
    return { counts: c, state: GROUP_ORDER.find((x) => c[x]) ?? 'pending' };
  };
  /** Every task under a unit (a group's items, a task's subtree), for its summary. */
  const descendants = (ids) => {
    const out = [];
    const stack = [...ids];
    while (stack.length) {
      const id = stack.pop();
      out.push(id);
      for (const k of st.structure.children.get(id) ?? []) stack.push(k);
    }
    return out;
  };

  // ---- header, error, inputs / outputs ----
  const renderHead = () => {
    const run = st.run;
    const cancel =
      isAdmin() && run.state === 'running'
        ? h('button', {
            id: 'cancel-run',
            class: 'danger small',
            text: 'Cancel run',
            onclick: async () => {
              if (!(await confirmAction(`Cancel run ${run.id}?`, 'The run and every unfinished task in it are cancelled; running commands are stopped.', 'Cancel run', true))) return;
              try {
                await api('POST', `/v1/runs/${encodeURIComponent(run.id)}/cancel`, { reason: 'cancelled from the console' });
                flash(`run ${run.id} cancelled`);
              } catch (err) {
                flash(`cancel failed: ${err.message}`, 'error');
              }
            },
          })
        : null;
    const took = (ms(run.finishedAt) ?? (run.state === 'running' ? Date.now() : null)) - ms(run.createdAt);
    fill(head, 
      h('h1', {}, h('span', { id: 'run-name', text: run.name }), badge(run.state), cancel),
      h('dl', { id: 'run-fields' }, ...[
        ['run', run.id],
        ['created', when(run.createdAt)],
        ['finished', when(run.finishedAt)],
        ['took', duration(took)],
        ['trigger', run.trigger ?? '—'],
      ].flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
      st.truncated ? h('p', { class: 'note', text: 'This run has more tasks than the console reads at once; the rest are not shown.' }) : null,
    );
    if (run.error) {
      const failed = Array.isArray(run.error.tasks) ? run.error.tasks : [];
      const { tasks: _t, ...err } = run.error;
      fill(problem, 
        h(
          'div',
          { class: 'card message', role: 'alert' },
          h('h2', { text: run.state === 'cancelled' ? 'Cancelled' : 'Why the run failed' }),
          errorView(err, { id: 'run-error-view' }),
          failed.length
            ? h('div', {}, h('h3', { text: failed.length === 1 ? 'Failed step' : 'Failed steps' }), h('ul', { id: 'failed-steps' }, ...failed.slice(0, 20).map((f) =>
                h('li', { 'data-task': f.id }, h('a', { href: `#/tasks/${f.id}`, text: f.task }), ` #${f.id} `, badge(f.state ?? 'failed'), ' ', h('span', { class: 'error', text: f.error?.message ?? '' })),
              )))
            : null,
        ),
      );
    } else fill(problem, );
    fill(io, 
      h('div', { class: 'card' }, h('h2', { text: 'Inputs' }), jsonBlock(isEmpty(run.inputs) ? null : run.inputs, { id: 'run-inputs' })),
      h('div', { class: 'card' }, h('h2', { text: 'Outputs' }), run.state === 'running' ? h('p', { class: 'muted none', id: 'run-outputs', text: 'not yet: the run is still going' }) : jsonBlock(run.outputs, { id: 'run-outputs' })),
    );
  };

  // ---- graph ----
  const unitSummary = (u) => {
    if (u.kind === 'task') {
      const t = st.tasks.get(u.id);
      const kids = descendants(st.structure.children.get(u.id) ?? []);
      const ds = kids.length ? `${num(kids.length)} subtasks` : null;
      return { state: t.state, label: labelOf(t), sub: [`${GLYPH[t.state]} ${t.state}`, t.attempt > 1 ? `attempt ${t.attempt}/${t.maxAttempts}` : null, duration(taskTook(t)), ds].filter(Boolean).join(' · ') };
    }
    const { counts, state } = groupState(descendants(u.ids));
    const parts = TASK_STATES.filter((x) => counts[x]).map((x) => `${num(counts[x])} ${GLYPH[x]}`);
    return { state, label: `${u.base} ×${num(u.ids.length)}`, sub: parts.join(' ') };
  };
  const NW = 220;
  const NH = 46;
  const drawGraph = () => {
    const units = st.structure.units;
    const unitOf = new Map();
    const mark = (id, key) => {
      unitOf.set(id, key);
      for (const k of st.structure.children.get(id) ?? []) mark(k, key);
    };
    for (const u of units) for (const id of u.kind === 'task' ? [u.id] : u.ids) mark(id, u.key);
    const edgeKeys = new Set();
    for (const e of st.edges) {
      const a = unitOf.get(e.from);
      const b = unitOf.get(e.to);
      if (a && b && a !== b) edgeKeys.add(`${a}\u0000${b}`);
    }
    const key = `${units.map((u) => u.key).join(',')}|${[...edgeKeys].join(',')}`;
    if (key !== st.graphKey) {
      st.graphKey = key;
      const g = new dagre.graphlib.Graph();
      g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 48, marginx: 12, marginy: 12 });
      g.setDefaultEdgeLabel(() => ({}));
      for (const u of units) g.setNode(u.key, { width: NW, height: NH });
      for (const k of edgeKeys) {
        const [a, b] = k.split('\u0000');
        g.setEdge(a, b);
      }
      dagre.layout(g);
      const { width, height } = g.graph();
      svg.setAttribute('width', Math.max(width, 200));
      svg.setAttribute('height', Math.max(height, 60));
      svg.setAttribute('viewBox', `0 0 ${Math.max(width, 200)} ${Math.max(height, 60)}`);
      const edges = g.edges().map((e) => {
        const pts = g.edge(e).points;
        return s('path', { class: 'edge', d: `M${pts.map((p) => `${p.x},${p.y}`).join(' L')}`, 'marker-end': 'url(#arrow)' });
      });
      const nodes = units.map((u) => {
        const n = g.node(u.key);
        const task = u.kind === 'task' ? st.tasks.get(u.id) : null;
        const open = () => {
          if (task) location.hash = `#/tasks/${task.id}`;
          else {
            st.open.add(u.key);
            st.closed.delete(u.key);
            renderTree(true);
            tree.querySelector(`[data-key="${CSS.escape(u.key)}"]`)?.scrollIntoView({ block: 'nearest' });
          }
        };
        return s(
          'g',
          { class: 'node', tabindex: 0, role: 'link', 'data-key': u.key, 'data-task': task?.id, 'data-name': task?.name, 'data-step': task ? task.step ?? '' : u.base, 'data-group': task ? undefined : String(u.ids.length), transform: `translate(${n.x - NW / 2},${n.y - NH / 2})`, onclick: open, onkeydown: (e) => e.key === 'Enter' && open() },
          s('title', {}),
          s('rect', { class: 'box', width: NW, height: NH, rx: 6 }),
          s('rect', { class: 'bar', width: 6, height: NH, rx: 2 }),
          s('text', { class: 'label', x: 14, y: 19 }),
          s('text', { class: 'sub', x: 14, y: 36 }),
        );
      });
      const defs = s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#a7afbf' })));
      fill(svg, defs, ...edges, ...nodes);
    }
    // States change far more often than the shape: only texts and colours are touched.
    for (const u of units) {
      const el = svg.querySelector(`g.node[data-key="${CSS.escape(u.key)}"]`);
      if (!el) continue;
      const sum = unitSummary(u);
      const color = stateColor(sum.state);
      el.setAttribute('data-state', sum.state);
      el.querySelector('rect.box').setAttribute('stroke', color);
      el.querySelector('rect.bar').setAttribute('fill', color);
      el.querySelector('text.label').textContent = sum.label.length > 28 ? `${sum.label.slice(0, 27)}…` : sum.label;
      el.querySelector('text.sub').textContent = sum.sub.length > 38 ? `${sum.sub.slice(0, 37)}…` : sum.sub;
      el.querySelector('title').textContent = `${sum.label}: ${sum.state}${u.kind === 'task' ? ` (#${u.id})` : ''} — ${sum.sub}`;
    }
    const c = {};
    for (const t of st.tasks.values()) c[t.state] = (c[t.state] ?? 0) + 1;
    fill(counts, ...TASK_STATES.filter((x) => c[x]).map((x) => h('span', { 'data-count': x }, badge(x), ` ${num(c[x])}`)), h('span', { class: 'muted', text: `${num(st.tasks.size)} tasks` }));
  };

  // ---- tree + timeline ----
  let rows = [];
  const spacer = h('div', { class: 'spacer' });
  const header = h('div', { class: 'head' }, h('span', { text: 'step' }), h('span', { text: 'state' }), h('span', { text: 'attempt' }), h('span', { text: 'took' }), h('span', { text: 'result' }), h('div', { class: 'axis' }));
  tree.append(header, spacer);
  const rendered = new Map();
  const span = () => {
    let t0 = ms(st.run.createdAt);
    let t1 = ms(st.run.finishedAt) ?? 0;
    for (const t of st.tasks.values()) {
      t0 = Math.min(t0, ms(t.createdAt));
      t1 = Math.max(t1, ms(t.finishedAt) ?? (FINISHED.has(t.state) ? 0 : Date.now()));
    }
    if (st.run.state === 'running') t1 = Math.max(t1, Date.now());
    return [t0, Math.max(t1, t0 + 1)];
  };
  const renderAxis = ([t0, t1]) => {
    const axis = header.querySelector('.axis');
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => h('span', { class: 'tick', style: `left:${f * 96}%`, text: f === 0 ? when(new Date(t0).toISOString()).slice(11) : `+${duration((t1 - t0) * f)}` }));
    fill(axis, ...ticks);
  };
  const bar = (cell, a, b, color, cls = 'span', title = '') => {
    const [t0, t1] = cell.range;
    const left = ((a - t0) / (t1 - t0)) * 100;
    const width = Math.max(0.15, ((b - a) / (t1 - t0)) * 100);
    cell.append(h('span', { class: cls, style: `left:${left.toFixed(3)}%;width:${width.toFixed(3)}%;${color ? `background:${color}` : ''}`, title }));
  };
  const rowEl = (r, i, range) => {
    const top = HEAD_H + i * ROW_H;
    const indent = `padding-left:${6 + r.depth * 16}px`;
    const cell = h('div', { class: 'bar-cell' });
    cell.range = range;
    if (r.kind === 'group') {
      const all = descendants(r.ids);
      const { counts: c, state } = groupState(all);
      let a = Infinity;
      let b = 0;
      for (const id of all) {
        const t = st.tasks.get(id);
        a = Math.min(a, ms(t.startedAt) ?? Infinity);
        b = Math.max(b, ms(t.finishedAt) ?? (t.startedAt && !FINISHED.has(t.state) ? Date.now() : 0));
      }
      if (a !== Infinity && b > a) bar(cell, a, b, stateColor(state), 'span', `${r.base}: first start to last end`);
      return h(
        'div',
        { class: 'row group', role: 'treeitem', 'aria-expanded': String(isOpen(r.key, r.size)), 'data-key': r.key, 'data-step': r.base, 'data-state': state, style: `top:${top}px` },
        h('span', { style: indent }, h('button', { class: 'toggle', 'aria-label': isOpen(r.key, r.size) ? 'collapse' : 'expand', text: isOpen(r.key, r.size) ? '▾' : '▸', onclick: () => toggle(r.key, r.size) }), `${r.label} `, h('span', { class: 'muted', text: `${num(r.size)} items` })),
        h('span', {}, badge(state)),
        h('span', { class: 'muted', text: '' }),
        h('span', { text: '' }),
        h('span', { class: 'muted', text: TASK_STATES.filter((x) => c[x]).map((x) => `${num(c[x])} ${GLYPH[x]} ${x}`).join(', ') }),
        cell,
      );
    }
    const t = st.tasks.get(r.id);
    const attempts = t.attempts;
    const created = ms(t.createdAt);
    const firstStart = attempts?.[0] ? ms(attempts[0].startedAt) : ms(t.startedAt);
    const live = !FINISHED.has(t.state);
    if (firstStart !== null && firstStart > created) bar(cell, created, firstStart, null, 'span queued', 'waiting to be claimed');
    else if (firstStart === null && live) bar(cell, created, Date.now(), null, 'span queued', `${t.state}: not started`);
    if (attempts?.length) {
      for (const a of attempts) {
        const end = ms(a.endedAt) ?? (live ? Date.now() : ms(t.finishedAt) ?? Date.now());
        bar(cell, ms(a.startedAt), end, stateColor(a.outcome ? OUTCOME_COLOR[a.outcome] ?? t.state : 'running'), 'span', `attempt ${a.attempt}: ${a.outcome ?? 'running'} (${duration(end - ms(a.startedAt))})${a.workerId ? ` on ${a.workerId}` : ''}`);
      }
    } else if (t.startedAt) {
      bar(cell, ms(t.startedAt), ms(t.finishedAt) ?? Date.now(), stateColor(t.state), 'span', `${t.state} (${duration(taskTook(t))})`);
    }
    const kids = r.size;
    const result = t.error ? h('span', { class: 'error', title: t.error.message, text: t.error.message || t.error.kind || 'error' }) : t.resultPreview !== null ? h('code', { title: t.resultPreview, text: t.resultPreview }) : h('span', { class: 'muted', text: '' });
    return h(
      'div',
      { class: 'row', role: 'treeitem', 'aria-expanded': kids ? String(isOpen(r.key, kids)) : undefined, 'data-key': r.key, 'data-task': t.id, 'data-step': t.step ?? '', 'data-state': t.state, style: `top:${top}px` },
      h('span', { style: indent }, kids ? h('button', { class: 'toggle', 'aria-label': isOpen(r.key, kids) ? 'collapse' : 'expand', text: isOpen(r.key, kids) ? '▾' : '▸', onclick: () => toggle(r.key, kids) }) : h('span', { class: 'toggle' }), h('a', { href: `#/tasks/${t.id}`, text: labelOf(t) }), kids ? h('span', { class: 'muted', text: ` +${num(kids)}` }) : null),
      h('span', {}, badge(t.state)),
      h('span', { class: 'num', text: `${t.attempt}/${t.maxAttempts}` }),
      h('span', { class: 'num', text: duration(taskTook(t)) }),
      result,
      cell,
    );
  };
  /** Puts the rows in view (and a margin) in the page; `rebuild` after the shape changed. */
  const renderTree = (rebuild = false) => {
    if (rebuild || !rows.length) rows = flatten();
    spacer.style.height = `${HEAD_H + rows.length * ROW_H}px`;
    const range = span();
    renderAxis(range);
    const first = Math.max(0, Math.floor(tree.scrollTop / ROW_H) - 10);
    const last = Math.min(rows.length, first + Math.ceil((tree.clientHeight || 600) / ROW_H) + 20);
    for (const el of rendered.values()) el.remove();
    rendered.clear();
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      const el = rowEl(rows[i], i, range);
      rendered.set(i, el);
      frag.append(el);
    }
    tree.append(frag);
    tree.style.height = `${Math.min(620, HEAD_H + rows.length * ROW_H + 2)}px`;
  };
  let scrollPending = false;
  tree.addEventListener('scroll', () => {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(() => {
      scrollPending = false;
      renderTree(false);
    });
  });

  // ---- loading and live updates ----
  const schedule = (structural) => {
    if (structural) st.dirtyStructure = true;
    if (st.frame) return;
    st.frame = requestAnimationFrame(() => {
      st.frame = 0;
      if (st.dirtyStructure) buildStructure();
      renderHead();
      drawGraph();
      renderTree(Boolean(st.dirtyStructure));
      st.dirtyStructure = false;
    });
  };
  scope.add(() => st.frame && cancelAnimationFrame(st.frame));
  /** Timeline entries of changed tasks replace what the view had of them. */
  const applyTasks = (entries) => {
    let structural = false;
    for (const e of entries) {
      st.onStreamed?.(e.id);
      const prev = st.tasks.get(e.id);
      if (!prev || prev.parentId !== e.parentId) structural = true;
      st.tasks.set(e.id, e);
    }
    schedule(structural);
  };
  const notFound = (err) => {
    scope.close();
    fill(root, 
      messageCard(err.status === 404 ? 'No such run' : 'The run could not be read', err.status === 404 ? `There is no run “${runId}”. It may never have existed, or retention removed it.` : err.message, h('a', { href: '#/runs', text: 'See all runs' })),
    );
  };
  /**
   * The steps first, without their attempts (no audit trail to read: a large run is drawn
   * sooner), then the attempts; an entry the stream sent meanwhile is newer and is kept.
   */
  const load = async () => {
    let data;
    try {
      data = await api('GET', `/v1/runs/${encodeURIComponent(runId)}/timeline?attempts=false`);
    } catch (err) {
      return notFound(err);
    }
    st.run = data.run;
    st.edges = data.edges;
    st.truncated = data.truncated;
    for (const e of data.tasks) st.tasks.set(e.id, e);
    st.loaded = true;
    const streamed = new Set();
    for (const u of st.buffered.splice(0)) u();
    buildStructure();
    body.hidden = false;
    renderHead();
    drawGraph();
    renderTree(true);
    st.onStreamed = (id) => streamed.add(id);
    try {
      const full = await api('GET', `/v1/runs/${encodeURIComponent(runId)}/timeline`);
      for (const e of full.tasks) if (!streamed.has(e.id)) st.tasks.set(e.id, e);
      st.edges = full.edges;
      schedule(false);
    } catch (err) {
      console.warn('attempts could not be read', err.message);
    } finally {
      st.onStreamed = null;
    }
  };
  scope.sse(`/v1/runs/${encodeURIComponent(runId)}/stream`, {
    ready: () => void load(),
    error: notFound,
    tasks: (d) => (st.loaded ? applyTasks(d.timeline) : st.buffered.push(() => applyTasks(d.timeline))),
    run: (d) => {
      const apply = () => {
        st.run = d.run;
        schedule(false);
      };
      if (st.loaded) apply();
      else st.buffered.push(apply);
    },
  });
  // Running bars grow with the clock.
  scope.every(2000, () => {
    if (st.loaded && st.run.state === 'running') schedule(false);
  });
}

function taskTook(t) {
  const a = ms(t.startedAt);
  if (a === null) return null;
  return (ms(t.finishedAt) ?? (FINISHED.has(t.state) ? a : Date.now())) - a;
}

function isEmpty(v) {
  return v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}
