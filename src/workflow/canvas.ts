/**
 * The canvas: compose tasks in TypeScript with the vocabulary users know from Celery and
 * machinery — signatures, chain, group, chord, on-success and on-error callbacks — and get a
 * handle whose result can be awaited. A canvas compiles to the same graph as a YAML workflow,
 * so it runs level by level, has a run with a state, and shows in `taskframe runs`.
 *
 *   const handle = await submitCanvas(engine, chain(sig('fetch', { url }), group(sig('a'), sig('b')), sig('combine')));
 *   const combined = await handle.result();
 *
 * Results flow: a signature made without a payload receives what came before it (the previous
 * result; after a group, the list of its results in order). A signature made with a payload
 * keeps it (Celery's immutable `si`).
 */
import type { Engine } from '../engine/engine.js';
import { TaskframeError, ValidationError } from '../model/errors.js';
import { DEFAULTS, validateName, type EnqueueOptions } from '../model/spec.js';
import type { Json } from '../model/task.js';
import type { Run } from '../model/run.js';
import type { TaskDef, Workflow } from './format.js';
import { submitWorkflow } from './submit.js';

type CallbackOwner = { successCallbacks: Signature[]; errorCallbacks: Signature[] };

abstract class Node implements CallbackOwner {
  successCallbacks: Signature[] = [];
  errorCallbacks: Signature[] = [];
  /** Runs `s` with this step's result once it has succeeded. */
  onSuccess(s: Signature): this {
    this.successCallbacks.push(s);
    return this;
  }
  /** Runs `s` with the error(s) if this step fails (for a chain or group: any of its tasks). */
  onError(s: Signature): this {
    this.errorCallbacks.push(s);
    return this;
  }
}

export type SignatureOptions = Pick<EnqueueOptions, 'queue' | 'priority' | 'maxAttempts' | 'backoff' | 'timeout'>;

export class Signature extends Node {
  constructor(
    readonly name: string,
    readonly payload: Json | undefined,
    readonly options: SignatureOptions,
  ) {
    super();
  }
}

export class Chain extends Node {
  constructor(readonly steps: CanvasNode[]) {
    super();
  }
}

export class Group extends Node {
  constructor(readonly members: CanvasNode[]) {
    super();
  }
}

export type CanvasNode = Signature | Chain | Group;

/** A task to run: handler name, payload (omit it to receive the previous result), options. */
export function sig(name: string, payload?: unknown, options: SignatureOptions = {}): Signature {
  validateName(name, 'signature.name');
  return new Signature(name, payload === undefined ? undefined : (JSON.parse(JSON.stringify(payload)) as Json), options);
}

/** One after another, each receiving the previous result. */
export function chain(...steps: CanvasNode[]): Chain {
  if (steps.length === 0) throw new ValidationError('chain', 'needs at least one step');
  return new Chain(steps);
}

/** All at once; the result is the list of member results, in order. */
export function group(...members: CanvasNode[]): Group {
  if (members.length === 0) throw new ValidationError('group', 'needs at least one member');
  return new Group(members);
}

/** A group, then a callback that receives every result in order. */
export function chord(header: Group | CanvasNode[], callback: Signature): Chain {
  return chain(Array.isArray(header) ? group(...header) : header, callback);
}

export interface CanvasHandle {
  run: Run;
  /** Resolves with the canvas's final result; rejects with the run's error if it failed. */
  result(options?: { signal?: AbortSignal; intervalMs?: number }): Promise<Json>;
}

export class CanvasFailedError extends TaskframeError {
  constructor(run: Run) {
    const message = run.error && typeof run.error === 'object' && 'message' in run.error ? String(run.error.message) : run.state;
    super('HANDLER', `canvas run ${run.id} ${run.state}: ${message}`, { runId: run.id, state: run.state, error: run.error });
  }
}

export async function submitCanvas(engine: Engine, node: CanvasNode, options: { name?: string } = {}): Promise<CanvasHandle> {
  const wf = compileCanvas(node, options.name ?? 'canvas');
  const run = await submitWorkflow(engine, wf, { trigger: 'canvas' });
  return {
    run,
    async result(o = {}) {
      const done = await engine.runs.wait(run.id, o);
      if (done.state !== 'succeeded') throw new CanvasFailedError(done);
      return ((done.outputs as { result?: Json } | null)?.result ?? null) as Json;
    },
  };
}

/**
 * Canvas -> workflow. Each signature becomes a task `s<N>`; what a step receives is an
 * expression over the tasks before it, resolved by the worker when the step starts.
 */
export function compileCanvas(root: CanvasNode, name: string): Workflow {
  validateName(name, 'canvas name');
  const tasks: TaskDef[] = [];
  const add = (s: Signature, needs: string[], payload: Json, extra: Partial<TaskDef> = {}): string => {
    const id = `s${tasks.length}`;
    const o = s.options;
    tasks.push({
      id,
      kind: 'handler',
      name: s.name,
      payload,
      env: {},
      needs,
      queue: o.queue ?? DEFAULTS.queue,
      priority: o.priority ?? 0,
      maxAttempts: o.maxAttempts ?? DEFAULTS.maxAttempts,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      timeoutMs: typeof o.timeout === 'number' ? o.timeout : null,
      triggerRule: 'all_success',
      concurrency: null,
      readsNeeds: needs.length > 0 && s.payload === undefined,
      at: `canvas:${id}`,
      ...extra,
    });
    return id;
  };
  /** Compiles `node` after `prev` (task ids) whose result is `input`; returns its sinks and result expression. */
  const compile = (node: CanvasNode, prev: string[], input: string | null): { sinks: string[]; all: string[]; result: string } => {
    let out: { sinks: string[]; all: string[]; result: string };
    if (node instanceof Signature) {
      const payload = node.payload !== undefined ? node.payload : input === null ? null : `\${{ ${input} }}`;
      const id = add(node, prev, payload);
      out = { sinks: [id], all: [id], result: `needs.${id}.output` };
    } else if (node instanceof Chain) {
      let cur = { sinks: prev, all: [] as string[], result: input ?? 'null' };
      let first = true;
      const all: string[] = [];
      for (const step of node.steps) {
        cur = compile(step, cur.sinks, first ? input : cur.result);
        all.push(...cur.all);
        first = false;
      }
      out = { sinks: cur.sinks, all, result: cur.result };
    } else {
      const parts = node.members.map((m) => compile(m, prev, input));
      out = { sinks: parts.flatMap((p) => p.sinks), all: parts.flatMap((p) => p.all), result: `[${parts.map((p) => p.result).join(', ')}]` };
    }
    for (const cb of node.successCallbacks) compile(cb, out.sinks, out.result);
    for (const cb of node.errorCallbacks) {
      const errors = `[${out.all.map((id) => `needs.${id}.error`).join(', ')}]`;
      add(cb, out.all, cb.payload !== undefined ? cb.payload : `\${{ ${out.all.length === 1 ? `needs.${out.all[0]}.error` : errors} }}`, {
        triggerRule: 'any_failed',
        readsNeeds: cb.payload === undefined,
      });
    }
    return out;
  };
  const top = compile(root, [], null);
  // Outputs may read any task; the expression reads the final step's result.
  return {
    name,
    file: null,
    dir: process.cwd(),
    inputs: {},
    failure: 'continue',
    onFailure: null,
    outputs: { result: `\${{ ${top.result} }}` },
    triggers: [],
    overlap: 'allow',
    catchup: 'skip',
    tasks,
  };
}
