export { parseIni } from './ini.js';
export { parseYamlUnit } from './yaml.js';
export { buildUnit, unitRef, UNIT_DEFAULTS, type UnitSpec, type UnitStep, type UnitRef, type RunnerSpec, type UnitRunIf, type UnitSchedule } from './spec.js';
export { runOrder, checkAllOrders, orderWarnings } from './order.js';
export { loadUnitDir, loadUnitFile, parseUnit, isUnitFile, type LoadUnitsOptions } from './load.js';
export { splitWords, parseSize, parseBool } from './words.js';
export { applyUnitLimits, unitLimitRules } from './flow.js';
