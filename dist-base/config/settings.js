import { isOptional, kindOf } from './kinds.js';
import { ConfigSchema, settingDoc } from './schema.js';
export { isOptional, kindOf } from './kinds.js';
function walk(schema, path, settings, sections) {
    for (const [name, child] of Object.entries(schema.properties)) {
        const p = [...path, name];
        if (kindOf(child) === 'Object') {
            sections.push({ key: p.join('.'), path: p, schema: child, optional: isOptional(child), description: String(child.description ?? '') });
            walk(child, p, settings, sections);
        }
        else {
            settings.push({ key: p.join('.'), path: p, schema: child, doc: settingDoc(child), optional: isOptional(child) });
        }
    }
}
let cache = null;
function index() {
    if (!cache) {
        const settings = [];
        const sections = [];
        walk(ConfigSchema, [], settings, sections);
        cache = { settings, sections, byKey: new Map(settings.map((s) => [s.key, s])), optional: new Set(sections.filter((s) => s.optional).map((s) => s.key)) };
    }
    return cache;
}
/** Every setting, in schema order. */
export function allSettings() {
    return index().settings;
}
export function allSections() {
    return index().sections;
}
/** Keys of the sections that exist only when given (bridge). */
export function optionalSectionKeys() {
    return index().optional;
}
export function settingByKey(key) {
    return index().byKey.get(key);
}
//# sourceMappingURL=settings.js.map