// The taskframe console: plain ES modules, no build step, talking to the /v1 API with the token
// the operator typed (kept in sessionStorage: this tab only). Views are live through server-sent
// events (lib.js sse); each view keeps what it opens in a Scope that is closed when it is left,
// so a page open for hours holds one stream and a bounded amount of data.
//
//   #/queues          queues, throughput, workers, autoscaling       view-queues.js
//   #/runs?…          runs, searchable                              view-runs.js
//   #/runs/ID         one run: graph, steps with timeline           view-run.js
//   #/tasks?…         tasks, searchable, bulk retry / cancel         view-tasks.js
//   #/tasks/ID        one task: error, payload, logs, audit          view-task.js
//   #/flow            limits, their use now, pauses (resume)        view-flow.js

import { Scope, h, messageCard, session } from './lib.js';
import { viewFlow } from './view-flow.js';
import { viewQueues } from './view-queues.js';
import { viewRun } from './view-run.js';
import { viewRuns } from './view-runs.js';
import { viewTask } from './view-task.js';
import { viewTasks } from './view-tasks.js';

let scope = new Scope();

function signOut(message) {
  session.token = '';
  session.principal = null;
  sessionStorage.removeItem('taskframe.token');
  showLogin(message);
}
session.onUnauthorized = signOut;

function showLogin(message = '') {
  scope.close();
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
  const principal = await res.json();
  if (!principal.scopes.some((x) => x === 'admin' || x === 'producer')) throw new Error('This token cannot read tasks (it needs scope admin or producer).');
  session.principal = principal;
  session.token = candidate;
  sessionStorage.setItem('taskframe.token', candidate);
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = `${principal.name} (${principal.scopes.join(', ')})`;
  route();
}

function route() {
  if (!session.token || !session.principal) return;
  scope.close();
  scope = new Scope();
  const [path, query] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/queues').split('/').filter(Boolean);
  const root = document.getElementById('view');
  root.replaceChildren();
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === parts[0]));
  const id = parts[1] !== undefined ? decodeURIComponent(parts[1]) : undefined;
  if (parts.length > 2) root.append(messageCard('No such page', `“${location.hash}” is not a page of this console.`, h('a', { href: '#/queues', text: 'Go to the queues' })));
  else if (parts[0] === 'runs' && id !== undefined) viewRun(root, scope, id);
  else if (parts[0] === 'runs') viewRuns(root, scope, params);
  else if (parts[0] === 'tasks' && id !== undefined) viewTask(root, scope, id);
  else if (parts[0] === 'tasks') viewTasks(root, scope, params);
  else if (parts[0] === 'flow' && id === undefined) viewFlow(root, scope);
  else if (parts[0] === 'queues' || parts.length === 0) viewQueues(root, scope);
  else root.append(messageCard('No such page', `“${location.hash}” is not a page of this console.`, h('a', { href: '#/queues', text: 'Go to the queues' })));
  document.title = `taskframe · ${parts[0] ?? 'queues'}${id ? ` ${id}` : ''}`;
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
if (session.token) signIn(session.token).catch(() => signOut('Sign in again.'));
else showLogin();
