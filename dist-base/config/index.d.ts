/** One configuration for every taskframe process: schema, loader, display, reload, docs. */
export { ConfigSchema, type TaskframeConfig, type SettingDoc, type Reload } from './schema.js';
export { loadConfig, DEFAULT_CONFIG_FILE, CONFIG_FILE_ENV, type LoadConfigOptions, type LoadedConfig, type SettingSource, type FlagValue } from './load.js';
export { allSettings, allSections, settingByKey, type Setting, type Section } from './settings.js';
export { shownSettings, sourceText, type ShownSetting } from './display.js';
export { ConfigReloader, type ReloadReport, type Change, type ConfigReloaderOptions } from './reload.js';
export { storeOptions, workerOptions, loggerOptions } from './options.js';
