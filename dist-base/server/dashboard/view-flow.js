// The flow-control view (docs/flow-control.md): every limit rule with its scope, key, rate and
// concurrency; the buckets in use now (running against K, claims in the last rate period
// against N); what is paused — queues, task names, runs, schedules — with resume buttons and
// a pause form for admins; and the latest changes from the flow audit. Polled every two seconds (limits change rarely; there is no stream
// for them), through the same /v1/flow routes and token as the CLI; a producer token reads only.

import { api, confirmAction, fill, flash, h, isAdmin, num, timeCell } from './lib.js';

const KINDS = [
  ['queues', 'queue', 'Queues'],
  ['names', 'name', 'Task names'],
  ['runs', 'run', 'Runs'],
  ['schedules', 'schedule', 'Schedules'],
];

export function viewFlow(root, scope) {
  const limitsBody = h('tbody');
  const usageBody = h('tbody');
  const pausedBox = h('div', { id: 'flow-paused', class: 'grid2' });
  const auditBody = h('tbody');
  const kind = h('select', { id: 'pause-kind', 'aria-label': 'what to pause' }, ...KINDS.map(([, k, label]) => h('option', { value: k, text: label.replace(/s$/, '').toLowerCase() })));
  const target = h('input', { id: 'pause-target', placeholder: 'its name or id', 'aria-label': 'what to pause (its name or id)', required: true });
  const pauseForm = h(
    'form',
    { id: 'pause-form', class: 'toolbar' },
    h('span', { text: 'Pause a' }),
    kind,
    target,
    h('button', { type: 'submit', class: 'danger', text: 'Pause' }),
    h('span', { class: 'muted', text: 'No claim starts a task of it until resumed; running tasks finish.' }),
  );
  root.append(
    h('div', { class: 'card' }, h('h1', { text: 'Flow control' }), h('p', { class: 'muted', text: 'Limits are enforced when tasks are claimed, in every process: a task over its limit stays pending and holds no slot. Change them with taskframe limit, the HTTP API, the configuration file, a workflow or a unit file; they hold from the next claim.' })),
    h(
      'div',
      { class: 'card' },
      h('h2', { text: 'Limits' }),
      h('div', { class: 'table-wrap' }, h('table', { id: 'flow-limits' }, h('thead', {}, h('tr', {}, ...['id', 'queue', 'task name', 'key', 'rate', 'concurrency', 'changed'].map((x) => h('th', { text: x })), isAdmin() ? h('th', {}) : null)), limitsBody)),
    ),
    h(
      'div',
      { class: 'card' },
      h('h2', { text: 'In use now' }),
      h('p', { class: 'muted', text: 'Buckets with tasks running or claims in the last rate period (windows slide); one row per key of a keyed limit.' }),
      h('div', { class: 'table-wrap' }, h('table', { id: 'flow-usage' }, h('thead', {}, h('tr', {}, ...['limit', 'key', 'running', 'of K', 'claims in the period', 'of N', 'period began'].map((x, i) => h('th', { class: i >= 2 && i <= 5 ? 'num' : undefined, text: x })))), usageBody)),
    ),
    h('div', { class: 'card' }, h('h2', { text: 'Paused' }), isAdmin() ? pauseForm : null, pausedBox),
    h(
      'div',
      { class: 'card' },
      h('h2', { text: 'Recent changes' }),
      h('div', { class: 'table-wrap' }, h('table', { id: 'flow-audit' }, h('thead', {}, h('tr', {}, ...['when', 'change', 'of', 'target', 'by', 'detail'].map((x) => h('th', { text: x })))), auditBody)),
    ),
  );

  let limits = [];
  const refresh = async () => {
    const [l, u, p, a] = await Promise.all([api('GET', '/v1/flow/limits'), api('GET', '/v1/flow/usage'), api('GET', '/v1/flow/paused'), api('GET', '/v1/flow/audit?limit=20')]);
    if (scope.closed) return;
    limits = l.limits;
    render(l.limits, u.usage, p);
    renderAudit(a.entries);
  };

  const act = async (action, kindName, value) => {
    if (action === 'pause' && !(await confirmAction(`Pause ${kindName} ${value}?`, 'No claim starts one of its tasks until it is resumed; running tasks finish.', 'Pause', true))) return;
    try {
      const r = await api('POST', `/v1/flow/${action}`, { [kindName]: value, reason: 'from the console' });
      flash(r.changed ? `${kindName} ${value} ${action}d` : `${kindName} ${value} already ${action === 'pause' ? 'paused' : 'running'}`);
    } catch (err) {
      flash(`${action} failed: ${err.message}`, 'error');
    }
    await refresh().catch(() => undefined);
  };
  pauseForm.onsubmit = async (e) => {
    e.preventDefault();
    const v = target.value.trim();
    if (!v) return;
    await act('pause', kind.value, v);
    target.value = '';
  };

  const removeLimit = async (id) => {
    if (!(await confirmAction(`Remove limit ${id}?`, 'Tasks it held back may be claimed at once.', 'Remove', true))) return;
    try {
      await api('DELETE', `/v1/flow/limits?id=${encodeURIComponent(id)}`);
      flash(`limit ${id} removed`);
    } catch (err) {
      flash(`remove failed: ${err.message}`, 'error');
    }
    await refresh().catch(() => undefined);
  };

  const dash = (v) => (v === null || v === undefined ? h('span', { class: 'muted', text: '—' }) : v);
  const render = (ls, usage, paused) => {
    fill(
      limitsBody,
      ...ls.map((l) =>
        h(
          'tr',
          { 'data-limit': l.id },
          h('td', {}, h('code', { text: l.id })),
          h('td', { 'data-field': 'queue' }, dash(l.queue)),
          h('td', { 'data-field': 'name' }, dash(l.name)),
          h('td', { 'data-field': 'key' }, l.key ? h('code', { text: l.key }) : dash(null)),
          h('td', { 'data-field': 'rate' }, dash(l.rate)),
          h('td', { 'data-field': 'concurrency' }, dash(l.concurrency === null ? null : num(l.concurrency))),
          timeCell(l.updatedAt),
          isAdmin() ? h('td', {}, h('button', { class: 'secondary small', 'data-remove': l.id, text: 'Remove', onclick: () => removeLimit(l.id) })) : null,
        ),
      ),
    );
    if (ls.length === 0) limitsBody.append(h('tr', {}, h('td', { colspan: 8, class: 'muted', text: 'No limits: every claim takes what is ready.' })));

    const byId = new Map(ls.map((l) => [l.id, l]));
    fill(
      usageBody,
      ...usage.map((u) => {
        const l = byId.get(u.limitId);
        const k = l?.concurrency ?? null;
        const n = l?.rate ? Number(l.rate.split('/')[0]) : null;
        const full = (k !== null && u.running >= k) || (n !== null && u.windowClaims >= n);
        return h(
          'tr',
          { 'data-usage': `${u.limitId}|${u.key}`, class: full ? 'at-limit' : undefined, title: full ? 'at its limit: further tasks of this key wait' : undefined },
          h('td', {}, h('code', { text: u.limitId })),
          h('td', { 'data-field': 'key' }, u.key === '' ? h('span', { class: 'muted', text: l?.key ? '(no value)' : '(whole scope)' }) : u.key),
          h('td', { class: 'num', 'data-field': 'running', text: num(u.running) }),
          h('td', { class: 'num', 'data-field': 'k', text: k === null ? '—' : num(k) }),
          h('td', { class: 'num', 'data-field': 'window', text: num(u.windowClaims) }),
          h('td', { class: 'num', 'data-field': 'n', text: n === null ? '—' : `${num(n)} / ${l.rate.split('/')[1]}` }),
          timeCell(u.windowStart),
        );
      }),
    );
    if (usage.length === 0) usageBody.append(h('tr', {}, h('td', { colspan: 7, class: 'muted', text: 'No bucket in use.' })));

    fill(
      pausedBox,
      ...KINDS.map(([field, kindName, label]) =>
        h(
          'div',
          { 'data-paused-kind': kindName },
          h('h3', { text: label }),
          paused[field].length === 0
            ? h('p', { class: 'muted none', text: 'none paused' })
            : h(
                'ul',
                { class: 'paused-list' },
                ...paused[field].map((t) =>
                  h(
                    'li',
                    { 'data-paused': `${kindName}:${t}` },
                    h('span', { class: 'state state-blocked', text: '⏸ paused' }),
                    ' ',
                    kindName === 'run' ? h('a', { href: `#/runs/${encodeURIComponent(t)}`, text: t }) : kindName === 'queue' ? h('a', { href: `#/tasks?queue=${encodeURIComponent(t)}`, text: t }) : h('code', { text: t }),
                    ' ',
                    isAdmin() ? h('button', { class: 'secondary small', 'data-resume': `${kindName}:${t}`, text: 'Resume', onclick: () => act('resume', kindName, t) }) : null,
                  ),
                ),
              ),
        ),
      ),
    );
  };

  const renderAudit = (entries) => {
    fill(
      auditBody,
      ...entries.map((e) =>
        h(
          'tr',
          { 'data-audit': `${e.action}:${e.kind}:${e.target}` },
          timeCell(e.at),
          h('td', { text: e.action.replace('_', ' ') }),
          h('td', { text: e.kind }),
          h('td', {}, h('code', { text: e.target })),
          h('td', { text: e.actor ?? '—' }),
          h('td', { class: 'muted', text: e.detail === null || e.detail === undefined ? '' : JSON.stringify(e.detail).slice(0, 160) }),
        ),
      ),
    );
    if (entries.length === 0) auditBody.append(h('tr', {}, h('td', { colspan: 6, class: 'muted', text: 'No change to limits or pauses yet.' })));
  };

  scope.every(2000, refresh);
  return { limits: () => limits };
}
