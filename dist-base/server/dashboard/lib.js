// Shared by every view of the console: building DOM (never innerHTML with data), the API with
// the token the operator typed, server-sent event streams read with fetch (EventSource cannot
// send an Authorization header), formatting (thousands separators, durations, times), and the
// bits every page shows the same way (state badges, errors, key/value details, confirmations).

export const TASK_STATES = ['blocked', 'scheduled', 'pending', 'running', 'waiting', 'retrying', 'succeeded', 'failed', 'cancelled', 'skipped'];
export const RUN_STATES = ['running', 'succeeded', 'failed', 'cancelled'];
export const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);
export const RETRYABLE = new Set(['failed', 'cancelled', 'skipped']);
/** A state is readable without colour: each has its own mark, and its name is always written. */
export const GLYPH = { blocked: '◇', scheduled: '◷', pending: '○', running: '▶', waiting: '…', retrying: '↻', succeeded: '✓', failed: '✗', cancelled: '⊘', skipped: '↷' };

export const session = {
  token: sessionStorage.getItem('taskframe.token') || '',
  principal: null,
  onUnauthorized: () => undefined,
};
export const isAdmin = () => Boolean(session.principal?.scopes.includes('admin'));

// ---- DOM ----
export function h(tag, attrs = {}, ...children) {
  const el = attrs.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'svg' || v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
export const s = (tag, attrs = {}, ...children) => h(tag, { ...attrs, svg: true }, ...children);
/** el.replaceChildren, leaving out null and undefined (the DOM would write them as text). */
export const fill = (el, ...children) => el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));

// ---- formatting ----
const numberFormat = new Intl.NumberFormat();
export const num = (n) => (n === null || n === undefined ? '—' : numberFormat.format(n));

