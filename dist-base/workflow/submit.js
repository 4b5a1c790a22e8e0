/**
 * Submitting a workflow: validate the file and the inputs, build the graph, then record the run
 * and insert its whole graph in one transaction (the run lifecycle, src/engine/runs.ts). An
 * invalid workflow or input raises a ValidationError and writes nothing. This is what
 * `taskframe run`, `taskframe submit`, the triggers and the HTTP API call.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../model/errors.js';
import { buildGraph } from './graph.js';
import { applyWorkflowLimits } from './limits.js';
import { matchesType, parseWorkflow } from './parse.js';
export async function submitWorkflow(engine, source, options = {}) {
    const wf = typeof source === 'string' ? parseWorkflow(source, options) : source;
    const inputs = resolveInputs(wf, options.inputs ?? {});
    const runId = newRunId();
    // Building the graph evaluates everything known now (e.g. a foreach over an input), so a
    // bad value is reported before anything is written.
    const graph = buildGraph(wf, runId, inputs);
    // The file's limits hold before its first task can be claimed (idempotent: usually no write).
    if (options.applyLimits !== false)
        await applyWorkflowLimits(engine, wf);
    // The run and its graph are one transaction: a task the store refuses leaves no run behind.
    return engine.runs.submit({ id: runId, name: wf.name, spec: wf, inputs, trigger: options.trigger ?? null }, graph);
}
export function newRunId() {
    return `run-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
/** Checks input values against the workflow's declarations and fills defaults. */
export function resolveInputs(wf, given) {
    if (given === null || typeof given !== 'object' || Array.isArray(given))
        throw new ValidationError('inputs', 'must be an object');
    const out = {};
    for (const k of Object.keys(given)) {
        if (!(k in wf.inputs))
            throw new ValidationError(`inputs.${k}`, `workflow "${wf.name}" has no input "${k}"${Object.keys(wf.inputs).length ? ` (inputs: ${Object.keys(wf.inputs).join(', ')})` : ''}`);
    }
    for (const [k, def] of Object.entries(wf.inputs)) {
        const v = k in given ? given[k] : def.default;
        if (v === undefined) {
            if (def.required)
                throw new ValidationError(`inputs.${k}`, 'is required');
            out[k] = null;
            continue;
        }
        if (def.type && v !== null && !matchesType(v, def.type))
            throw new ValidationError(`inputs.${k}`, `must be a ${def.type}, got ${JSON.stringify(v).slice(0, 80)}`);
        out[k] = v;
    }
    return out;
}
/**
 * `k=v` pairs from a command line, typed by the workflow's declarations: numbers and booleans
 * are parsed, lists and objects are JSON (a list also accepts comma-separated words).
 */
export function parseInputArgs(wf, pairs) {
    const out = {};
    for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq <= 0)
            throw new ValidationError('--input', `"${pair}" is not key=value`);
        const k = pair.slice(0, eq);
        const raw = pair.slice(eq + 1);
        const def = wf.inputs[k];
        if (!def)
            throw new ValidationError(`--input ${k}`, `workflow "${wf.name}" has no input "${k}"`);
        out[k] = coerce(raw, def.type, k);
    }
    return out;
}
function coerce(raw, type, k) {
    switch (type) {
        case 'string':
            return raw;
        case 'number': {
            const n = Number(raw);
            if (raw.trim() === '' || !Number.isFinite(n))
                throw new ValidationError(`--input ${k}`, `must be a number, got "${raw}"`);
            return n;
        }
        case 'boolean':
            if (raw !== 'true' && raw !== 'false')
                throw new ValidationError(`--input ${k}`, `must be true or false, got "${raw}"`);
            return raw === 'true';
        case 'list':
            if (raw.trim().startsWith('['))
                return json(raw, k);
            return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
        case 'object':
            return json(raw, k);
        default:
            try {
                return JSON.parse(raw);
            }
            catch {
                return raw;
            }
    }
}
function json(raw, k) {
    try {
        return JSON.parse(raw);
    }
    catch (err) {
        throw new ValidationError(`--input ${k}`, `is not valid JSON: ${err.message}`);
    }
}
//# sourceMappingURL=submit.js.map