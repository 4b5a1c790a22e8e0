import { shownSettings, sourceText } from '../../config/display.js';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { commandConfig } from '../config-flags.js';
import { printJson, printLine, table } from '../output.js';
export function registerConfig(program) {
    program
        .command('config')
        .description('print the effective settings, where each came from, and whether it reloads live (docs/configuration.md)')
        .option('--json', 'print as JSON')
        .action((o, cmd) => {
        const loaded = commandConfig(cmd);
        const settings = shownSettings(loaded);
        if (o.json) {
            printJson({
                file: loaded.file,
                warnings: loaded.warnings,
                settings: Object.fromEntries(settings.map((s) => [s.key, { value: s.value, source: s.source, reload: s.reload }])),
            });
            return;
        }
        printLine(loaded.file ? `config file: ${loaded.file}` : `no config file (none given, and no ./${DEFAULT_CONFIG_FILE})`);
        for (const w of loaded.warnings)
            printLine(`warning: ${w}`);
        printLine(table([['SETTING', 'VALUE', 'FROM', 'RELOAD'], ...settings.map((s) => [s.key, s.text, sourceText(s.source), s.reload])]));
    });
}
//# sourceMappingURL=config.js.map