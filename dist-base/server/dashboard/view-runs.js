// The runs list: search by workflow name (or prefix*), state, creation time and an input field.
// Reloads when the store's counts move.

import { fill, RUN_STATES, ApiError, api, badge, duration, h, hashParams, messageCard, timeCell, took } from './lib.js';
import { searchForm, searchStatus } from './search-form.js';

const FILTERS = ['name', 'state', 'inputs', 'createdAfter', 'createdBefore'];

export function viewRuns(root, scope, params) {
  const filter = hashParams(params, FILTERS);
  const form = searchForm('#/runs', params, [
    { key: 'state', label: 'state', type: 'select', placeholder: 'any state', options: RUN_STATES },
    { key: 'name', label: 'workflow', placeholder: 'name or prefix*' },
    { key: 'inputs', label: 'input field', placeholder: 'region=eu', wide: true },
    { key: 'createdAfter', label: 'created from', type: 'datetime' },
    { key: 'createdBefore', label: 'created before', type: 'datetime' },
  ]);
  const results = h('div', { id: 'results' });
  root.append(h('div', { class: 'card' }, h('h1', { text: 'Runs' }), form, results));
  const query = new URLSearchParams(filter);
  query.set('limit', '50');
  if (params.get('cursor')) query.set('cursor', params.get('cursor'));
  let lastLoad = 0;
  const load = async () => {
    lastLoad = Date.now();
    try {
      const r = await api('GET', `/v1/runs?${query}`);
      const rows = r.runs.map((run) =>
        h(
          'tr',
          { 'data-run': run.id, 'data-state': run.state },
          h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(run.id)}`, text: run.id })),
          h('td', { text: run.name }),
          h('td', {}, badge(run.state)),
          timeCell(run.createdAt),
          h('td', { class: 'num', text: duration(took(run.createdAt, run.finishedAt, run.state)) }),
          h('td', { class: 'muted', text: run.trigger ?? '' }),
          h('td', { class: 'error', text: run.error?.message ?? '' }),
        ),
      );
      const next = new URLSearchParams(filter);
      if (r.nextCursor) next.set('cursor', r.nextCursor);
      fill(results, 
        searchStatus(r.runs.length, r, () => (location.hash = `#/runs?${next}`)),
        rows.length
          ? h('div', { class: 'table-wrap' }, h('table', { id: 'runs' }, h('thead', {}, h('tr', {}, ...['run', 'workflow', 'state', 'created', 'took', 'trigger', 'error'].map((x) => h('th', { text: x })))), h('tbody', {}, ...rows)))
          : h('p', { class: 'muted', id: 'no-match', text: 'No run matches this search.' }),
        h('p', { class: 'toolbar' }, params.get('cursor') ? h('a', { href: `#/runs?${new URLSearchParams(filter)}`, text: '← newest' }) : null, r.nextCursor && !r.partial ? h('a', { id: 'older', href: `#/runs?${next}`, text: 'older →' }) : null),
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) fill(results, messageCard('This search cannot run', err.message, h('p', { class: 'muted', text: 'An input field is PATH=VALUE, e.g. region=eu; a name prefix ends in *.' })));
      else fill(results, messageCard('Runs could not be read', err.message));
    }
  };
  let signature = '';
  scope.sse('/v1/stats/stream', {
    stats: (st) => {
      const sig = st.queues.map((q) => `${q.queue}:${Object.values(q.counts).join(',')}`).join('|');
      if (sig === signature) return;
      const first = signature === '';
      signature = sig;
      if (!first && Date.now() - lastLoad > 3000) void load();
    },
  });
  void load();
}
