// One task: what it is (step, type, queue, attempts, times), its links (run, parent, children,
// dependencies), its error (message first, stack folded), payload and result, its logs per
// attempt with a live tail, and its audit trail as readable rows. Live from the task's stream;
// the log keeps its last LOG_KEEP lines in the page.

import { fill, FINISHED, RETRYABLE, api, badge, confirmAction, duration, errorView, flash, h, isAdmin, jsonBlock, kv, messageCard, num, sse, timeCell, took, when } from './lib.js';

const LOG_KEEP = 5000;

export function viewTask(root, scope, id) {
  if (!/^\d{1,19}$/.test(id)) {
    root.append(messageCard('Not a task id', `“${id}” is not a task id: task ids are numbers, such as #/tasks/42.`, h('a', { href: '#/tasks', text: 'Search tasks' })));
    return;
  }
  const head = h('div', { class: 'card', id: 'task-head' }, h('p', { class: 'muted', text: `Loading task ${id}…` }));
  const fields = h('dl', { id: 'task-fields' });
  const links = h('dl', { id: 'task-links' });
  const errorCard = h('div', { class: 'card message', id: 'error-card', hidden: true }, h('h2', { text: 'Error' }), h('div', { id: 'error' }));
  const payload = h('div', { id: 'payload' });
  const result = h('div', { id: 'result' });
  const tabs = h('div', { class: 'toolbar', id: 'log-attempts', role: 'tablist' });
  const log = h('pre', { class: 'log', id: 'log' });
  const logNote = h('p', { class: 'muted', id: 'log-note' });
  const events = h('tbody');
  const body = h(
    'div',
    { hidden: true },
    h('div', { class: 'grid2' }, h('div', { class: 'card' }, h('h2', { text: 'Task' }), fields), h('div', { class: 'card' }, h('h2', { text: 'Links' }), links)),
    errorCard,
    h('div', { class: 'grid2' }, h('div', { class: 'card' }, h('h2', { text: 'Payload' }), payload), h('div', { class: 'card' }, h('h2', { text: 'Result' }), result)),
    h('div', { class: 'card' }, h('h2', { text: 'Logs' }), tabs, log, logNote),
    h('div', { class: 'card' }, h('h2', { text: 'Audit trail' }), h('div', { class: 'table-wrap' }, h('table', { id: 'events' }, h('thead', {}, h('tr', {}, ...['at', 'event', 'attempt', 'worker', 'details'].map((x) => h('th', { text: x })))), events))),
  );
  root.append(head, body);

  let task = null;
  let shownAttempt = null;
  let stopLog = null;
  const seenEvents = new Set();

  const act = async (what) => {
    const verb = what === 'cancel' ? 'Cancel' : 'Retry';
    if (!(await confirmAction(`${verb} task #${id}?`, what === 'cancel' ? 'A running handler is aborted; the task ends as cancelled.' : 'The task runs again with a fresh set of attempts.', verb, what === 'cancel'))) return;
    try {
      render((await api('POST', `/v1/tasks/${id}/${what}`, what === 'cancel' ? { reason: 'cancelled from the console' } : {})).task);
      flash(`task ${id}: ${what} done`);
    } catch (err) {
      flash(`${what} refused: ${err.message}`, 'error');
    }
  };

  const render = (t) => {
    const prev = task;
    task = t;
    const admin = isAdmin();
    fill(head, 
      h('h1', {}, h('span', { id: 'task-title', text: t.step ?? t.name }), h('span', { class: 'muted', text: `#${t.id}` }), badge(t.state)),
      h(
        'div',
        { class: 'toolbar', id: 'task-actions' },
        h('button', { id: 'cancel', class: 'danger small', text: 'Cancel', disabled: !admin || FINISHED.has(t.state), title: admin ? '' : 'needs an admin token', onclick: () => act('cancel') }),
        h('button', { id: 'retry', class: 'secondary small', text: 'Retry', disabled: !admin || !RETRYABLE.has(t.state), title: admin ? '' : 'needs an admin token', onclick: () => act('retry') }),
      ),
    );
    const rows = [
      ['type', t.name],
      ['step', t.step],
      ['queue', t.queue],
      ['attempt', `${num(t.attempt)} of ${num(t.maxAttempts)}`],
      ['priority', t.priority],
      ['key', t.key],
      ['tags', t.tags.length ? t.tags.join(', ') : null],
      ['worker', t.workerId],
      ['created', when(t.createdAt)],
      ['run at', t.runAt !== t.createdAt ? when(t.runAt) : null],
      ['started', t.startedAt ? when(t.startedAt) : null],
      ['finished', t.finishedAt ? when(t.finishedAt) : null],
      ['took', t.startedAt ? duration(took(t.startedAt, t.finishedAt, t.state)) : null],
      ['progress', t.progress === null ? null : JSON.stringify(t.progress)],
    ];
    fill(fields, ...rows.filter(([, v]) => v !== null && v !== '' && v !== undefined).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { 'data-field': k, text: String(v) })]));
    errorCard.hidden = !t.error;
    errorCard.querySelector('#error').replaceChildren(errorView(t.error));
    // A workflow step's payload is an envelope: what its user gave it comes first.
    const env = t.payload && typeof t.payload === 'object' && t.payload.$taskframeWorkflow === 1 ? t.payload : null;
    fill(payload, 
      ...(env
        ? [
            jsonBlock(env.payload),
            env.item !== undefined ? h('div', {}, h('h3', { text: `item ${env.index}` }), jsonBlock(env.item)) : null,
            env.command ? h('div', {}, h('h3', { text: 'command' }), h('pre', { text: Array.isArray(env.command) ? env.command.join(' ') : env.command })) : null,
            h('details', { class: 'raw' }, h('summary', { text: 'the whole envelope (workflow bookkeeping)' }), jsonBlock(env)),
          ]
        : [jsonBlock(t.payload)]),
    );
    fill(result, FINISHED.has(t.state) || t.result !== null ? jsonBlock(t.result) : h('p', { class: 'muted none', text: 'not yet' }));
    if (prev && prev.attempt !== t.attempt && shownAttempt === prev.attempt) {
      // The operator was reading the newest attempt: a new one takes its place.
      shownAttempt = t.attempt;
      renderTabs();
      follow();
    } else if (!prev || prev.attempt !== t.attempt) renderTabs();
    if (!prev || prev.parentId !== t.parentId || prev.runId !== t.runId) void loadLinks();
  };

  const loadLinks = async () => {
    const r = await api('GET', `/v1/tasks/${id}/relations`);
    const ref = (x) => h('a', { href: `#/tasks/${x.id}`, text: `${x.step ?? x.name} #${x.id}` });
    const list = (xs, more) => (xs.length ? h('span', {}, ...xs.flatMap((x, i) => [i ? ', ' : '', ref(x), ' ', badge(x.state)]), more ? ` … +${num(more)}` : '') : h('span', { class: 'muted', text: 'none' }));
    fill(links, 
      h('dt', { text: 'run' }),
      h('dd', { 'data-link': 'run' }, task.runId ? h('a', { href: `#/runs/${encodeURIComponent(task.runId)}`, text: task.runId }) : h('span', { class: 'muted', text: 'none' })),
      h('dt', { text: 'parent' }),
      h('dd', { 'data-link': 'parent' }, r.parent ? h('span', {}, ref(r.parent), ' ', badge(r.parent.state)) : h('span', { class: 'muted', text: 'none' })),
      h('dt', { text: 'depends on' }),
      h('dd', { 'data-link': 'dependencies' }, list(r.dependencies, 0)),
      h('dt', { text: 'children' }),
      h('dd', { 'data-link': 'children' }, list(r.children, r.childrenMore ? r.childrenMore : 0), r.children.length ? h('span', {}, ' · ', h('a', { href: `#/tasks?parentId=${id}`, text: 'all of them' })) : null),
    );
  };

  const renderTabs = () => {
    const n = Math.max(1, task.attempt);
    const choose = (a) => {
      shownAttempt = a;
      renderTabs();
      follow();
    };
    if (shownAttempt === null || shownAttempt > n) shownAttempt = n;
    fill(tabs, 
      ...Array.from({ length: n }, (_, i) => i + 1).map((a) => h('button', { class: a === shownAttempt ? 'small' : 'secondary small', role: 'tab', 'aria-selected': String(a === shownAttempt), 'data-attempt': a, text: `attempt ${a}`, onclick: () => choose(a) })),
      h('button', { class: shownAttempt === 0 ? 'small' : 'secondary small', role: 'tab', 'aria-selected': String(shownAttempt === 0), 'data-attempt': 'all', text: 'all', onclick: () => choose(0) }),
    );
  };

  /** The log tail of the chosen attempt: one stream, replaced when the choice changes. */
  const follow = () => {
    stopLog?.();
    fill(log, );
    logNote.textContent = '';
    let dropped = 0;
    stopLog = sse(`/v1/tasks/${id}/logs?follow=true${shownAttempt ? `&attempt=${shownAttempt}` : ''}`, {
      log: (l) => {
        const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.append(h('span', { class: l.stream, title: `${l.at} · attempt ${l.attempt} · ${l.stream}`, text: `${l.text}\n` }));
        if (log.childNodes.length > LOG_KEEP) {
          log.firstChild.remove();
          dropped++;
          logNote.textContent = `${num(dropped)} earlier lines are not shown here (taskframe logs ${id} has them all).`;
        }
        if (atEnd) log.scrollTop = log.scrollHeight;
      },
      end: () => {
        if (!log.childNodes.length) logNote.textContent = 'No output was captured for this attempt.';
        return false;
      },
    });
  };
  scope.add(() => stopLog?.());

  const addEvents = (list) => {
    for (const e of list) {
      if (seenEvents.has(e.id)) continue;
      seenEvents.add(e.id);
      events.append(h('tr', { 'data-event': e.type }, timeCell(e.at), h('td', { text: e.type }), h('td', { class: 'num', text: e.attempt }), h('td', {}, e.workerId ? h('code', { text: e.workerId }) : ''), h('td', {}, e.detail !== null && e.detail !== undefined ? kv(e.detail) : '')));
    }
  };

  const load = async () => {
    let t;
    try {
      t = (await api('GET', `/v1/tasks/${id}`)).task;
    } catch (err) {
      scope.close();
      fill(root, messageCard(err.status === 404 ? 'No such task' : 'The task could not be read', err.status === 404 ? `There is no task #${id}. It may never have existed, or retention removed it.` : err.message, h('a', { href: '#/tasks', text: 'Search tasks' })));
      return;
    }
    body.hidden = false;
    render(t);
    follow();
    addEvents((await api('GET', `/v1/tasks/${id}/events`)).events);
  };
  scope.sse(`/v1/tasks/${id}/stream`, {
    ready: () => void load(),
    error: () => void load(),
    task: (d) => {
      const before = task?.state;
      render(d.task);
      // A retried task has left its finished state: its log stream had ended, so follow again.
      if (before && FINISHED.has(before) && !FINISHED.has(d.task.state)) follow();
    },
    events: (d) => addEvents(d.events),
  });
}
