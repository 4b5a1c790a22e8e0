/**
 * Workflow + inputs -> the graph of tasks one run inserts in one transaction. Everything that
 * can be decided before the run (inputs, a foreach over a known list, an `if` that reads no
 * upstream result) is decided here; only what reads upstream results is left for run time.
 *
 * Besides the user's tasks the graph holds two machinery tasks:
 *  - on_failure. Under fail_fast (trigger rule any_failed) it fires at the first failure,
 *    cancels what is still live, then runs the workflow's `on_failure` task. Under continue
 *    (all_done over every task) it runs once everything has ended, and runs `on_failure` when
 *    something failed, with every failure.
 *  - finish (all_done, after on_failure): sets the run's state and outputs.
 * Both depend only on the "uncovered" tasks (but on_failure under continue, on all of them):
 * those with no dependent of trigger rule all_success. A covered task's failure skips that dependent in the same transaction, and so on
 * down to an uncovered task, so the first failure is still seen at once; and when every
 * uncovered task has succeeded, every task has. This keeps a wide level from paying two extra
 * dependency updates per task. The one case this leaves open (a failure whose skips finish the
 * uncovered tasks while covered siblings still run, under `continue`) is closed by the finish
 * task, which waits, polling, until nothing of the run is live.
 */
import type { GraphNode } from '../engine/graph.js';
import { ValidationError } from '../model/errors.js';
import { LIMITS, type EnqueueSpec } from '../model/spec.js';
import { ENVELOPE_MARK } from '../model/step.js';
import type { Json } from '../model/task.js';
import { topoOrder } from './dag.js';
import type { TaskEnvelope } from './envelope.js';
import { ExprError, evalExpr, parseCondition, renderValue, truthy } from './expr.js';
import { INTERNAL, type TaskDef, type Workflow } from './format.js';

export type { GraphNode };

export function staticScope(wf: Workflow, runId: string, inputs: Record<string, Json>): Record<string, unknown> {
  return { inputs, run: { id: runId }, workflow: { name: wf.name } };
}

export function buildGraph(wf: Workflow, runId: string, inputs: Record<string, Json>): GraphNode[] {
  const nodes: GraphNode[] = [];
  const indexesOf = new Map<string, number[]>();
  const scope = staticScope(wf, runId, inputs);
  const byId = new Map(wf.tasks.map((t) => [t.id, t]));
  for (const id of topoOrder(wf.tasks)) {
    const t = byId.get(id)!;
    const deps = t.needs.flatMap((n) => indexesOf.get(n)!);
    const mine: number[] = [];
    const dynamic = t.foreach !== undefined && t.readsNeeds && typeof t.foreach === 'string' && foreachReadsNeeds(t.foreach);
    if (t.foreach !== undefined && !dynamic) {
      const list = evalForeach(t, scope);
      list.forEach((item, i) => {
        const itemScope = { ...scope, item, index: i };
        const lane = t.concurrency !== null && i >= t.concurrency ? [mine[i - t.concurrency]!] : [];
        mine.push(nodes.length);
        nodes.push({ spec: taskSpec(runId, t, envelopeFor(wf, runId, t, itemScope, { item, index: i })), after: [...deps, ...lane] });
      });
    } else if (dynamic) {
      mine.push(nodes.length);
      nodes.push({ spec: foreachSpec(wf, runId, t, scope), after: deps });
    } else {
      mine.push(nodes.length);
      nodes.push({ spec: taskSpec(runId, t, envelopeFor(wf, runId, t, scope, {})), after: deps });
    }
    indexesOf.set(id, mine);
  }
  const userNodes = uncovered(nodes);
  const everyUserNode = nodes.map((_, i) => i);
  const machinery: number[] = [];
  if (wf.failure === 'fail_fast' || wf.onFailure) {
    machinery.push(nodes.length);
    const onFailure = wf.onFailure ? envelopeFor(wf, runId, wf.onFailure, scope, {}) : null;
    // Under continue the run has failed only once everything has ended: the uncovered tasks
    // may all be done (skipped behind a failure) while a covered sibling still runs.
    const afterAll = wf.failure === 'continue';
    nodes.push({
      spec: {
        name: INTERNAL.onFailure,
        payload: base(wf, runId, 'on_failure', { kind: 'on_failure', policy: wf.failure, onFailure, at: wf.onFailure?.at ?? wf.tasks[0]!.at }),
        runId,
        triggerRule: afterAll ? 'all_done' : 'any_failed',
        maxAttempts: wf.onFailure?.maxAttempts ?? 3,
        ...(wf.onFailure?.timeoutMs ? { timeout: wf.onFailure.timeoutMs } : {}),
        queue: wf.onFailure?.queue ?? wf.tasks[0]!.queue,
      },
      after: afterAll ? everyUserNode : userNodes,
    });
  }
  nodes.push({
    spec: {
      name: INTERNAL.finish,
      payload: base(wf, runId, 'finish', { kind: 'finish', outputs: wf.outputs, at: wf.tasks[0]!.at }),
      runId,
      triggerRule: 'all_done',
      // It may wait (RetryLater) for covered tasks still running; see finishRun.
      maxAttempts: LIMITS.maxAttemptsMax,
      backoff: { kind: 'fixed', baseMs: 200, capMs: 200, jitter: 0 },
      queue: wf.tasks[0]!.queue,
    },
    after: [...userNodes, ...machinery],
  });
  return nodes;
}

