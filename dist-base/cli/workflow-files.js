/**
 * What the workflow commands share: reading a workflow file (a missing file is invalid input)
 * and loading a module of TypeScript/JavaScript handlers for `--handlers`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../model/errors.js';
export function readWorkflowFile(file) {
    try {
        return fs.readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new ValidationError(file, `cannot read the workflow file: ${err.code ?? err.message}`);
    }
}
/** A module exporting `handlers` (or a default export) that maps task names to functions. */
export async function loadHandlers(file) {
    if (!file)
        return {};
    const abs = path.resolve(file);
    if (!fs.existsSync(abs))
        throw new ValidationError('--handlers', `${file} does not exist`);
    const mod = (await import(pathToFileURL(abs).href));
    const map = mod.handlers ?? mod.default;
    if (!map || typeof map !== 'object')
        throw new ValidationError('--handlers', `${file} must export \`handlers\` (or a default export) mapping task names to functions`);
    for (const [k, v] of Object.entries(map))
        if (typeof v !== 'function')
            throw new ValidationError(`--handlers ${k}`, 'is not a function');
    return map;
}
export function collect(value, previous = []) {
    return [...previous, value];
}
//# sourceMappingURL=workflow-files.js.map