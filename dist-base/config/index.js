/** One configuration for every taskframe process: schema, loader, display, reload, docs. */
export { ConfigSchema } from './schema.js';
export { loadConfig, DEFAULT_CONFIG_FILE, CONFIG_FILE_ENV } from './load.js';
export { allSettings, allSections, settingByKey } from './settings.js';
export { shownSettings, sourceText } from './display.js';
export { ConfigReloader } from './reload.js';
export { storeOptions, workerOptions, loggerOptions } from './options.js';
//# sourceMappingURL=index.js.map