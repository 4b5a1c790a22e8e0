/**
 * The systemd-like INI unit format of the seed document: `[Section]` headers, `Key=value`
 * lines, values optionally double-quoted (with \" \\ \n escapes), `#` or `;` comments on their
 * own line or after a value (outside quotes). Anything else is an error naming file:line:column.
 */
import { ValidationError } from '../model/errors.js';
export function parseIni(text, file) {
    const entries = [];
    const sections = [];
    let section = null;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const lineNo = i + 1;
        const raw = lines[i];
        const indent = raw.length - raw.trimStart().length;
        const line = raw.trim();
        if (line === '' || line.startsWith('#') || line.startsWith(';'))
            continue;
        if (line.startsWith('[')) {
            const m = /^\[([A-Za-z][A-Za-z0-9_-]*)\]\s*(?:[#;].*)?$/.exec(line);
            if (!m)
                throw new ValidationError(`${file}:${lineNo}:${indent + 1}`, `malformed section header ${JSON.stringify(line)} (expected e.g. [Service])`);
            section = m[1];
            sections.push({ name: section, file, line: lineNo, column: indent + 1 });
            continue;
        }
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new ValidationError(`${file}:${lineNo}:${indent + 1}`, `expected Key=value, got ${JSON.stringify(line)}`);
        const key = line.slice(0, eq).trim();
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key))
            throw new ValidationError(`${file}:${lineNo}:${indent + 1}`, `malformed key ${JSON.stringify(key)}`);
        if (section === null)
            throw new ValidationError(`${file}:${lineNo}:${indent + 1}`, `key "${key}" appears before any [Section] header`);
        const valueStart = indent + eq + 1;
        const value = parseValue(raw.slice(valueStart), `${file}:${lineNo}`, valueStart);
        entries.push({ section, key, value, file, line: lineNo, column: indent + 1 });
    }
    return { entries, sections };
}
/** A value: bare text up to an inline comment, or a double-quoted string; trailing comment allowed. */
function parseValue(text, at, offset) {
    let i = 0;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t'))
        i++;
    if (text[i] !== '"') {
        // An inline comment starts at a # or ; preceded by whitespace (so URLs with # survive).
        const m = /(^|\s)[#;]/.exec(text.slice(i));
        return (m ? text.slice(i, i + m.index) : text.slice(i)).trim();
    }
    const start = i;
    i++;
    let out = '';
    for (; i < text.length; i++) {
        const c = text[i];
        if (c === '\\') {
            const n = text[++i];
            if (n === undefined)
                break;
            out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
        }
        else if (c === '"') {
            const rest = text.slice(i + 1).trim();
            if (rest !== '' && !rest.startsWith('#') && !rest.startsWith(';')) {
                throw new ValidationError(`${at}:${offset + i + 2}`, `unexpected text after closing quote: ${JSON.stringify(rest)}`);
            }
            return out;
        }
        else
            out += c;
    }
    throw new ValidationError(`${at}:${offset + start + 1}`, 'unterminated quoted value');
}
//# sourceMappingURL=ini.js.map