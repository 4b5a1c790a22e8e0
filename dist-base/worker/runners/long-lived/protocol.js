export const PROTOCOL_VERSION = 1;
/** Parses one line from a runner; a string is the reason the line breaks the protocol. */
export function parseRunnerLine(line) {
    let m;
    try {
        m = JSON.parse(line);
    }
    catch {
        return `not JSON: ${JSON.stringify(line.slice(0, 200))}`;
    }
    if (m === null || typeof m !== 'object' || Array.isArray(m))
        return `not a JSON object: ${line.slice(0, 200)}`;
    const o = m;
    switch (o.type) {
        case 'ready':
            return typeof o.protocol === 'number' ? o : 'ready without a numeric "protocol"';
        case 'result':
        case 'progress':
        case 'log':
        case 'spawn':
        case 'error':
            if (typeof o.id !== 'string')
                return `"${o.type}" message without a string "id"`;
            if (o.type === 'error' && (typeof o.error !== 'object' || o.error === null || typeof o.error.message !== 'string')) {
                return 'error message without error.message';
            }
            if (o.type === 'spawn' && !Array.isArray(o.spawn))
                return 'spawn message whose "spawn" is not a list';
            return o;
        default:
            return `unknown message type ${JSON.stringify(o.type)}`;
    }
}
//# sourceMappingURL=protocol.js.map