/**
 * One pino JSON line as a line for people at a terminal:
 *
 *   14:03:07.215 WARN  result dropped: lease lost  taskId=42 workerId=host:7:ab12cd
 *
 * Process fields (pid, hostname, logger name) are left out; an error shows its message (the
 * JSON format keeps its stack).
 */
const LEVEL_NAMES = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEFT_OUT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);
function value(v) {
    if (typeof v === 'string')
        return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
    if (v && typeof v === 'object' && typeof v.message === 'string')
        return JSON.stringify(v.message);
    return JSON.stringify(v) ?? String(v);
}
export function humanLine(json) {
    let entry;
    try {
        entry = JSON.parse(json);
    }
    catch {
        return json;
    }
    const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
    const level = (LEVEL_NAMES[entry.level] ?? String(entry.level)).padEnd(5);
    const fields = Object.entries(entry)
        .filter(([k]) => !LEFT_OUT.has(k))
        .map(([k, v]) => `${k}=${value(v)}`)
        .join(' ');
    const msg = typeof entry.msg === 'string' ? entry.msg : '';
    return `${time} ${level} ${msg}${fields ? `  ${fields}` : ''}\n`;
}
//# sourceMappingURL=logger-human.js.map