export { parseIni } from './ini.js';
export { parseYamlUnit } from './yaml.js';
export { buildUnit, unitRef, UNIT_DEFAULTS } from './spec.js';
export { runOrder, checkAllOrders, orderWarnings } from './order.js';
export { loadUnitDir, loadUnitFile, parseUnit, isUnitFile } from './load.js';
export { splitWords, parseSize, parseBool } from './words.js';
export { applyUnitLimits, unitLimitRules } from './flow.js';
//# sourceMappingURL=index.js.map