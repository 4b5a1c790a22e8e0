// The autoscaling panel of the queues view: desired against running workers per group, and the
// last decisions with their reasons (GET /v1/autoscale). Hidden while no autoscaler has recorded
// anything. Kept in its own file; app.js only places it.

/** A card that keeps itself current; `h` builds elements, `api` calls the API, `every` polls. */
export function autoscalePanel({ h, api, every, refreshMs }) {
  const groupsBody = h('tbody');
  const decisions = h('ul', { class: 'decisions' });
  const note = h('p', { class: 'muted' });
  const card = h(
    'div',
    { class: 'card', id: 'autoscale', hidden: true },
    h('h2', { text: 'Autoscaling' }),
    note,
    h('table', { id: 'autoscale-groups' }, h('thead', {}, h('tr', {}, ...['group', 'queues', 'provider', 'desired', 'running', 'rule', 'decided', 'why'].map((x) => h('th', { text: x })))), groupsBody),
    h('h3', { text: 'Last decisions that changed something' }),
    decisions,
  );
  every(refreshMs, async () => {
    const s = await api('GET', '/v1/autoscale');
    card.hidden = s.groups.length === 0;
    if (card.hidden) return;
    note.textContent = `leader ${s.leader ?? 'none'}; last pass ${s.updatedAt ? new Date(s.updatedAt).toLocaleTimeString() : '—'}${s.stale ? ' — STALE: no autoscaler is acting' : ''}`;
    groupsBody.replaceChildren(
      ...s.groups.map((g) => {
        const running = g.workers ? `${g.workers.running}${g.workers.starting ? ` (+${g.workers.starting} starting)` : ''}${g.workers.stopping ? ` (${g.workers.stopping} stopping)` : ''}` : '—';
        return h(
          'tr',
          { 'data-group': g.group },
          h('td', { text: g.group }),
          h('td', { text: g.queues.join(', ') }),
          h('td', { text: g.provider }),
          h('td', { class: 'num', 'data-desired': g.desired, text: g.desired }),
          h('td', { class: 'num', 'data-running': g.workers ? g.workers.running : '', text: running }),
          h('td', { text: g.last.rule }),
          h('td', { text: new Date(g.last.at).toLocaleTimeString() }),
          h('td', { class: g.providerError ? 'error' : '', text: g.providerError ? `provider error: ${g.providerError.message}` : g.last.reason }),
        );
      }),
    );
    const recent = s.groups
      .flatMap((g) => g.history.map((d) => ({ ...d, group: g.group })))
      .sort((a, b) => (a.at < b.at ? 1 : -1))
      .slice(0, 10);
    decisions.replaceChildren(
      ...recent.map((d) => h('li', { 'data-group': d.group }, `${new Date(d.at).toLocaleTimeString()} ${d.group}: ${d.from} → ${d.desired} [${d.rule}] `, d.error ? h('span', { class: 'error', text: `provider error: ${d.error} ` }) : null, h('span', { class: 'muted', text: d.reason }))),
    );
    if (recent.length === 0) decisions.append(h('li', { class: 'muted', text: 'None yet.' }));
  });
  return card;
}
