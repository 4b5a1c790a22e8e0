const KNOWN = new Set(['result', 'progress', 'spawn', 'log']);
/** Messages in a line, or a warning saying why the line was ignored. */
export function parseControlLine(line) {
    const text = line.trim();
    if (text === '')
        return { messages: [], warning: null };
    let obj;
    try {
        obj = JSON.parse(text);
    }
    catch {
        return { messages: [], warning: `control channel: ignored a line that is not JSON: ${JSON.stringify(text.slice(0, 200))}` };
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        return { messages: [], warning: `control channel: ignored a line that is not a JSON object: ${text.slice(0, 200)}` };
    }
    const o = obj;
    const unknown = Object.keys(o).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0)
        return { messages: [], warning: `control channel: ignored a line with unknown keys ${unknown.join(', ')} (known: result, progress, spawn, log)` };
    const messages = [];
    if ('spawn' in o) {
        const list = Array.isArray(o.spawn) ? o.spawn : [o.spawn];
        const bad = list.findIndex((s) => s === null || typeof s !== 'object' || typeof s.name !== 'string');
        if (bad >= 0)
            return { messages: [], warning: `control channel: ignored a spawn whose item ${bad} has no "name"` };
        messages.push({ kind: 'spawn', specs: list });
    }
    if ('progress' in o)
        messages.push({ kind: 'progress', value: o.progress });
    if ('log' in o)
        messages.push({ kind: 'log', text: typeof o.log === 'string' ? o.log : JSON.stringify(o.log) });
    if ('result' in o)
        messages.push({ kind: 'result', value: o.result });
    return { messages, warning: null };
}
//# sourceMappingURL=control-channel.js.map