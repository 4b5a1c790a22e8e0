export { parseIni } from './ini.js';
export { parseYamlUnit } from './yaml.js';
export { buildUnit, unitRef, UNIT_DEFAULTS, type UnitSpec, type UnitStep, type RunnerSpec, type UnitRunIf, type UnitSchedule } from './spec.js';
export { runOrder, checkAllOrders } from './order.js';
export { loadUnitDir, loadUnitFile, parseUnit, isUnitFile } from './load.js';
export { splitWords, parseSize, parseBool } from './words.js';
