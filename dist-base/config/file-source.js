/**
 * Reads a config file (YAML; JSON is YAML too) and remembers where every key and value is, so
 * an error names file:line:column.
 */
import fs from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ValidationError } from '../model/errors.js';
const pathId = (path) => JSON.stringify(path);
export function readConfigFile(file, named = 'config file') {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new ValidationError(file, `cannot read the ${named}: ${err.code ?? err.message}`, { file });
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
        const at = lines.linePos(first.pos[0]);
        const message = first.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').replace(/\s+$/, '');
        throw new ValidationError(`${file}:${at.line}:${at.col}`, `not valid YAML: ${message}`, { file, line: at.line, column: at.col });
    }
    const values = new Map();
    const keys = new Map();
    const pos = (offset) => {
        const p = lines.linePos(offset ?? 0);
        return { line: p.line, column: p.col };
    };
    const visit = (node, path) => {
        if (!node || typeof node !== 'object')
            return;
        const n = node;
        if (n.range)
            values.set(pathId(path), pos(n.range[0]));
        if (isMap(n)) {
            for (const item of n.items) {
                if (!isPair(item))
                    continue;
                const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
                const keyNode = item.key;
                if (keyNode?.range)
                    keys.set(pathId([...path, k]), pos(keyNode.range[0]));
                if (item.value)
                    visit(item.value, [...path, k]);
                else if (keyNode?.range)
                    values.set(pathId([...path, k]), pos(keyNode.range[0]));
            }
        }
        else if (isSeq(n)) {
            n.items.forEach((item, i) => visit(item, [...path, i]));
        }
    };
    visit(doc.contents, []);
    const data = doc.toJS();
    if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
        throw new ValidationError(`${file}:1:1`, 'must be a mapping of settings (e.g. "worker:\\n  concurrency: 4")', { file, line: 1, column: 1 });
    }
    return {
        file,
        data: (data ?? {}),
        locate(path, key = false) {
            if (key) {
                const k = keys.get(pathId(path));
                if (k)
                    return k;
            }
            for (let p = path;; p = p.slice(0, -1)) {
                const v = values.get(pathId(p));
                if (v)
                    return v;
                if (p.length === 0)
                    return { line: 1, column: 1 };
            }
        },
    };
}
//# sourceMappingURL=file-source.js.map