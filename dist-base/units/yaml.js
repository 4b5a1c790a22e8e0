/**
 * The YAML unit format: the same sections as the INI format, as maps (`service:`,
 * `checks:`, `environment:`, …), with `command`, `args`, `shell`, `requires` and `after` also
 * allowed at the top level. Lists stay lists (no word splitting). Read into the same entries
 * as INI, each with the line and column of its key.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { ValidationError } from '../model/errors.js';
const TOP_LEVEL_KEYS = {
    command: ['Command', 'command'],
    shell: ['Command', 'shell'],
    args: ['Args', 'args'],
    requires: ['Dependencies', 'Requires'],
    after: ['Dependencies', 'After'],
};
export function parseYamlUnit(text, file) {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const pos = lc.linePos(e.pos[0]);
        throw new ValidationError(`${file}:${pos.line}:${pos.col}`, e.message.split('\n')[0]);
    }
    const at = (node) => {
        const range = node?.range;
        const p = lc.linePos(range ? range[0] : 0);
        return { line: p.line, column: p.col };
    };
    const root = doc.contents;
    if (!isMap(root))
        throw new ValidationError(`${file}:1:1`, 'a YAML unit must be a map of sections (service:, command:, …)');
    const entries = [];
    const sections = [];
    let name = null;
    const scalarOrList = (v, loc, what) => {
        if (isScalar(v))
            return v.value === null ? '' : String(v.value);
        if (isSeq(v)) {
            return v.items.map((item) => {
                if (!isScalar(item))
                    throw new ValidationError(`${file}:${at(item).line}:${at(item).column}`, `${what}: list items must be plain values`);
                return String(item.value);
            });
        }
        throw new ValidationError(`${file}:${loc.line}:${loc.column}`, `${what} must be a value or a list of values`);
    };
    for (const pair of root.items) {
        const keyNode = pair.key;
        const loc = at(keyNode);
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        if (key === 'name') {
            if (!isScalar(pair.value))
                throw new ValidationError(`${file}:${loc.line}:${loc.column}`, 'name must be a string');
            name = String(pair.value.value);
            continue;
        }
        const top = TOP_LEVEL_KEYS[key];
        if (top) {
            entries.push({ section: top[0], key: top[1], value: scalarOrList(pair.value, loc, key), file, ...loc });
            continue;
        }
        if (!isMap(pair.value)) {
            throw new ValidationError(`${file}:${loc.line}:${loc.column}`, `unknown top-level key "${key}", or it is not a map of settings`);
        }
        sections.push({ name: key, file, ...loc });
        for (const inner of pair.value.items) {
            const ik = inner.key;
            const iloc = at(ik);
            entries.push({ section: key, key: isScalar(ik) ? String(ik.value) : '', value: scalarOrList(inner.value, iloc, `${key}.${String(ik.value)}`), file, ...iloc });
        }
    }
    return { entries, sections, name };
}
//# sourceMappingURL=yaml.js.map