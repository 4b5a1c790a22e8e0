/**
 * Output for people by default, JSON for scripts (--json: the shapes of model/json.ts, the same
 * as the HTTP API's). Errors go to stderr with their code; the exit code says what kind of
 * failure it was (EXIT).
 */
import { TaskframeError } from '../model/errors.js';
export function printJson(value) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
export function printLine(text = '') {
    process.stdout.write(`${text}\n`);
}
/** A plain text table: columns padded to their widest cell. */
export function table(rows) {
    if (rows.length === 0)
        return '';
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
    return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}
/**
 * 2: bad input — an option, a file, a name, or a store URL that is malformed or names what is
 * not there (no such directory, not a database, unknown database, wrong password); the same
 * command will fail again. 3: the store could not be reached (refused, timed out, restarting,
 * no writable primary, disk full) — nothing was done, and the same command may work later.
 * 1: anything else that failed.
 */
export const EXIT = { failed: 1, badInput: 2, storeUnavailable: 3 };
export function exitCodeFor(err) {
    if (!(err instanceof TaskframeError))
        return EXIT.failed;
    switch (err.code) {
        case 'VALIDATION':
        case 'NOT_FOUND':
        case 'STORE_OPEN':
            return EXIT.badInput;
        case 'STORE_UNAVAILABLE':
            return EXIT.storeUnavailable;
        default:
            return EXIT.failed;
    }
}
export function printError(err) {
    if (err instanceof TaskframeError)
        process.stderr.write(`error [${err.code}]: ${err.message}\n`);
    else if (err instanceof Error)
        process.stderr.write(`error: ${err.message}\n`);
    else
        process.stderr.write(`error: ${String(err)}\n`);
}
//# sourceMappingURL=output.js.map