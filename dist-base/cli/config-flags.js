/**
 * Flags come from the configuration schema: a command lists the settings it takes as flags, and
 * each flag's name and help come from that setting's documentation. commandConfig() then loads
 * the configuration with the flags actually typed on the command line as the top layer.
 */
import { Option } from 'commander';
import { loadConfig } from '../config/load.js';
import { settingByKey } from '../config/settings.js';
import { exactDuration } from '../config/display.js';
/** The settings each command took as flags. */
const flagsOf = new WeakMap();
function helpText(s) {
    const d = s.doc;
    const def = d.default !== undefined && typeof d.default !== 'boolean'
        ? `default ${d.duration && typeof d.default === 'number' ? exactDuration(d.default) : Array.isArray(d.default) ? d.default.join(',') : String(d.default)}`
        : d.defaultText && d.default === undefined
            ? `default ${d.defaultText.replace(/`/g, '')}`
            : '';
    const extra = [def, d.env && `env ${d.env}`, d.reload === 'live' && 'reloads live'].filter(Boolean).join('; ');
    return `${(d.flagHelp ?? d.description).replace(/`/g, '').replace(/\.$/, '')}${extra ? ` (${extra})` : ''}`;
}
function optionFor(key) {
    const s = settingByKey(key);
    if (!s?.doc.flag)
        throw new Error(`setting ${key} has no flag`);
    return new Option(s.doc.flag, helpText(s));
}
/** Adds the flags of these settings to the command (see the schema for each one's flag). */
export function settingFlags(cmd, keys) {
    for (const key of keys)
        cmd.addOption(optionFor(key));
    flagsOf.set(cmd, [...(flagsOf.get(cmd) ?? []), ...keys]);
    return cmd;
}
/** The flags every command takes. */
export function globalFlags(program) {
    program.option('--config <file>', 'config file (default ./taskframe.yaml when present; env TASKFRAME_CONFIG); see docs/configuration.md');
    return settingFlags(program, ['store.url', 'log.level', 'log.format']);
}
function root(cmd) {
    let c = cmd;
    while (c.parent)
        c = c.parent;
    return c;
}
/** The setting → value of every config flag typed on the command line (not defaults). */
export function typedFlags(cmd) {
    const out = {};
    const chain = [];
    for (let c = cmd; c; c = c.parent)
        chain.unshift(c);
    for (const c of chain) {
        for (const key of flagsOf.get(c) ?? []) {
            const flag = settingByKey(key).doc.flag;
            const opt = c.options.find((o) => o.flags === flag);
            if (!opt)
                continue;
            const attr = opt.attributeName();
            if (c.getOptionValueSource(attr) !== 'cli')
                continue;
            out[key] = { value: c.getOptionValue(attr), flag: opt.long ?? flag };
        }
    }
    return out;
}
/** The configuration this command runs with: file, environment, and its flags on top. */
export function commandConfig(cmd) {
    const file = root(cmd).getOptionValue('config');
    return loadConfig({ ...(file ? { file } : {}), flags: typedFlags(cmd) });
}
//# sourceMappingURL=config-flags.js.map