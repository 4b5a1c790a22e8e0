/**
 * YAML workflow file -> validated Workflow. Parsing keeps source positions so that every
 * problem is reported as file:line:column; all problems found are reported together, and an
 * invalid file never reaches the store.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { MAX_TIMER_MS, parseDuration } from '../model/duration.js';
import { ValidationError } from '../model/errors.js';
import { DEFAULTS, LIMITS } from '../model/spec.js';
import { TRIGGER_RULES } from '../model/trigger.js';
import { findCycle } from './dag.js';
import { ExprError, exprRefs, parseCondition, parseTemplate } from './expr.js';
import { parseLimits } from './limits.js';
import { INTERNAL } from './format.js';
import { cronProblem, parseEvery, timezoneProblem } from '../model/schedule.js';
/** Problems the message spells out; one mistake (a bad indent, a misspelt input) can make dozens. */
export const PROBLEMS_SHOWN = 5;
/** An invalid workflow: every problem, each with file:line:column (the message shows the first few). */
export class WorkflowError extends ValidationError {
    problems;
    constructor(problems) {
        const first = problems[0];
        const more = problems.slice(1, PROBLEMS_SHOWN).map((p) => `\n  ${p.at}: ${p.message}`).join('');
        const hidden = problems.length - PROBLEMS_SHOWN;
        const rest = hidden > 0 ? `\n  … and ${hidden} more problem${hidden === 1 ? '' : 's'} (${problems.length} in all; fix these first, they may be the cause)` : '';
        super(first.at, `${first.message}${more}${rest}`, { problems });
        this.problems = problems;
    }
}
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/;
const ID_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const TOP_KEYS = ['name', 'description', 'inputs', 'defaults', 'failure', 'on_failure', 'outputs', 'triggers', 'overlap', 'catchup', 'sequential', 'limits', 'tasks'];
export const TASK_KEYS = ['command', 'handler', 'unit', 'needs', 'payload', 'env', 'retries', 'backoff', 'timeout', 'queue', 'priority', 'if', 'foreach', 'concurrency', 'limit', 'trigger_rule', 'description'];
export const DEFAULT_KEYS = ['retries', 'backoff', 'timeout', 'queue', 'env', 'priority'];
const INPUT_TYPES = ['string', 'number', 'boolean', 'list', 'object'];
const ROOTS = ['inputs', 'needs', 'item', 'index', 'run', 'workflow'];
export function parseWorkflow(source, options = {}) {
    const file = options.file ?? '<workflow>';
    const lc = new LineCounter();
    const doc = parseDocument(source, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
    const where = (offset) => {
        const p = lc.linePos(offset);
        return `${file}:${p.line}:${p.col}`;
    };
    if (doc.errors.length > 0) {
        throw new WorkflowError(doc.errors.map((e) => ({ at: where(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}` })));
    }
    const problems = [];
    const at = (n) => where(n?.range?.[0] ?? 0);
    const bad = (n, message, offset) => void problems.push({ at: offset === undefined ? at(n) : where(textOffset(n, offset)), message });
    const root = doc.contents;
    if (!isMap(root))
        throw new WorkflowError([{ at: at(root), message: 'a workflow is a mapping with at least `name` and `tasks`' }]);
    const top = entries(root, TOP_KEYS, 'workflow', bad);
    const name = top.name ? str(top.name, 'name', bad) : undefined;
    if (!top.name)
        bad(root, 'missing `name`');
    else if (name !== undefined && !NAME_RE.test(name))
        bad(top.name, `name "${name}" may hold only letters, digits and . _ : - /`);
    const inputs = parseInputs(top.inputs, bad);
    const defaults = parseDefaults(top.defaults, bad);
    const failure = enumOf(top.failure, ['fail_fast', 'continue'], 'failure', bad) ?? 'fail_fast';
    const overlap = enumOf(top.overlap, ['allow', 'forbid'], 'overlap', bad) ?? 'allow';
    const catchup = enumOf(top.catchup, ['skip', 'once'], 'catchup', bad) ?? 'skip';
    const sequential = top.sequential ? bool(top.sequential, 'sequential', bad) : false;
    const ctx = { bad, at, inputs, defaults, options, taskIds: new Set(), limits: [] };
    const tasks = [];
    const nodes = new Map();
    if (!top.tasks)
        bad(root, 'missing `tasks`');
    else if (!isMap(top.tasks) || top.tasks.items.length === 0)
        bad(top.tasks, '`tasks` must be a mapping of task id to task, with at least one task');
    else {
        for (const pair of top.tasks.items) {
            const id = isScalar(pair.key) ? String(pair.key.value) : '';
            if (!ID_RE.test(id))
                bad(pair.key, `task id "${id}" must start with a letter or _ and hold only letters, digits, _ and -`);
            if (ctx.taskIds.has(id)) {
                bad(pair.key, `duplicate task id "${id}" (first defined at ${at(nodes.get(id))})`);
                continue;
            }
            ctx.taskIds.add(id);
            nodes.set(id, pair.key);
        }
        let previous = null;
        for (const pair of top.tasks.items) {
            const id = isScalar(pair.key) ? String(pair.key.value) : '';
            if (nodes.get(id) !== pair.key)
                continue;
            const implicit = sequential && !hasKey(pair.value, 'needs') && previous !== null ? [previous] : [];
            const t = parseTask(id, pair, ctx, false, implicit);
            if (t)
                tasks.push(t);
            previous = id;
        }
    }
    for (const t of tasks) {
        for (const n of t.needs)
            if (!ctx.taskIds.has(n))
                problems.push({ at: t.at, message: `task "${t.id}" needs unknown task "${n}"${suggest(n, [...ctx.taskIds])}` });
    }
    const cycle = findCycle(tasks.map((t) => ({ id: t.id, needs: t.needs.filter((n) => ctx.taskIds.has(n)) })));
    if (cycle)
        problems.push({ at: tasks.find((t) => t.id === cycle[0]).at, message: `cycle: ${cycle.join(' -> ')}` });
    let onFailure = null;
    if (top.on_failure) {
        if (!isMap(top.on_failure))
            bad(top.on_failure, '`on_failure` must be a task (command, handler or unit)');
        else {
            for (const k of ['needs', 'foreach'])
                if (hasKey(top.on_failure, k))
                    bad(top.on_failure, `\`on_failure\` runs when the run fails; it takes no \`${k}\``);
            onFailure = parseTask('on_failure', { key: top.on_failure, value: top.on_failure }, ctx, true);
        }
    }
    const outputs = {};
    if (top.outputs) {
        if (!isMap(top.outputs))
            bad(top.outputs, '`outputs` must map names to expressions');
        else
            for (const p of top.outputs.items) {
                const k = isScalar(p.key) ? String(p.key.value) : '';
                const v = p.value;
                if (!isScalar(v) || typeof v.value !== 'string') {
                    bad(v, `output "${k}" must be an expression string like \${{ needs.task.output }}`);
                    continue;
                }
                checkExpressions(v, { needs: [...ctx.taskIds], item: false, inputs }, bad);
                outputs[k] = v.value;
            }
    }
    const triggers = parseTriggers(top.triggers, inputs, bad, at);
    const limits = parseLimits(top.limits, ctx.limits, name ?? '', bad, at);
    if (problems.length > 0) {
        problems.sort((a, b) => compareAt(a.at, b.at));
        throw new WorkflowError(problems);
    }
    const abs = options.file ? path.resolve(options.file) : null;
    return {
        name: name,
        ...(top.description && isScalar(top.description) ? { description: String(top.description.value) } : {}),
        file: abs,
        dir: abs ? path.dirname(abs) : process.cwd(),
        inputs,
        failure,
        onFailure,
        outputs,
        triggers,
        overlap,
        catchup,
        tasks,
        ...(limits.length > 0 ? { limits } : {}),
    };
}
function textOffset(n, offset) {
    const start = n.range?.[0] ?? 0;
    if (!isScalar(n))
        return start;
    if (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE')
        return start + 1 + offset;
    if (n.type === 'PLAIN' && typeof n.value === 'string' && !n.value.includes('\n'))
        return start + offset;
    return start;
}
/**
 * Enqueue options a user may expect on a step that a step cannot have, and why: a step's task
 * belongs to its run's graph, so it cannot join another run's task (debounce, throttle), and
 * workflow tasks are run one at a time (batching is a worker's handler option).
 */
const NOT_STEP_KEYS = {
    debounce: 'a step cannot be debounced: its task belongs to this run\'s graph and cannot join another run\'s task (debounce the enqueue that starts the run instead; docs/flow-debounce-batch.md)',
    throttle: 'a step cannot be throttled: its task belongs to this run\'s graph and cannot join another run\'s task (docs/flow-debounce-batch.md)',
    batch: 'batching is set on the worker\'s handler (worker.register(name, { batch }, fn)), not on a step; workflow steps run one task at a time (docs/flow-debounce-batch.md)',
};
function entries(map, allowed, what, bad, hints = {}) {
    const out = {};
    for (const p of map.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        if (!allowed.includes(k)) {
            bad(p.key, Object.hasOwn(hints, k) ? `${what}: ${hints[k]}` : `unknown ${what} key "${k}"${suggest(k, allowed)}`);
            continue;
        }
        if (k in out)
            bad(p.key, `"${k}" is given twice`);
        out[k] = (p.value ?? null);
    }
    return out;
}
function hasKey(n, key) {
    return isMap(n) && n.items.some((p) => isScalar(p.key) && p.key.value === key);
}
function str(n, field, bad) {
    if (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number'))
        return String(n.value);
    bad(n, `\`${field}\` must be a string`);
    return undefined;
}
function bool(n, field, bad) {
    if (isScalar(n) && typeof n.value === 'boolean')
        return n.value;
    bad(n, `\`${field}\` must be true or false`);
    return false;
}
function enumOf(n, values, field, bad) {
    if (!n)
        return undefined;
    if (isScalar(n) && values.includes(n.value))
        return n.value;
    bad(n, `\`${field}\` must be one of ${values.join(', ')}`);
    return undefined;
}
/** `max`: MAX_TIMER_MS for what becomes a timer (timeouts, intervals), else the model's default. */
function duration(n, field, bad, max) {
    if (!isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) {
        bad(n, `\`${field}\` must be a duration like 500ms, 30s, 5m`);
        return undefined;
    }
    try {
        return parseDuration(n.value, field, max);
    }
    catch (err) {
        bad(n, err.message);
        return undefined;
    }
}
function int(n, field, min, max, bad) {
    if (isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= min && n.value <= max)
        return n.value;
    bad(n, `\`${field}\` must be an integer between ${min} and ${max}`);
    return undefined;
}
function stringMap(n, field, bad) {
    const out = {};
    if (!isMap(n)) {
        bad(n, `\`${field}\` must map names to strings`);
        return out;
    }
    for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        const v = p.value;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
            bad(p.key, `environment variable name "${k}" is not valid`);
        else if (!isScalar(v) || v.value === null || typeof v.value === 'object')
            bad(v, `\`${field}.${k}\` must be a string`);
        else
            out[k] = String(v.value);
    }
    return out;
}
function backoff(n, bad) {
    if (!isMap(n)) {
        bad(n, '`backoff` must be a mapping {kind, base, cap, jitter}');
        return undefined;
    }
    const e = entries(n, ['kind', 'base', 'cap', 'jitter'], 'backoff', bad);
    const out = {};
    const kind = enumOf(e.kind, ['exponential', 'fibonacci', 'fixed'], 'backoff.kind', bad);
    if (kind)
        out.kind = kind;
    if (e.base)
        out.baseMs = duration(e.base, 'backoff.base', bad);
    if (e.cap)
        out.capMs = duration(e.cap, 'backoff.cap', bad);
    if (e.jitter) {
        if (isScalar(e.jitter) && typeof e.jitter.value === 'number' && e.jitter.value >= 0 && e.jitter.value <= 1)
            out.jitter = e.jitter.value;
        else
            bad(e.jitter, '`backoff.jitter` must be a number between 0 and 1');
    }
    if (out.baseMs !== undefined && out.capMs !== undefined && out.capMs < out.baseMs)
        bad(n, '`backoff.cap` must be at least `backoff.base`');
    return out;
}
function parseDefaults(n, bad) {
    const d = { retries: DEFAULTS.maxAttempts - 1, timeoutMs: null, queue: DEFAULTS.queue, env: {}, priority: 0 };
    if (!n)
        return d;
    if (!isMap(n)) {
        bad(n, '`defaults` must be a mapping');
        return d;
    }
    const e = entries(n, DEFAULT_KEYS, 'defaults', bad);
    if (e.retries)
        d.retries = int(e.retries, 'defaults.retries', 0, LIMITS.maxAttemptsMax - 1, bad) ?? d.retries;
    if (e.backoff)
        d.backoff = backoff(e.backoff, bad);
    if (e.timeout)
        d.timeoutMs = duration(e.timeout, 'defaults.timeout', bad, MAX_TIMER_MS) ?? null;
    if (e.queue)
        d.queue = queueName(e.queue, 'defaults.queue', bad) ?? d.queue;
    if (e.env)
        d.env = stringMap(e.env, 'defaults.env', bad);
    if (e.priority)
        d.priority = int(e.priority, 'defaults.priority', LIMITS.priorityMin, LIMITS.priorityMax, bad) ?? 0;
    return d;
}
function queueName(n, field, bad) {
    const s = str(n, field, bad);
    if (s !== undefined && !NAME_RE.test(s)) {
        bad(n, `\`${field}\` "${s}" may hold only letters, digits and . _ : - /`);
        return undefined;
    }
    if (s !== undefined && s.length > LIMITS.nameMaxLength) {
        bad(n, `\`${field}\` must be at most ${LIMITS.nameMaxLength} characters`);
        return undefined;
    }
    return s;
}
function parseInputs(n, bad) {
    const out = {};
    if (!n)
        return out;
    if (!isMap(n)) {
        bad(n, '`inputs` must map input names to a default value or {type, default, required, description}');
        return out;
    }
    for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '';
        if (!ID_RE.test(k))
            bad(p.key, `input name "${k}" must start with a letter or _ and hold only letters, digits, _ and -`);
        const v = p.value;
        if (isMap(v) && v.items.some((i) => isScalar(i.key) && ['type', 'default', 'required', 'description'].includes(String(i.key.value)))) {
            const e = entries(v, ['type', 'default', 'required', 'description'], `input`, bad);
            const type = enumOf(e.type, INPUT_TYPES, `inputs.${k}.type`, bad) ?? null;
            const def = { type, required: e.required ? bool(e.required, `inputs.${k}.required`, bad) : false };
            if (e.default !== undefined) {
                def.default = e.default?.toJSON();
                if (type && !matchesType(def.default, type))
                    bad(e.default, `default of input "${k}" is not a ${type}`);
            }
            if (e.description && isScalar(e.description))
                def.description = String(e.description.value);
            out[k] = def;
        }
        else {
            const value = (v?.toJSON() ?? null);
            out[k] = { type: value === null ? null : typeOf(value), default: value, required: false };
        }
    }
    return out;
}
export function typeOf(v) {
    return Array.isArray(v) ? 'list' : v === null ? 'object' : typeof v;
}
export function matchesType(v, type) {
    if (type === 'list')
        return Array.isArray(v);
    if (type === 'object')
        return v !== null && typeof v === 'object' && !Array.isArray(v);
    return typeof v === type;
}
function parseTask(id, pair, c, isOnFailure, implicitNeeds = []) {
    const { bad, at, defaults } = c;
    const node = pair.value;
    if (!isMap(node)) {
        bad((node ?? pair.key), `task "${id}" must be a mapping with one of command, handler or unit`);
        return null;
    }
    const e = entries(node, TASK_KEYS, `task "${id}"`, bad, NOT_STEP_KEYS);
    const given = ['command', 'handler', 'unit'].filter((k) => e[k] !== undefined);
    if (given.length !== 1) {
        bad(pair.key, `task "${id}" needs exactly one of command, handler or unit${given.length ? ` (has ${given.join(' and ')})` : ''}`);
        return null;
    }
    const kind = given[0];
    let name = INTERNAL.command;
    let command;
    if (kind === 'command') {
        const cn = e.command;
        if (isScalar(cn) && typeof cn.value === 'string' && cn.value.trim())
            command = cn.value;
        else if (isSeq(cn) && cn.items.length > 0 && cn.items.every((i) => isScalar(i) && i.value !== null && typeof i.value !== 'object')) {
            command = cn.items.map((i) => String(i.value));
        }
        else
            bad(cn, '`command` must be a non-empty string (run by the shell) or a list of arguments');
    }
    else {
        const s = str(e[kind], kind, bad);
        if (s !== undefined) {
            if (!NAME_RE.test(s))
                bad(e[kind], `${kind} name "${s}" may hold only letters, digits and . _ : - /`);
            const known = kind === 'handler' ? c.options.handlers : c.options.units;
            if (known && !known.includes(s))
                bad(e[kind], `unknown ${kind} "${s}"${known.length ? ` (known: ${[...known].sort().join(', ')})` : ` (no ${kind}s are registered)`}`);
            name = s;
        }
    }
    let needs = implicitNeeds;
    if (e.needs) {
        const n = e.needs;
        if (isScalar(n) && typeof n.value === 'string')
            needs = [n.value];
        else if (isSeq(n) && n.items.every((i) => isScalar(i) && typeof i.value === 'string'))
            needs = n.items.map((i) => String(i.value));
        else
            bad(n, '`needs` must be a task id or a list of task ids');
        if (needs.includes(id))
            bad(n, `task "${id}" cannot need itself`);
        if (new Set(needs).size !== needs.length)
            bad(n, '`needs` lists a task twice');
    }
    const hasForeach = e.foreach !== undefined;
    const scopeNeeds = isOnFailure ? [] : needs;
    let readsNeeds = false;
    const check = (n) => {
        if (!n)
            return;
        if (checkExpressions(n, { needs: scopeNeeds, item: hasForeach, inputs: c.inputs, onFailure: isOnFailure }, bad))
            readsNeeds = true;
    };
    if (e.command)
        check(e.command);
    if (e.payload)
        check(e.payload);
    if (e.env)
        check(e.env);
    let ifText;
    if (e.if) {
        if (isScalar(e.if) && typeof e.if.value === 'string') {
            ifText = e.if.value;
            if (checkCondition(e.if, ifText, { needs: scopeNeeds, item: hasForeach, inputs: c.inputs, onFailure: isOnFailure }, bad))
                readsNeeds = true;
        }
        else if (isScalar(e.if) && typeof e.if.value === 'boolean')
            ifText = String(e.if.value);
        else
            bad(e.if, '`if` must be an expression');
    }
    let foreach;
    if (e.foreach) {
        const f = e.foreach;
        if (isSeq(f))
            foreach = f.toJSON();
        else if (isScalar(f) && typeof f.value === 'string' && (f.value.includes('${{') || /^[A-Za-z_]/.test(f.value.trim()))) {
            foreach = f.value;
            const { expr } = safeCondition(f, f.value, bad) ?? {};
            if (expr) {
                if (expr.k === 'lit' && !Array.isArray(expr.v))
                    bad(f, `\`foreach\` must be a list, got ${JSON.stringify(expr.v)}`);
                else if (checkCondition(f, f.value, { needs: scopeNeeds, item: false, inputs: c.inputs }, bad))
                    readsNeeds = true;
                else
                    staticForeachCheck(expr, c.inputs, f, bad);
            }
        }
        else
            bad(f, `\`foreach\` must be a list or an expression giving a list, got ${JSON.stringify(f.toJSON?.() ?? null)}`);
    }
    const retries = e.retries ? int(e.retries, 'retries', 0, LIMITS.maxAttemptsMax - 1, bad) : undefined;
    const triggerRule = (enumOf(e.trigger_rule, TRIGGER_RULES, 'trigger_rule', bad) ?? 'all_success');
    const concurrency = e.concurrency ? int(e.concurrency, 'concurrency', 1, 1_000_000, bad) ?? null : null;
    if (concurrency !== null && !hasForeach)
        bad(e.concurrency, '`concurrency` bounds a `foreach`; this task has none');
    if (e.limit !== undefined) {
        const keyNode = node.items.find((p) => isScalar(p.key) && p.key.value === 'limit').key;
        if (isOnFailure)
            bad(keyNode, '`on_failure` takes no `limit` (limit its handler or unit in the top-level `limits:`)');
        else
            c.limits.push({ step: id, kind, name, node: e.limit, keyNode });
    }
    const task = {
        id,
        kind,
        name,
        ...(command !== undefined ? { command } : {}),
        payload: (e.payload?.toJSON() ?? null),
        env: { ...defaults.env, ...(e.env ? stringMap(e.env, 'env', bad) : {}) },
        needs,
        queue: (e.queue ? queueName(e.queue, 'queue', bad) : undefined) ?? defaults.queue,
        priority: (e.priority ? int(e.priority, 'priority', LIMITS.priorityMin, LIMITS.priorityMax, bad) : undefined) ?? defaults.priority,
        maxAttempts: (retries ?? defaults.retries) + 1,
        ...((e.backoff ? backoff(e.backoff, bad) : defaults.backoff) ? { backoff: (e.backoff ? backoff(e.backoff, () => { }) : defaults.backoff) } : {}),
        timeoutMs: (e.timeout ? duration(e.timeout, 'timeout', bad, MAX_TIMER_MS) : undefined) ?? defaults.timeoutMs,
        triggerRule,
        ...(ifText !== undefined ? { if: ifText, ifAt: at(e.if) } : {}),
        ...(foreach !== undefined ? { foreach, foreachAt: at(e.foreach) } : {}),
        concurrency,
        // The on-failure task reads `failure` at run time, so it is always rendered then.
        readsNeeds: readsNeeds || isOnFailure,
        at: at(pair.key),
    };
    return task;
}
/** Checks every expression under a node; true when one reads `needs`. */
function checkExpressions(n, scope, bad) {
    let reads = false;
    const visit = (x) => {
        if (isScalar(x) && typeof x.value === 'string') {
            let t;
            try {
                t = parseTemplate(x.value);
            }
            catch (err) {
                if (err instanceof ExprError)
                    bad(x, `bad expression: ${err.message}`, err.offset);
                else
                    throw err;
                return;
            }
            if (!t)
                return;
            for (const p of t.parts)
                if (typeof p !== 'string' && checkRefs(p.expr, scope, x, bad, p.offset))
                    reads = true;
        }
        else if (isMap(x))
            x.items.forEach((p) => visit(p.value));
        else if (isSeq(x))
            x.items.forEach(visit);
    };
    visit(n);
    return reads;
}
function safeCondition(n, text, bad) {
    try {
        return parseCondition(text);
    }
    catch (err) {
        if (err instanceof ExprError)
            bad(n, `bad expression: ${err.message}`, err.offset);
        else
            throw err;
        return null;
    }
}
function checkCondition(n, text, scope, bad) {
    const c = safeCondition(n, text, bad);
    return c ? checkRefs(c.expr, scope, n, bad, c.offset) : false;
}
function checkRefs(e, scope, n, bad0, base) {
    let reads = false;
    for (const r of exprRefs(e)) {
        const bad = (x, message) => bad0(x, message, base + r.at);
        const [rootName, a] = r.path;
        const root = String(rootName);
        if (!ROOTS.includes(root) && !(scope.onFailure && root === 'failure')) {
            bad(n, `bad expression: unknown name "${root}" (use ${[...ROOTS, ...(scope.onFailure ? ['failure'] : [])].join(', ')})`);
        }
        else if (root === 'needs') {
            reads = true;
            if (typeof a !== 'string')
                bad(n, 'bad expression: write needs.<task id>.output');
            else if (!scope.needs.includes(a))
                bad(n, `bad expression: needs.${a} is not in this task's \`needs\`${scope.needs.length ? ` (${scope.needs.join(', ')})` : ''}`);
        }
        else if (root === 'inputs') {
            if (typeof a === 'string' && !(a in scope.inputs))
                bad(n, `bad expression: unknown input "${a}"${suggest(a, Object.keys(scope.inputs))}`);
        }
        else if ((root === 'item' || root === 'index') && !scope.item) {
            bad(n, `bad expression: "${root}" exists only in a task with \`foreach\``);
        }
    }
    return reads;
}
/** A foreach over an input declared with a type other than list is caught before any run. */
function staticForeachCheck(e, inputs, n, bad) {
    if (e.k === 'get' && e.obj.k === 'ref' && e.obj.name === 'inputs' && e.key.k === 'lit') {
        const def = inputs[String(e.key.v)];
        if (def?.type && def.type !== 'list')
            bad(n, `\`foreach\` must be a list, but input "${String(e.key.v)}" is a ${def.type}`);
    }
}
function parseTriggers(n, inputs, bad, at) {
    const out = [];
    if (!n)
        return out;
    if (!isSeq(n)) {
        bad(n, '`triggers` must be a list of {cron}, {every}, {if} or {after}');
        return out;
    }
    for (const item of n.items) {
        if (!isMap(item)) {
            bad(item, 'a trigger must be a mapping: {cron: "0 * * * *"}, {every: 5m}, {if: ./check.sh, interval: 1m} or {after: other-workflow}');
            continue;
        }
        const e = entries(item, ['cron', 'timezone', 'every', 'if', 'interval', 'after', 'inputs'], 'trigger', bad);
        const kinds = ['cron', 'every', 'if', 'after'].filter((k) => e[k] !== undefined);
        if (kinds.length !== 1) {
            bad(item, `a trigger needs exactly one of cron, every, if, after${kinds.length ? ` (has ${kinds.join(' and ')})` : ''}`);
            continue;
        }
        const kind = kinds[0];
        const vn = e[kind];
        const value = str(vn, kind, bad);
        if (value === undefined)
            continue;
        const t = { kind, value, at: at(vn) };
        if (e.inputs) {
            if (!isMap(e.inputs))
                bad(e.inputs, '`inputs` of a trigger must be a mapping');
            else {
                t.inputs = e.inputs.toJSON();
                for (const k of Object.keys(t.inputs))
                    if (!(k in inputs))
                        bad(e.inputs, `unknown input "${k}"`);
            }
        }
        if (kind === 'cron') {
            const tz = e.timezone ? str(e.timezone, 'timezone', bad) : undefined;
            if (tz !== undefined) {
                const tzProblem = timezoneProblem(tz);
                if (tzProblem)
                    bad(e.timezone, tzProblem);
                else
                    t.timezone = tz;
            }
            const problem = cronProblem(value, t.timezone);
            if (problem)
                bad(vn, problem);
        }
        else if (kind === 'every') {
            const every = parseEvery(value);
            if ('problem' in every)
                bad(vn, every.problem);
            else
                t.everyMs = every.ms;
        }
        else if (kind === 'if') {
            t.intervalMs = e.interval ? duration(e.interval, 'interval', bad, MAX_TIMER_MS) : 60_000;
            if (t.intervalMs !== undefined && t.intervalMs < 100)
                bad(e.interval, '`interval` must be at least 100ms');
        }
        else if (kind === 'after' && !NAME_RE.test(value))
            bad(vn, `\`after\` "${value}" is not a workflow or task name`);
        if (kind !== 'cron' && e.timezone)
            bad(e.timezone, '`timezone` applies to cron triggers only');
        if (kind !== 'if' && e.interval)
            bad(e.interval, '`interval` applies to `if` triggers only');
        out.push(t);
    }
    return out;
}
function compareAt(a, b) {
    const pa = a.split(':').slice(-2).map(Number);
    const pb = b.split(':').slice(-2).map(Number);
    return pa[0] - pb[0] || pa[1] - pb[1];
}
function suggest(word, options) {
    let best = null;
    let bestD = Infinity;
    for (const o of options) {
        const d = distance(word, o);
        if (d < bestD)
            (best = o), (bestD = d);
    }
    return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}
function distance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
}
//# sourceMappingURL=parse.js.map