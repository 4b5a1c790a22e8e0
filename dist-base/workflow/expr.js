export class ExprError extends Error {
    offset;
    constructor(message, 
    /** Offset in the expression text where the problem is. */
    offset) {
        super(message);
        this.offset = offset;
        this.name = 'ExprError';
    }
}
const ESCAPES = { n: '\n', t: '\t', r: '\r' };
const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '-', '.', ',', '(', ')', '[', ']'];
function tokenize(src) {
    const out = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (/[0-9]/.test(c)) {
            const m = /^\d+(\.\d+)?/.exec(src.slice(i));
            out.push({ t: 'num', v: m[0], at: i });
            i += m[0].length;
            continue;
        }
        if (/[A-Za-z_]/.test(c)) {
            const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
            out.push({ t: 'name', v: m[0], at: i });
            i += m[0].length;
            continue;
        }
        if (c === "'" || c === '"') {
            let j = i + 1;
            let s = '';
            while (j < src.length && src[j] !== c) {
                if (src[j] === '\\' && j + 1 < src.length) {
                    j++;
                    s += ESCAPES[src[j]] ?? src[j];
                }
                else
                    s += src[j];
                j++;
            }
            if (j >= src.length)
                throw new ExprError('unterminated string', i);
            out.push({ t: 'str', v: s, at: i });
            i = j + 1;
            continue;
        }
        const op = OPS.find((o) => src.startsWith(o, i));
        if (!op)
            throw new ExprError(`unexpected character "${c}"`, i);
        out.push({ t: 'op', v: op, at: i });
        i += op.length;
    }
    out.push({ t: 'end', v: '', at: src.length });
    return out;
}
export const FUNCTIONS = {
    len: { arity: [1, 1], fn: (x) => (Array.isArray(x) || typeof x === 'string' ? x.length : x && typeof x === 'object' ? Object.keys(x).length : 0) },
    range: {
        arity: [1, 2],
        fn: (a, b) => {
            const [from, to] = b === undefined ? [0, Number(a)] : [Number(a), Number(b)];
            if (!Number.isInteger(from) || !Number.isInteger(to) || to - from > 1_000_000)
                throw new Error('range() needs integers and at most 1,000,000 items');
            return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
        },
    },
    join: { arity: [1, 2], fn: (x, sep) => (Array.isArray(x) ? x.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(sep === undefined ? ',' : String(sep)) : String(x)) },
    split: { arity: [1, 2], fn: (x, sep) => String(x ?? '').split(sep === undefined ? ',' : String(sep)).filter((s) => s.length > 0) },
    contains: { arity: [2, 2], fn: (x, v) => (Array.isArray(x) ? x.some((e) => e === v) : String(x ?? '').includes(String(v))) },
    keys: { arity: [1, 1], fn: (x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : []) },
    sum: { arity: [1, 1], fn: (x) => (Array.isArray(x) ? x.reduce((a, v) => a + Number(v), 0) : Number(x)) },
    json: { arity: [1, 1], fn: (x) => JSON.stringify(x) },
    lines: { arity: [1, 1], fn: (x) => String(x ?? '').split('\n').map((s) => s.trim()).filter((s) => s.length > 0) },
};
export function parseExpr(src) {
    const toks = tokenize(src);
    let p = 0;
    const peek = () => toks[p];
    const isOp = (v) => peek().t === 'op' && peek().v === v;
    const expect = (v) => {
        if (!isOp(v))
            throw new ExprError(`expected "${v}"${peek().t === 'end' ? ' before the end' : ` but found "${peek().v}"`}`, peek().at);
        p++;
    };
    const binary = (ops, next, once = false) => {
        let l = next();
        while (peek().t === 'op' && ops.includes(peek().v)) {
            const op = toks[p++];
            l = { k: 'bin', op: op.v, l, r: next(), at: op.at };
            if (once)
                break;
        }
        return l;
    };
    const or = () => binary(['||'], and);
    const and = () => binary(['&&'], cmp);
    const cmp = () => binary(['==', '!=', '<', '<=', '>', '>='], unary, true);
    const unary = () => {
        const t = peek();
        if (isOp('!'))
            return p++, { k: 'not', e: unary(), at: t.at };
        if (isOp('-'))
            return p++, { k: 'neg', e: unary(), at: t.at };
        return postfix();
    };
    const postfix = () => {
        let e = primary();
        for (;;) {
            const t = peek();
            if (isOp('.')) {
                p++;
                const n = peek();
                if (n.t !== 'name' && n.t !== 'num')
                    throw new ExprError('expected a field name after "."', n.at);
                p++;
                e = { k: 'get', obj: e, key: { k: 'lit', v: n.t === 'num' ? Number(n.v) : n.v, at: n.at }, at: t.at };
            }
            else if (isOp('[')) {
                p++;
                const key = or();
                expect(']');
                e = { k: 'get', obj: e, key, at: t.at };
            }
            else
                return e;
        }
    };
    const primary = () => {
        const t = peek();
        if (t.t === 'num')
            return p++, { k: 'lit', v: Number(t.v), at: t.at };
        if (t.t === 'str')
            return p++, { k: 'lit', v: t.v, at: t.at };
        if (t.t === 'name') {
            p++;
            if (t.v === 'true' || t.v === 'false')
                return { k: 'lit', v: t.v === 'true', at: t.at };
            if (t.v === 'null')
                return { k: 'lit', v: null, at: t.at };
            if (isOp('(')) {
                const f = FUNCTIONS[t.v];
                if (!f)
                    throw new ExprError(`unknown function "${t.v}" (known: ${Object.keys(FUNCTIONS).join(', ')})`, t.at);
                p++;
                const args = [];
                if (!isOp(')')) {
                    args.push(or());
                    while (isOp(','))
                        p++, args.push(or());
                }
                expect(')');
                if (args.length < f.arity[0] || args.length > f.arity[1]) {
                    throw new ExprError(`${t.v}() takes ${f.arity[0] === f.arity[1] ? f.arity[0] : `${f.arity[0]} or ${f.arity[1]}`} argument(s), got ${args.length}`, t.at);
                }
                return { k: 'call', fn: t.v, args, at: t.at };
            }
            return { k: 'ref', name: t.v, at: t.at };
        }
        if (isOp('(')) {
            p++;
            const e = or();
            expect(')');
            return e;
        }
        if (isOp('[')) {
            p++;
            const items = [];
            if (!isOp(']')) {
                items.push(or());
                while (isOp(','))
                    p++, items.push(or());
            }
            expect(']');
            return { k: 'list', items, at: t.at };
        }
        throw new ExprError(t.t === 'end' ? 'expression ends too early' : `unexpected "${t.v}"`, t.at);
    };
    const e = or();
    if (peek().t !== 'end')
        throw new ExprError(`unexpected "${peek().v}" after the end of the expression`, peek().at);
    return e;
}
/** Every path from a root name the expression reads, e.g. ['needs', 'fetch', 'output'], with its offset. */
export function exprRefs(e) {
    const out = [];
    const walk = (x) => {
        switch (x.k) {
            case 'ref': {
                const path = [x.name];
                out.push({ path, at: x.at });
                return path;
            }
            case 'get': {
                const base = walk(x.obj);
                const key = x.key.k === 'lit' && (typeof x.key.v === 'string' || typeof x.key.v === 'number') ? x.key.v : null;
                if (x.key.k !== 'lit')
                    walk(x.key);
                if (base)
                    base.push(key);
                return base;
            }
            case 'call':
                x.args.forEach(walk);
                return null;
            case 'list':
                x.items.forEach(walk);
                return null;
            case 'not':
            case 'neg':
                walk(x.e);
                return null;
            case 'bin':
                walk(x.l);
                walk(x.r);
                return null;
            case 'lit':
                return null;
        }
    };
    walk(e);
    return out;
}
export function evalExpr(e, scope) {
    switch (e.k) {
        case 'lit':
            return e.v;
        case 'ref':
            if (!(e.name in scope))
                throw new ExprError(`"${e.name}" is not defined here`, e.at);
            return scope[e.name];
        case 'get': {
            const obj = evalExpr(e.obj, scope);
            const key = evalExpr(e.key, scope);
            if (obj === null || obj === undefined)
                return null;
            if (typeof key !== 'string' && typeof key !== 'number')
                throw new ExprError('an index must be a string or a number', e.key.at);
            if (typeof obj !== 'object' && typeof obj !== 'string')
                return null;
            // Own properties only: no path to prototypes.
            return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] ?? null : null;
        }
        case 'call':
            try {
                return FUNCTIONS[e.fn].fn(...e.args.map((a) => evalExpr(a, scope)));
            }
            catch (err) {
                if (err instanceof ExprError)
                    throw err;
                throw new ExprError(`${e.fn}(): ${err.message}`, e.at);
            }
        case 'list':
            return e.items.map((x) => evalExpr(x, scope));
        case 'not':
            return !truthy(evalExpr(e.e, scope));
        case 'neg':
            return -Number(evalExpr(e.e, scope));
        case 'bin': {
            if (e.op === '&&')
                return truthy(evalExpr(e.l, scope)) && truthy(evalExpr(e.r, scope));
            if (e.op === '||')
                return truthy(evalExpr(e.l, scope)) || truthy(evalExpr(e.r, scope));
            const l = evalExpr(e.l, scope);
            const r = evalExpr(e.r, scope);
            switch (e.op) {
                case '==':
                    return JSON.stringify(l) === JSON.stringify(r);
                case '!=':
                    return JSON.stringify(l) !== JSON.stringify(r);
                case '<':
                    return l < r;
                case '<=':
                    return l <= r;
                case '>':
                    return l > r;
                case '>=':
                    return l >= r;
            }
            throw new ExprError(`unknown operator ${e.op}`, e.at);
        }
    }
}
export function truthy(v) {
    return !(v === false || v === null || v === undefined || v === 0 || v === '' || (Array.isArray(v) && v.length === 0));
}
const OPEN = '${{';
export function parseTemplate(text) {
    if (!text.includes(OPEN))
        return null;
    const parts = [];
    let i = 0;
    while (i < text.length) {
        const start = text.indexOf(OPEN, i);
        if (start < 0) {
            parts.push(text.slice(i));
            break;
        }
        if (start > i)
            parts.push(text.slice(i, start));
        const end = text.indexOf('}}', start + OPEN.length);
        if (end < 0)
            throw new ExprError('"${{" without a closing "}}"', start);
        const src = text.slice(start + OPEN.length, end);
        try {
            parts.push({ expr: parseExpr(src), src: src.trim(), offset: start + OPEN.length });
        }
        catch (err) {
            if (err instanceof ExprError)
                throw new ExprError(err.message, start + OPEN.length + err.offset);
            throw err;
        }
        i = end + 2;
    }
    const whole = parts.length === 1 && typeof parts[0] !== 'string';
    return { whole, parts };
}
export function renderTemplate(t, scope) {
    if (t.whole)
        return evalExpr(t.parts[0].expr, scope);
    return t.parts.map((p) => (typeof p === 'string' ? p : stringify(evalExpr(p.expr, scope)))).join('');
}
function stringify(v) {
    if (v === null || v === undefined)
        return '';
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}
/** Parses a bare expression or one wrapped in ${{ }} (for `if:` and `foreach:`). */
export function parseCondition(text) {
    const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
    const inner = m ? m[1] : text;
    const offset = m ? text.indexOf(OPEN) + OPEN.length : 0;
    try {
        return { expr: parseExpr(inner), offset };
    }
    catch (err) {
        if (err instanceof ExprError)
            throw new ExprError(err.message, offset + err.offset);
        throw err;
    }
}
/** Renders every string in a JSON value that holds an expression. */
export function renderValue(value, scope) {
    if (typeof value === 'string') {
        const t = parseTemplate(value);
        return t ? renderTemplate(t, scope) : value;
    }
    if (Array.isArray(value))
        return value.map((v) => renderValue(v, scope));
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, scope)]));
    return value;
}
//# sourceMappingURL=expr.js.map