/** Indexes of nodes no node depends on with trigger rule all_success. */
function uncovered(nodes: GraphNode[]): number[] {
  const covered = new Set<number>();
  for (const n of nodes) if ((n.spec.triggerRule ?? 'all_success') === 'all_success') for (const k of n.after ?? []) covered.add(k);
  return nodes.map((_, i) => i).filter((i) => !covered.has(i));
}

function base(wf: Workflow, runId: string, task: string, rest: Partial<TaskEnvelope>): Json {
  return { [ENVELOPE_MARK]: 1, run: runId, workflow: wf.name, task, payload: null, needs: [], readsNeeds: false, at: '', ...rest } as unknown as Json;
}

function foreachReadsNeeds(text: string): boolean {
  return /\bneeds\b/.test(text);
}

function evalForeach(t: TaskDef, scope: Record<string, unknown>): Json[] {
  let list: unknown;
  if (Array.isArray(t.foreach)) list = renderValue(t.foreach, scope);
  else {
    try {
      list = evalExpr(parseCondition(t.foreach!).expr, scope);
    } catch (err) {
      if (err instanceof ExprError) throw new ValidationError(t.foreachAt!, `foreach: ${err.message}`);
      throw err;
    }
  }
  if (!Array.isArray(list)) throw new ValidationError(t.foreachAt!, `\`foreach\` of task "${t.id}" must give a list, got ${describe(list)}`);
  return list as Json[];
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v).slice(0, 60)}`;
}

/**
 * The envelope of one task. Templates that read no upstream result are rendered now; the rest
 * are kept for the worker, with the static part of the scope (item, index) stored beside them.
 */
export function envelopeFor(wf: Workflow, runId: string, t: TaskDef, scope: Record<string, unknown>, extra: { item?: Json; index?: number }): TaskEnvelope {
  const render = (v: unknown) => (t.readsNeeds ? v : renderAt(t, v, scope));
  let cond: string | boolean | undefined;
  if (t.if !== undefined) {
    if (t.if === 'true' || t.if === 'false') cond = t.if === 'true';
    else if (t.readsNeeds && /\bneeds\b/.test(t.if)) cond = t.if;
    else {
      try {
        cond = truthy(evalExpr(parseCondition(t.if).expr, scope));
      } catch (err) {
        if (err instanceof ExprError) throw new ValidationError(t.ifAt!, `if: ${err.message}`);
        throw err;
      }
    }
  }
  return {
    [ENVELOPE_MARK]: 1,
    run: runId,
    workflow: wf.name,
    task: t.id,
    kind: t.kind,
    payload: render(t.payload) as Json,
    ...(t.kind !== 'command' ? { handler: t.name } : {}),
    ...(t.command !== undefined ? { command: render(t.command) as string | string[], cwd: wf.dir } : {}),
    ...(Object.keys(t.env).length ? { env: render(t.env) as Record<string, string> } : {}),
    ...(cond !== undefined ? { if: cond } : {}),
    // Kept small: a wide level stores and reads this once per task.
    ...(t.readsNeeds ? { needs: t.needs, readsNeeds: true } : {}),
    ...(extra.index !== undefined ? { index: extra.index, item: extra.item ?? null } : {}),
    at: t.at,
    ...(t.ifAt ? { ifAt: t.ifAt } : {}),
  };
}

function renderAt(t: TaskDef, v: unknown, scope: Record<string, unknown>): unknown {
  try {
    return renderValue(v, scope);
  } catch (err) {
    if (err instanceof ExprError) throw new ValidationError(t.at, `task "${t.id}": ${err.message}`);
    throw err;
  }
}

export function taskSpec(runId: string, t: TaskDef, env: TaskEnvelope): EnqueueSpec {
  return {
    name: t.name,
    payload: env,
    runId,
    queue: t.queue,
    priority: t.priority,
    maxAttempts: t.maxAttempts,
    ...(t.backoff ? { backoff: t.backoff } : {}),
    ...(t.timeoutMs ? { timeout: t.timeoutMs } : {}),
    triggerRule: t.triggerRule,
  };
}

function foreachSpec(wf: Workflow, runId: string, t: TaskDef, scope: Record<string, unknown>): EnqueueSpec {
  // Item templates stay unrendered: the fan-out task renders them once the list is known.
  const itemEnvelope = envelopeFor(wf, runId, { ...t, readsNeeds: true }, scope, {});
  const env: TaskEnvelope = {
    ...itemEnvelope,
    kind: 'foreach',
    foreach: t.foreach as string,
    itemKind: t.kind,
    itemName: t.name,
    concurrency: t.concurrency,
    foreachAt: t.foreachAt!,
    itemOptions: {
      queue: t.queue,
      priority: t.priority,
      maxAttempts: t.maxAttempts,
      ...(t.backoff ? { backoff: t.backoff as Json } : {}),
      timeoutMs: t.timeoutMs,
      triggerRule: t.triggerRule,
    },
  };
  return { name: INTERNAL.foreach, payload: env, runId, queue: t.queue, priority: t.priority, maxAttempts: 3, triggerRule: t.triggerRule };
}
