import { TaskframeError, ValidationError } from '../model/errors.js';
import { DEFAULTS, validateName } from '../model/spec.js';
import { submitWorkflow } from './submit.js';
class Node {
    successCallbacks = [];
    errorCallbacks = [];
    /** Runs `s` with this step's result once it has succeeded. */
    onSuccess(s) {
        this.successCallbacks.push(s);
        return this;
    }
    /** Runs `s` with the error(s) if this step fails (for a chain or group: any of its tasks). */
    onError(s) {
        this.errorCallbacks.push(s);
        return this;
    }
}
export class Signature extends Node {
    name;
    payload;
    options;
    constructor(name, payload, options) {
        super();
        this.name = name;
        this.payload = payload;
        this.options = options;
    }
}
export class Chain extends Node {
    steps;
    constructor(steps) {
        super();
        this.steps = steps;
    }
}
export class Group extends Node {
    members;
    constructor(members) {
        super();
        this.members = members;
    }
}
/** A task to run: handler name, payload (omit it to receive the previous result), options. */
export function sig(name, payload, options = {}) {
    validateName(name, 'signature.name');
    return new Signature(name, payload === undefined ? undefined : JSON.parse(JSON.stringify(payload)), options);
}
/** One after another, each receiving the previous result. */
export function chain(...steps) {
    if (steps.length === 0)
        throw new ValidationError('chain', 'needs at least one step');
    return new Chain(steps);
}
/** All at once; the result is the list of member results, in order. */
export function group(...members) {
    if (members.length === 0)
        throw new ValidationError('group', 'needs at least one member');
    return new Group(members);
}
/** A group, then a callback that receives every result in order. */
export function chord(header, callback) {
    return chain(Array.isArray(header) ? group(...header) : header, callback);
}
export class CanvasFailedError extends TaskframeError {
    constructor(run) {
        const message = run.error && typeof run.error === 'object' && 'message' in run.error ? String(run.error.message) : run.state;
        super('HANDLER', `canvas run ${run.id} ${run.state}: ${message}`, { runId: run.id, state: run.state, error: run.error });
    }
}
export async function submitCanvas(engine, node, options = {}) {
    const wf = compileCanvas(node, options.name ?? 'canvas');
    const run = await submitWorkflow(engine, wf, { trigger: 'canvas' });
    return {
        run,
        async result(o = {}) {
            const done = await engine.runs.wait(run.id, o);
            if (done.state !== 'succeeded')
                throw new CanvasFailedError(done);
            return (done.outputs?.result ?? null);
        },
    };
}
/**
 * Canvas -> workflow. Each signature becomes a task `s<N>`; what a step receives is an
 * expression over the tasks before it, resolved by the worker when the step starts.
 */
export function compileCanvas(root, name) {
    validateName(name, 'canvas name');
    const tasks = [];
    const add = (s, needs, payload, extra = {}) => {
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
    const compile = (node, prev, input) => {
        let out;
        if (node instanceof Signature) {
            const payload = node.payload !== undefined ? node.payload : input === null ? null : `\${{ ${input} }}`;
            const id = add(node, prev, payload);
            out = { sinks: [id], all: [id], result: `needs.${id}.output` };
        }
        else if (node instanceof Chain) {
            let cur = { sinks: prev, all: [], result: input ?? 'null' };
            let first = true;
            const all = [];
            for (const step of node.steps) {
                cur = compile(step, cur.sinks, first ? input : cur.result);
                all.push(...cur.all);
                first = false;
            }
            out = { sinks: cur.sinks, all, result: cur.result };
        }
        else {
            const parts = node.members.map((m) => compile(m, prev, input));
            out = { sinks: parts.flatMap((p) => p.sinks), all: parts.flatMap((p) => p.all), result: `[${parts.map((p) => p.result).join(', ')}]` };
        }
        for (const cb of node.successCallbacks)
            compile(cb, out.sinks, out.result);
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
//# sourceMappingURL=canvas.js.map