import { fieldText } from '../config/display.js';
import { ConfigReloader } from '../config/reload.js';
import { commandConfig } from './config-flags.js';
const show = (c, v) => fieldText(c.schema, v);
export function followConfig(cmd, ctx, apply = () => undefined) {
    const reloader = new ConfigReloader(() => commandConfig(cmd), ctx.config, { watch: ctx.config.values.reload.watch });
    reloader.on('reloaded', (report, config) => {
        ctx.config = config;
        ctx.logger.level = config.values.log.level ?? ctx.defaultLevel;
        try {
            apply(config.values);
        }
        catch (err) {
            ctx.logger.error({ err }, 'applying reloaded settings failed');
        }
        const changes = report.applied.map((c) => `${c.key} ${show(c, c.from)} -> ${show(c, c.to)}`);
        process.stderr.write(`config reloaded (${report.trigger}): ${changes.length ? changes.join(', ') : 'no live setting changed'}\n`);
        for (const c of report.needsRestart) {
            ctx.logger.warn({ setting: c.key }, `${c.key} changed (${show(c, c.from)} -> ${show(c, c.to)}): it takes effect after a restart`);
        }
    });
    reloader.on('error', (err) => ctx.logger.error({ err: err.message }, 'config reload refused; keeping the current settings'));
    return reloader.start();
}
//# sourceMappingURL=reload.js.map