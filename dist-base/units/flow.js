export function unitLimitRules(units) {
    return [...units.values()].flatMap((u) => (u.flowLimit ? [{ spec: u.flowLimit.spec, where: u.flowLimit.at }] : []));
}
export async function applyUnitLimits(engine, units, actor = 'units') {
    const ids = new Set([...units.keys()].map((n) => `unit:${n}`));
    return engine.flow.applyLimits(unitLimitRules(units), { actor, owns: (id) => ids.has(id) });
}
//# sourceMappingURL=flow.js.map