// The search form of the lists (tasks, runs): fields kept in the page's address (#/tasks?queue=…),
// so a search can be bookmarked and shared; submitting navigates, and the view re-reads.

import { h, num } from './lib.js';

/**
 * fields: [{ key, label, placeholder, type?: 'select'|'datetime', options?, wide? }]. Times are
 * entered as local date-times and sent as ISO; anything else is sent as typed, for the server
 * to judge (a malformed filter comes back as a message naming it).
 */
export function searchForm(base, params, fields, extra = []) {
  const inputs = {};
  const els = fields.map((f) => {
    let el;
    if (f.type === 'select') el = h('select', { id: `f-${f.key}`, name: f.key }, h('option', { value: '', text: f.placeholder }), ...f.options.map((o) => h('option', { value: o, text: o })));
    else el = h('input', { id: `f-${f.key}`, name: f.key, placeholder: f.placeholder, class: f.wide ? 'wide' : '', type: f.type === 'datetime' ? 'datetime-local' : 'text', step: f.type === 'datetime' ? 1 : undefined });
    const v = params.get(f.key) || '';
    el.value = f.type === 'datetime' && v ? toLocalInput(v) : v;
    inputs[f.key] = { el, f };
    return h('label', {}, f.label, el);
  });
  const apply = () => {
    const q = new URLSearchParams();
    for (const [k, { el, f }] of Object.entries(inputs)) {
      if (!el.value) continue;
      q.set(k, f.type === 'datetime' ? fromLocalInput(el.value) : el.value.trim());
    }
    location.hash = `${base}${q.size ? `?${q}` : ''}`;
  };
  const form = h(
    'form',
    { class: 'filters', id: 'search', onsubmit: (e) => (e.preventDefault(), apply()) },
    ...els,
    h('button', { type: 'submit', text: 'Search' }),
    h('button', { type: 'button', class: 'secondary', text: 'Clear', onclick: () => (location.hash = base) }),
    ...extra,
  );
  for (const { el, f } of Object.values(inputs)) if (f.type === 'select') el.onchange = apply;
  return form;
}

/** What the server examined, and a way on when a bounded search stopped early. */
export function searchStatus(found, reply, onFurther) {
  const parts = [`${num(found)} shown`];
  if (reply.scanned !== null && reply.scanned !== undefined) parts.push(`${num(reply.scanned)} examined for the payload, tag, prefix or time filters`);
  return h(
    'div',
    {},
    h('p', { class: 'muted', id: 'search-status', text: parts.join(' · ') }),
    reply.partial
      ? h('div', { class: 'note', id: 'search-partial' }, `The search stopped after examining the newest ${num(reply.scanned)}; older ones were not looked at. `, h('button', { class: 'secondary small', id: 'search-further', text: 'Search further', onclick: onFurther }))
      : null,
  );
}

function toLocalInput(iso) {
  const d = new Date(/^\d+$/.test(iso) ? Number(iso) : iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function fromLocalInput(v) {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}
