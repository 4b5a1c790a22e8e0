// The tasks list: search by state, queue, name (or prefix*), run, tag, payload field and creation
// time; select tasks (or take every match) and retry or cancel them in bulk, after a confirmation,
// with an answer per task. Bulk actions need an admin token; for others they are shown disabled
// with the reason. The list reloads when the store's counts move, unless tasks are selected.

import { fill, TASK_STATES, ApiError, api, badge, confirmAction, duration, h, hashParams, isAdmin, messageCard, num, timeCell, took } from './lib.js';
import { searchForm, searchStatus } from './search-form.js';

const FILTERS = ['state', 'queue', 'name', 'runId', 'parentId', 'tag', 'payload', 'createdAfter', 'createdBefore'];
const PAGE = 50;
const BULK_MAX = 1000;

export function viewTasks(root, scope, params) {
  const filter = hashParams(params, FILTERS);
  const form = searchForm('#/tasks', params, [
    { key: 'state', label: 'state', type: 'select', placeholder: 'any state', options: TASK_STATES },
    { key: 'queue', label: 'queue', placeholder: 'queue' },
    { key: 'name', label: 'name', placeholder: 'name or prefix*' },
    { key: 'tag', label: 'tag', placeholder: 'tag' },
    { key: 'payload', label: 'payload field', placeholder: 'customer.id=42', wide: true },
    { key: 'runId', label: 'run', placeholder: 'run id' },
    { key: 'createdAfter', label: 'created from', type: 'datetime' },
    { key: 'createdBefore', label: 'created before', type: 'datetime' },
  ]);
  const results = h('div', { id: 'results' });
  const selected = new Set();
  const bulkResult = h('div', { id: 'bulk-result' });
  const buttons = {
    retrySel: h('button', { id: 'bulk-retry', text: 'Retry selected', disabled: true }),
    cancelSel: h('button', { id: 'bulk-cancel', class: 'danger', text: 'Cancel selected', disabled: true }),
    retryAll: h('button', { id: 'bulk-retry-matching', class: 'secondary', text: 'Retry all matching' }),
    cancelAll: h('button', { id: 'bulk-cancel-matching', class: 'secondary', text: 'Cancel all matching' }),
  };
  const admin = isAdmin();
  if (!admin) for (const b of Object.values(buttons)) (b.disabled = true), (b.title = 'needs an admin token');
  const toolbar = h(
    'div',
    { class: 'toolbar', id: 'bulk' },
    ...Object.values(buttons),
    h('span', { class: 'muted', id: 'bulk-note', text: admin ? `At most ${num(BULK_MAX)} tasks per action; each gets its own answer.` : 'Bulk retry and cancel need an admin token (you are signed in without one).' }),
  );
  root.append(h('div', { class: 'card' }, h('h1', { text: 'Tasks' }), form, toolbar, bulkResult, results));

  const updateButtons = () => {
    if (!admin) return;
    buttons.retrySel.disabled = buttons.cancelSel.disabled = selected.size === 0;
    buttons.retrySel.textContent = `Retry selected (${num(selected.size)})`;
    buttons.cancelSel.textContent = `Cancel selected (${num(selected.size)})`;
  };

  const bulk = async (action, target, what) => {
    const verb = action === 'retry' ? 'Retry' : 'Cancel';
    if (!(await confirmAction(`${verb} ${what}?`, action === 'retry' ? 'Each failed, cancelled or skipped task runs again with fresh attempts.' : 'Each unfinished task is cancelled; running handlers are aborted.', verb, action === 'cancel'))) return;
    try {
      const r = await api('POST', `/v1/tasks/bulk/${action}`, { ...target, ...(action === 'cancel' ? { reason: 'cancelled from the console' } : {}) });
      const refused = r.results.filter((x) => !x.ok);
      fill(bulkResult, 
        h(
          'div',
          { class: refused.length ? 'alert' : 'note', role: 'status' },
          `${action === 'retry' ? 'Retried' : 'Cancelled'} ${num(r.succeeded)} of ${num(r.results.length)}.`,
          refused.length ? ` ${num(refused.length)} refused:` : '',
          r.more ? ' More tasks match: run it again for the next ones.' : '',
          refused.length
            ? h('ul', {}, ...refused.slice(0, 20).map((x) => h('li', {}, h('a', { href: `#/tasks/${x.id}`, text: `#${x.id}` }), ` ${x.code}: ${x.message}`)), refused.length > 20 ? h('li', { text: `… and ${num(refused.length - 20)} more` }) : null)
            : null,
        ),
      );
      selected.clear();
      updateButtons();
      await load();
    } catch (err) {
      fill(bulkResult, h('div', { class: 'alert', role: 'alert', text: `${verb} refused: ${err.message}` }));
    }
  };
  buttons.retrySel.onclick = () => bulk('retry', { ids: [...selected] }, `${num(selected.size)} selected task${selected.size === 1 ? '' : 's'}`);
  buttons.cancelSel.onclick = () => bulk('cancel', { ids: [...selected] }, `${num(selected.size)} selected task${selected.size === 1 ? '' : 's'}`);
  buttons.retryAll.onclick = () => bulk('retry', { filter, limit: BULK_MAX }, `every task matching this search (at most ${num(BULK_MAX)})`);
  buttons.cancelAll.onclick = () => bulk('cancel', { filter, limit: BULK_MAX }, `every task matching this search (at most ${num(BULK_MAX)})`);

  const query = new URLSearchParams(filter);
  query.set('limit', String(PAGE));
  for (const k of ['cursor', 'scan']) if (params.get(k)) query.set(k, params.get(k));

  let loading = false;
  let lastLoad = 0;
  const load = async () => {
    if (loading) return;
    loading = true;
    lastLoad = Date.now();
    try {
      const r = await api('GET', `/v1/tasks?${query}`);
      render(r);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        fill(results, messageCard('This search cannot run', err.message, h('p', { class: 'muted', text: 'Fix the field named above and search again. A payload field is PATH=VALUE, e.g. customer.id=42; a name prefix ends in *.' })));
      } else fill(results, messageCard('Tasks could not be read', err.message));
    } finally {
      loading = false;
    }
  };

  const render = (r) => {
    const all = h('input', {
      type: 'checkbox',
      id: 'select-all',
      'aria-label': 'select every task shown',
      disabled: !admin,
      onchange: (e) => {
        for (const t of r.tasks) {
          if (e.target.checked) selected.add(t.id);
          else selected.delete(t.id);
        }
        for (const cb of results.querySelectorAll('input[data-select]')) cb.checked = e.target.checked;
        updateButtons();
      },
    });
    const rows = r.tasks.map((t) =>
      h(
        'tr',
        { 'data-task': t.id, 'data-state': t.state },
        h('td', {}, h('input', {
          type: 'checkbox',
          'data-select': t.id,
          'aria-label': `select task ${t.id}`,
          disabled: !admin,
          checked: selected.has(t.id),
          onchange: (e) => {
            if (e.target.checked) selected.add(t.id);
            else selected.delete(t.id);
            updateButtons();
          },
        })),
        h('td', {}, h('a', { href: `#/tasks/${t.id}`, text: t.id })),
        h('td', {}, t.step ? h('span', {}, h('strong', { text: t.step }), h('span', { class: 'muted', text: ` ${t.name}` })) : t.name),
        h('td', { text: t.queue }),
        h('td', {}, badge(t.state)),
        h('td', { class: 'num', text: `${num(t.attempt)}/${num(t.maxAttempts)}` }),
        timeCell(t.createdAt),
        h('td', { class: 'num', text: duration(took(t.startedAt, t.finishedAt, t.state)) }),
        h('td', { class: 'muted', text: t.tags.join(', ') }),
      ),
    );
    const table = h(
      'div',
      { class: 'table-wrap' },
      h('table', { id: 'tasks' }, h('thead', {}, h('tr', {}, h('th', {}, all), ...['id', 'step / name', 'queue', 'state', 'attempt', 'created', 'took', 'tags'].map((x) => h('th', { text: x })))), h('tbody', {}, ...rows)),
    );
    const nav = h('p', { class: 'toolbar' });
    if (params.get('cursor')) nav.append(h('a', { href: `#/tasks${Object.keys(filter).length ? `?${new URLSearchParams(filter)}` : ''}`, text: '← newest' }));
    if (r.nextCursor && !r.partial) {
      const next = new URLSearchParams(filter);
      next.set('cursor', r.nextCursor);
      nav.append(h('a', { id: 'older', href: `#/tasks?${next}`, text: 'older →' }));
    }
    const further = () => {
      const next = new URLSearchParams(filter);
      next.set('cursor', r.nextCursor);
      location.hash = `#/tasks?${next}`;
    };
    const empty = r.tasks.length === 0 ? h('p', { class: 'muted', id: 'no-match', text: r.partial ? 'None among the tasks examined so far.' : 'No task matches this search.' }) : null;
    fill(results, searchStatus(r.tasks.length, r, further), empty ?? table, nav);
  };

  // Live: the stats stream says when the store's counts move; reload then (at most every 3 s),
  // but never under a selection the operator is making.
  let signature = '';
  scope.sse('/v1/stats/stream', {
    stats: (st) => {
      const sig = st.queues.map((q) => `${q.queue}:${Object.values(q.counts).join(',')}`).join('|');
      if (sig === signature) return;
      const first = signature === '';
      signature = sig;
      if (!first && selected.size === 0 && Date.now() - lastLoad > 3000) void load();
    },
  });
  void load();
}
