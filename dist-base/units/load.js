/**
 * Loading units from files and directories. A file's extension picks the format (.service,
 * .unit, .ini: INI; .yaml, .yml: YAML); its name without the extension is the unit's name
 * (YAML may override it with `name:`). Loading a directory validates every unit and every
 * dependency order before returning, so a bad directory fails whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../model/errors.js';
import { parseIni } from './ini.js';
import { checkAllOrders, orderWarnings } from './order.js';
import { buildUnit } from './spec.js';
import { parseYamlUnit } from './yaml.js';
const INI_EXT = new Set(['.service', '.unit', '.ini']);
const YAML_EXT = new Set(['.yaml', '.yml']);
export function isUnitFile(file) {
    const ext = path.extname(file).toLowerCase();
    return INI_EXT.has(ext) || YAML_EXT.has(ext);
}
export function parseUnit(source, file) {
    const ext = path.extname(file).toLowerCase();
    const base = path.basename(file, path.extname(file));
    if (INI_EXT.has(ext))
        return buildUnit({ name: base, file, format: 'ini', ...parseIni(source, file), source });
    if (YAML_EXT.has(ext)) {
        const { name, ...read } = parseYamlUnit(source, file);
        return buildUnit({ name: name ?? base, file, format: 'yaml', ...read, source });
    }
    throw new ValidationError(file, `not a unit file (expected .service, .unit, .ini, .yaml or .yml)`);
}
export function loadUnitFile(file) {
    let source;
    try {
        source = fs.readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new ValidationError(file, `cannot read unit file: ${err.message}`);
    }
    return parseUnit(source, file);
}
/** Every unit in a directory (not recursive), by name. */
export function loadUnitDir(dir, options = {}) {
    let names;
    try {
        names = fs.readdirSync(dir).sort();
    }
    catch (err) {
        throw new ValidationError(dir, `cannot read units directory: ${err.message}`);
    }
    const units = new Map();
    for (const n of names) {
        const file = path.join(dir, n);
        if (!isUnitFile(n) || !fs.statSync(file).isFile())
            continue;
        const u = loadUnitFile(file);
        const seen = units.get(u.name);
        if (seen)
            throw new ValidationError(file, `unit "${u.name}" is already defined in ${seen.file}`);
        units.set(u.name, u);
    }
    checkAllOrders(units);
    const warn = options.onWarning ?? ((m) => void process.stderr.write(`warning: ${m}\n`));
    for (const w of orderWarnings(units))
        warn(w);
    return units;
}
//# sourceMappingURL=load.js.map