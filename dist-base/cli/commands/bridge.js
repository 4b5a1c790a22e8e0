import { startBridge } from '../../bus/bridge.js';
import { ValidationError } from '../../model/errors.js';
import { settingFlags } from '../config-flags.js';
import { commandContext, openTaskframe } from '../context.js';
import { followConfig } from '../reload.js';
const BRIDGE_FLAGS = ['bridge.bus', 'bridge.in', 'bridge.out', 'bridge.events', 'bridge.dead', 'bridge.types', 'bridge.queue', 'bridge.rules', 'bridge.rulesVia', 'bridge.name', 'bridge.from', 'bridge.maxBytes'];
export function registerBridge(program) {
    const command = program
        .command('bridge')
        .description('connect the store to a message bus: tasks in, done messages and events out, taskmaster rules (the `bridge` settings: flags, TASKFRAME_BRIDGE_*, or the config file)');
    settingFlags(command, BRIDGE_FLAGS)
        .action(async (_flags, cmd) => {
        const ctx = commandContext(cmd);
        const o = ctx.config.values.bridge;
        if (!o?.bus)
            throw new ValidationError('bridge.bus', 'no bus: give --bus URL, TASKFRAME_BRIDGE_BUS, or bridge.bus in the config file');
        const tf = await openTaskframe(ctx);
        let bridge;
        try {
            bridge = await startBridge(tf.engine, { ...o, bus: o.bus }, tf.logger);
        }
        catch (err) {
            await tf.close();
            throw err;
        }
        const reloader = followConfig(cmd, ctx);
        const stopped = new Promise((resolve) => {
            process.once('SIGINT', () => resolve('SIGINT'));
            process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        const what = [o.in && `in ${o.in}`, o.out && `out ${o.out}`, o.events && `events ${o.events}`, o.rules && `rules ${o.rules}`].filter(Boolean).join(', ');
        process.stderr.write(`bridge ${o.name ?? 'default'} on ${bridge.bus.url}: ${what}\n`);
        const why = await stopped;
        reloader.stop();
        await bridge.stop();
        await tf.close();
        const s = bridge.ingress?.stats;
        process.stderr.write(`bridge stopped (${why})${s ? `: ${s.created} tasks created, ${s.duplicates} duplicates, ${s.deadLettered} dead-lettered` : ''}${bridge.outbox ? `, ${bridge.outbox.stats.published} messages published` : ''}\n`);
    });
}
//# sourceMappingURL=bridge.js.map