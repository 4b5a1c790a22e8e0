import { ValidationError } from '../../model/errors.js';
import { defaultWorkerId } from '../../worker/worker.js';
import { TriggerScheduler } from '../../scheduler/triggers.js';
import { applyWorkflowLimits } from '../../workflow/limits.js';
import { parseWorkflow } from '../../workflow/parse.js';
import { readWorkflowFile } from '../workflow-files.js';
import { printLine } from '../output.js';
import { settingFlags } from '../config-flags.js';
import { applyFlowConfig, commandContext, openTaskframe } from '../context.js';
import { followConfig } from '../reload.js';
export function registerServer(program) {
    const server = program
        .command('server')
        .description('run the HTTP API, dashboard and maintenance (leader-elected among servers)');
    settingFlags(server, ['server.port', 'server.host'])
        .option('--schedule <file>', 'fire the triggers of this workflow file too (repeatable; adds to scheduler.workflows)', (v, prev) => [...prev, v], [])
        .addHelpText('after', `
Tokens (at least one is required):
  TASKFRAME_TOKENS="name:scope[+scope]:secret,..."      scopes: admin, producer, worker
  TASKFRAME_TOKENS_FILE=FILE                            lines "name scope[+scope] secret"
  taskframe.yaml:  server: {tokens: [{name: ci, scopes: [producer], tokenEnv: CI_TOKEN}]}
Every setting: docs/configuration.md; the effective ones: taskframe config`)
        .action(async (opts, cmd) => {
        // The server module (and Fastify) load only when this command runs.
        const { serverConfig } = await import('../../server/config.js');
        const { buildApp } = await import('../../server/app.js');
        const ctx = commandContext(cmd, 'info', 'taskframe-server');
        const config = serverConfig(ctx.config, process.env, opts.schedule);
        if (config.tokens.length === 0)
            throw new ValidationError('tokens', 'no API tokens configured; set TASKFRAME_TOKENS or TASKFRAME_TOKENS_FILE, or list server.tokens in the config file');
        // Workflow files are read and validated before anything starts: a bad one stops the server here.
        const workflows = config.schedules.map((file) => parseWorkflow(readWorkflowFile(file), { file }));
        const logger = ctx.logger;
        const tf = await openTaskframe(ctx);
        // Flow-control rules from the configuration and from the scheduled workflows, before anything runs.
        await applyFlowConfig(tf, ctx, true);
        for (const wf of workflows)
            await applyWorkflowLimits(tf.engine, wf);
        const scheduler = workflows.length ? new TriggerScheduler(tf.engine, { holderId: `server:${defaultWorkerId()}`, workflows, intervalMs: ctx.config.values.scheduler.interval, logger }) : null;
        const app = await buildApp({ engine: tf.engine, tokens: config.tokens, logger, ...(config.bodyLimit ? { bodyLimit: config.bodyLimit } : {}), ...(scheduler ? { scheduler, workflows } : {}) });
        if (config.maintenance)
            tf.startMaintenance({ holderId: `server:${defaultWorkerId()}`, retentionMs: config.retentionMs });
        scheduler?.start();
        const address = await app.listen({ host: config.host, port: config.port });
        // A bus bridge beside the API, when the config has one (loads its broker client only then).
        const bridge = config.bridge ? await (await import('../../bus/bridge.js')).startBridge(tf.engine, config.bridge, logger) : null;
        // One line on stdout for people and for scripts that start a server on port 0.
        printLine(`taskframe server listening on ${address}`);
        const reloader = followConfig(cmd, ctx);
        await new Promise((resolve) => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
        });
        logger.info('shutting down');
        reloader.stop();
        await bridge?.stop();
        await scheduler?.stop();
        await app.close();
        await tf.close();
    });
}
//# sourceMappingURL=server.js.map