/** 45 ms, 1.2 s, 3 min 04 s, 2 h 05 min. */
export function duration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const sec = Math.round(ms / 1000);
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${String(sec % 60).padStart(2, '0')} s`;
  const min = Math.round(sec / 60);
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
  return `${num(Math.round(min / 60 / 24))} d`;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** Local time, unambiguous (year first); the ISO time is in the element's title. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export const timeCell = (iso, attrs = {}) => h('td', { ...attrs, title: iso || '', text: when(iso) });
export const ms = (iso) => (iso ? Date.parse(iso) : null);
/** How long a task or run took (or has taken so far). */
export function took(start, end, state) {
  const a = ms(start);
  if (a === null) return null;
  const b = ms(end) ?? (FINISHED.has(state) ? null : Date.now());
  return b === null ? null : b - a;
}

export function badge(state, extra = '') {
  return h('span', { class: `state state-${state}`, 'data-state': state, title: `state: ${state}` }, h('span', { class: 'glyph', 'aria-hidden': 'true', text: GLYPH[state] ?? '•' }), ` ${state}${extra}`);
}

/** Any JSON for reading: "none" for null, pretty-printed otherwise. */
export function jsonBlock(value, attrs = {}) {
  if (value === null || value === undefined) return h('p', { ...attrs, class: 'muted none', text: 'none' });
  return h('pre', { ...attrs, class: 'json', text: JSON.stringify(value, null, 2) });
}

/** Key/value rows of an object; nested values as compact JSON, times as local times. */
export function kv(obj, attrs = {}) {
  if (obj === null || obj === undefined || typeof obj !== 'object') return obj === null || obj === undefined ? '' : h('code', { text: String(obj) });
  const rows = Object.entries(obj).flatMap(([k, v]) => {
    // An error inside a detail reads as its message; the whole of it is a click away.
    if (v && typeof v === 'object' && typeof v.message === 'string') {
      return [h('dt', { text: k }), h('dd', {}, h('span', { class: 'error', text: v.message }), ' ', h('details', { class: 'raw' }, h('summary', { text: 'all of it' }), h('pre', { text: JSON.stringify(v, null, 2) })))];
    }
    const shown = typeof v === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v) ? when(v) : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    return [h('dt', { text: k }), h('dd', { title: typeof v === 'string' ? v : '', text: shown.length > 300 ? `${shown.slice(0, 299)}…` : shown })];
  });
  return h('dl', { ...attrs, class: 'kv' }, rows);
}

/** An error for people: the message first, then its kind and other fields, the stack folded away. */
export function errorView(err, attrs = {}) {
  if (!err) return h('p', { ...attrs, class: 'muted none', text: 'none' });
  if (typeof err !== 'object') return h('p', { ...attrs, class: 'error-message', text: String(err) });
  const { message, stack, kind, tasks, ...rest } = err;
  return h(
    'div',
    { ...attrs, class: 'error-view' },
    h('p', { class: 'error-message', text: message ?? JSON.stringify(err) }),
    kind ? h('p', { class: 'muted' }, 'kind ', h('code', { text: kind })) : null,
    Object.keys(rest).length ? kv(rest) : null,
    stack ? h('details', { class: 'stack' }, h('summary', { text: 'Stack trace' }), h('pre', { text: stack })) : null,
  );
}

/** A clear message in place of a view (unknown id, bad filter, refused request). */
export function messageCard(title, text, ...more) {
  return h('div', { class: 'card message', role: 'alert' }, h('h1', { text: title }), h('p', { text }), ...more);
}

export function flash(msg, kind = 'info') {
  const el = document.getElementById('flash');
  el.textContent = msg;
  el.className = `flash flash-${kind}`;
  el.hidden = false;
  clearTimeout(flash.t);
  flash.t = setTimeout(() => (el.hidden = true), 4000);
}

/** Asks before an action; resolves true on Confirm. One <dialog> in the page is reused. */
export function confirmAction(title, text, confirmLabel = 'Confirm', danger = false) {
  const dlg = document.getElementById('confirm');
  dlg.querySelector('h2').textContent = title;
  dlg.querySelector('p').textContent = text;
  const ok = dlg.querySelector('#confirm-ok');
  ok.textContent = confirmLabel;
  ok.className = danger ? 'danger' : '';
  return new Promise((resolve) => {
    const done = (v) => {
      dlg.removeEventListener('close', onClose);
      ok.removeEventListener('click', onOk);
      if (dlg.open) dlg.close();
      resolve(v);
    };
    const onOk = () => done(true);
    const onClose = () => done(false);
    ok.addEventListener('click', onOk);
    dlg.addEventListener('close', onClose);
    dlg.showModal();
  });
}

// ---- API ----
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.field = body?.error?.field;
  }
}

export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${session.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.status === 401) {
    session.onUnauthorized('Your token was refused; sign in again.');
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/**
 * Follows a server-sent event stream; handlers[type](data) for each event. Reconnects after a
 * dropped connection (servers restart) with a growing pause. Returns stop().
 */
export function sse(path, handlers) {
  const ctrl = new AbortController();
  let delay = 500;
  const run = async () => {
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch(path, { headers: { authorization: `Bearer ${session.token}` }, signal: ctrl.signal });
        if (res.status === 401) return session.onUnauthorized('Your token was refused; sign in again.');
        if (!res.ok || !res.body) {
          handlers.error?.(new ApiError(res.status, await res.json().catch(() => null)));
          return;
        }
        delay = 500;
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
            if (data) handlers[type]?.(JSON.parse(data));
          }
        }
        if (handlers.end?.() === false) return;
      } catch (err) {
        if (ctrl.signal.aborted) return;
        console.warn('stream interrupted; reconnecting', err.message);
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  run();
  return () => ctrl.abort();
}

/** What a view holds open (streams, timers, observers), ended when the view is left. */
export class Scope {
  constructor() {
    this.cleanups = [];
    this.closed = false;
  }
  add(fn) {
    this.cleanups.push(fn);
    return fn;
  }
  /** Runs fn now and every ms while the view is open (errors are logged, the loop goes on). */
  every(ms, fn) {
    let timer;
    const loop = async () => {
      try {
        await fn();
      } catch (err) {
        if (err.status !== 401) console.warn(err);
      }
      if (!this.closed) timer = setTimeout(loop, ms);
    };
    loop();
    this.add(() => clearTimeout(timer));
  }
  sse(path, handlers) {
    this.add(sse(path, handlers));
  }
  close() {
    this.closed = true;
    for (const f of this.cleanups.splice(0)) f();
  }
}

/** Reads the hash's query string into an object of non-empty values. */
export function hashParams(params, keys) {
  return Object.fromEntries(keys.map((k) => [k, params.get(k) || '']).filter(([, v]) => v));
}

export function legendItem(label, color) {
  return h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: `background:${color}` }), label);
}

export const stateColor = (st) => getComputedStyle(document.documentElement).getPropertyValue(`--${st}`).trim() || '#888';
