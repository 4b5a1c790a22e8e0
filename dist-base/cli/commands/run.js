import { ValidationError } from '../../model/errors.js';
import { checkUnitsRunnable, unitHandlers } from '../../worker/runners/unit-handlers.js';
import { workflowHandlers } from '../../workflow/handlers.js';
import { loadUnitDir } from '../../units/load.js';
import { parseWorkflow } from '../../workflow/parse.js';
import { parseInputArgs, submitWorkflow } from '../../workflow/submit.js';
import { commandContext, openTaskframe } from '../context.js';
import { executableSettings } from '../executables.js';
import { runJson } from '../../model/json.js';
import { printJson } from '../output.js';
import { followRun, workerSlots } from '../run-progress.js';
import { collect, loadHandlers, readWorkflowFile } from '../workflow-files.js';
export function registerRun(program) {
    program
        .command('run')
        .description('run a workflow file to completion here, with its own workers and live progress (exit 0 succeeded, 1 failed, 2 invalid input)')
        .argument('<file>', 'workflow YAML file')
        .option('-i, --input <key=value>', 'an input value (repeatable)', collect, [])
        .option('--handlers <module>', 'a JS module exporting `handlers` for `handler:` tasks')
        .option('--units <dir>', 'unit files (.service/.ini/.yaml) in DIR for `unit:` tasks')
        .option('-c, --concurrency <n>', 'tasks running at once in this process (the progress says when ready tasks wait for a slot)', DEFAULT_CONCURRENCY)
        .option('--plain', 'plain progress lines even on a terminal')
        .option('--json', 'print the finished run as JSON instead of progress')
        .action(async (file, opts, cmd) => {
        const concurrency = Number(opts.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1)
            throw new ValidationError('--concurrency', `must be a positive integer, got "${opts.concurrency}"`);
        const user = await loadHandlers(opts.handlers);
        // Units are read and checked before the store is opened: a bad directory changes nothing.
        const unitSpecs = opts.units ? loadUnitDir(opts.units) : null;
        if (unitSpecs)
            checkUnitsRunnable(unitSpecs);
        const wf = parseWorkflow(readWorkflowFile(file), { file, handlers: Object.keys(user), units: [...(unitSpecs?.keys() ?? [])] });
        const inputs = parseInputArgs(wf, opts.input);
        const ctx = commandContext(cmd);
        const tf = await openTaskframe(ctx);
        const exec = executableSettings(ctx.config.values, tf.logger);
        const units = unitSpecs ? unitHandlers(tf.engine, unitSpecs, exec) : null;
        let runId = null;
        const onSigint = () => {
            if (runId)
                void tf.engine.runs.cancel(runId, 'interrupted (SIGINT)').catch(() => undefined);
        };
        process.once('SIGINT', onSigint);
        try {
            const queues = [...new Set(wf.tasks.map((t) => t.queue).concat(wf.onFailure ? [wf.onFailure.queue] : []))];
            const worker = tf.worker({ handlers: workflowHandlers(tf.engine, { ...user, ...units?.handlers }), queues, concurrency, pollIntervalMs: 100, maintenance: { intervalMs: 1000 } });
            const slots = workerSlots(worker, concurrency, opts.concurrency === DEFAULT_CONCURRENCY);
            worker.start();
            const run = await submitWorkflow(tf.engine, wf, { inputs, trigger: 'cli' });
            runId = run.id;
            const tty = !opts.plain && !opts.json && process.stdout.isTTY === true;
            const done = await followRun(tf.engine, run.id, { tty, out: opts.json ? devNull : process.stdout, slots });
            if (opts.json)
                printJson(runJson(done));
            process.exitCode = done.state === 'succeeded' ? 0 : 1;
        }
        finally {
            process.off('SIGINT', onSigint);
            await tf.close();
            await units?.close();
        }
    });
}
const DEFAULT_CONCURRENCY = '8';
const devNull = { write: () => true };
//# sourceMappingURL=run.js.map