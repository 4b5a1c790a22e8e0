/**
 * Taskmaster rules: "when a task of type X finishes with result R, create task Y with this
 * payload", from YAML:
 *
 *   rules:
 *     - name: mail-the-report          # optional; names the rule in dedup keys
 *       when: { type: report.build, result: complete }   # result: complete | error | any
 *       create:
 *         name: report.email
 *         queue: mail                   # and priority, delay, maxAttempts, timeout, key, tags
 *         payload: { report: "{{task}}", built: "{{completed}}", pages: "{{output.pages}}" }
 *
 * `{{field}}` reads the done message (type, task, result, msg, started, completed, id, queue,
 * state, attempt, output, and any field of a seed-format task); a string that is only a
 * template takes the value as it is (a number stays a number), otherwise it is spliced in as text.
 *
 * Each created task carries the dedup key `rule:<rule>:<done message id>`, so a done message
 * seen twice (at-least-once everywhere) creates its follow-up once.
 */
import { LineCounter, parseDocument, isMap, isSeq } from 'yaml';
import { ValidationError } from '../model/errors.js';
import { resolveSpec, validateName } from '../model/spec.js';
const CREATE_FIELDS = new Set(['name', 'payload', 'queue', 'priority', 'delay', 'maxAttempts', 'timeout', 'key', 'tags']);
export function parseRules(text, file = 'rules.yaml') {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
    const at = (node, offset) => {
        const p = lc.linePos(offset ?? node?.range?.[0] ?? 0);
        return `${file}:${p.line}:${p.col}`;
    };
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        throw new ValidationError(at(null, e.pos[0]), e.message.split('\n')[0]);
    }
    const root = doc.contents;
    if (!isMap(root))
        throw new ValidationError(at(root), 'expected a mapping with a "rules" list');
    for (const pair of root.items) {
        const k = String(pair.key?.value ?? pair.key);
        if (k !== 'rules')
            throw new ValidationError(at(pair.key), `unknown key "${k}" (expected "rules")`);
    }
    const list = root.get('rules', true);
    if (!isSeq(list))
        throw new ValidationError(at(list ?? root), '"rules" must be a list');
    const rules = [];
    const names = new Set();
    list.items.forEach((item, i) => {
        const node = item;
        if (!isMap(node))
            throw new ValidationError(at(node), `rules[${i}] must be a mapping with "when" and "create"`);
        const v = node.toJSON();
        const where = (key) => at((key ? node.get(key, true) : undefined) ?? node);
        for (const k of Object.keys(v))
            if (!['name', 'when', 'create'].includes(k))
                throw new ValidationError(where(k), `rules[${i}]: unknown key "${k}" (expected name, when, create)`);
        const name = v.name === undefined ? `rule-${i + 1}` : v.name;
        try {
            validateName(name, 'name');
        }
        catch (err) {
            throw new ValidationError(where('name'), `rules[${i}].${err.message}`);
        }
        if (names.has(name))
            throw new ValidationError(where('name'), `rules[${i}]: duplicate rule name "${String(name)}"`);
        names.add(name);
        const when = v.when;
        if (!when || typeof when !== 'object')
            throw new ValidationError(where('when'), `rules[${i}].when must be a mapping with "type" (and "result")`);
        for (const k of Object.keys(when))
            if (k !== 'type' && k !== 'result')
                throw new ValidationError(where('when'), `rules[${i}].when: unknown key "${k}" (expected type, result)`);
        if (typeof when.type !== 'string' || when.type === '')
            throw new ValidationError(where('when'), `rules[${i}].when.type must be a task type`);
        const result = when.result ?? 'complete';
        if (result !== 'complete' && result !== 'error' && result !== 'any') {
            throw new ValidationError(where('when'), `rules[${i}].when.result must be complete, error or any, got ${JSON.stringify(result)}`);
        }
        const create = v.create;
        if (!create || typeof create !== 'object' || Array.isArray(create))
            throw new ValidationError(where('create'), `rules[${i}].create must be a mapping with at least "name"`);
        for (const k of Object.keys(create)) {
            if (!CREATE_FIELDS.has(k))
                throw new ValidationError(where('create'), `rules[${i}].create: unknown key "${k}" (allowed: ${[...CREATE_FIELDS].join(', ')})`);
        }
        try {
            // Validate with templates filled by placeholders: a bad name or priority fails now, not at run time.
            resolveSpec(create, 0, `rules[${i}].create`);
        }
        catch (err) {
            if (err instanceof ValidationError)
                throw new ValidationError(where('create'), err.message);
            throw err;
        }
        rules.push({ name: name, when: { type: when.type, result }, create: create });
    });
    return rules;
}
function lookup(done, path) {
    let cur = done;
    for (const part of path.split('.')) {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur))
            return undefined;
        cur = cur[part];
    }
    return cur;
}
const WHOLE = /^\{\{\s*([\w.]+)\s*\}\}$/;
const INLINE = /\{\{\s*([\w.]+)\s*\}\}/g;
export function fillTemplate(value, done) {
    if (typeof value === 'string') {
        const whole = WHOLE.exec(value);
        if (whole)
            return lookup(done, whole[1]) ?? null;
        return value.replace(INLINE, (_m, p) => {
            const v = lookup(done, p);
            return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        });
    }
    if (Array.isArray(value))
        return value.map((v) => fillTemplate(v, done));
    if (value !== null && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, done)]));
    return value;
}
/** The tasks a done message calls for, each with its dedup key. */
export function tasksFor(rules, done, doneId) {
    const out = [];
    for (const r of rules) {
        if (done.type !== r.when.type)
            continue;
        if (r.when.result !== 'any' && done.result !== r.when.result)
            continue;
        const spec = fillTemplate(r.create, done);
        out.push({ rule: r.name, spec: { ...spec, dedupKey: `rule:${r.name}:${doneId}` } });
    }
    return out;
}
//# sourceMappingURL=rules.js.map