import type { Command } from 'commander';
import { createLogger } from '../../logger.js';
import { ValidationError } from '../../model/errors.js';
import { defaultWorkerId } from '../../worker/worker.js';
import { TriggerScheduler } from '../../scheduler/triggers.js';
import { Taskframe } from '../../taskframe.js';
import { parseWorkflow } from '../../workflow/parse.js';
import { readWorkflowFile } from '../workflow-files.js';
import { printLine } from '../output.js';

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('run the HTTP API, dashboard and maintenance (leader-elected among servers)')
    .option('--port <n>', 'port to listen on; env TASKFRAME_PORT (default 8080, 0 = any free port)')
    .option('--host <addr>', 'address to bind; env TASKFRAME_HOST (default 127.0.0.1)')
    .option('--config <file>', 'JSON config file; env TASKFRAME_SERVER_CONFIG')
    .option('--schedule <file>', 'fire the triggers of this workflow file (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addHelpText(
      'after',
      `
Tokens (at least one is required):
  TASKFRAME_TOKENS="name:scope[+scope]:secret,..."      scopes: admin, producer, worker
  TASKFRAME_TOKENS_FILE=FILE                            lines "name scope[+scope] secret"
  config file: {"tokens": [{"name": "ci", "scopes": ["producer"], "tokenEnv": "CI_TOKEN"}]}`,
    )
    .action(async (opts: { port?: string; host?: string; config?: string; schedule: string[] }, cmd: Command) => {
      // The server module (and Fastify) load only when this command runs.
      const { loadServerConfig } = await import('../../server/config.js');
      const { buildApp } = await import('../../server/app.js');
      const globals = cmd.optsWithGlobals() as { db: string };
      const dbFromFlag = cmd.parent?.getOptionValueSource('db') === 'cli' || process.env.TASKFRAME_DB ? globals.db : undefined;
      const config = loadServerConfig({ config: opts.config, host: opts.host, port: opts.port, db: dbFromFlag, schedule: opts.schedule });
      if (config.tokens.length === 0) throw new ValidationError('tokens', 'no API tokens configured; set TASKFRAME_TOKENS or TASKFRAME_TOKENS_FILE, or list tokens in --config');
      // Workflow files are read and validated before anything starts: a bad one stops the server here.
      const workflows = config.schedules.map((file) => parseWorkflow(readWorkflowFile(file), { file }));
      const logger = createLogger({ name: 'taskframe-server', level: config.logLevel });
      const tf = await Taskframe.open({ db: config.db ?? globals.db, logger });
      const scheduler = workflows.length ? new TriggerScheduler(tf.engine, { holderId: `server:${defaultWorkerId()}`, workflows, logger }) : null;
      const app = await buildApp({ engine: tf.engine, tokens: config.tokens, logger, ...(config.bodyLimit ? { bodyLimit: config.bodyLimit } : {}), ...(scheduler ? { scheduler, workflows } : {}) });
      if (config.maintenance) tf.startMaintenance({ holderId: `server:${defaultWorkerId()}`, retentionMs: config.retentionMs });
      scheduler?.start();
      const address = await app.listen({ host: config.host, port: config.port });
      // A bus bridge beside the API, when the config has one (loads its broker client only then).
      const bridge = config.bridge ? await (await import('../../bus/bridge.js')).startBridge(tf.engine, config.bridge, logger) : null;
      // One line on stdout for people and for scripts that start a server on port 0.
      printLine(`taskframe server listening on ${address}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      logger.info('shutting down');
      await bridge?.stop();
      await scheduler?.stop();
      await app.close();
      await tf.close();
    });
}
