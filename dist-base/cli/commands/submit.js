import { parseWorkflow } from '../../workflow/parse.js';
import { loadUnitDir } from '../../units/load.js';
import { parseInputArgs, submitWorkflow } from '../../workflow/submit.js';
import { withTaskframe } from '../context.js';
import { runJson } from '../../model/json.js';
import { printJson, printLine } from '../output.js';
import { collect, loadHandlers, readWorkflowFile } from '../workflow-files.js';
export function registerSubmit(program) {
    program
        .command('submit')
        .description('validate a workflow file and hand a run of it to the store, for workers elsewhere; prints the run id')
        .argument('<file>', 'workflow YAML file')
        .option('-i, --input <key=value>', 'an input value (repeatable)', collect, [])
        .option('--handlers <module>', 'check `handler:` names against this module of handlers')
        .option('--units <dir>', 'check `unit:` names against the unit files in DIR')
        .option('--json', 'print the run as JSON')
        .action(async (file, opts, cmd) => {
        const handlers = opts.handlers ? Object.keys(await loadHandlers(opts.handlers)) : undefined;
        const units = opts.units ? [...loadUnitDir(opts.units).keys()] : undefined;
        const wf = parseWorkflow(readWorkflowFile(file), { file, ...(handlers ? { handlers } : {}), ...(units ? { units } : {}) });
        const inputs = parseInputArgs(wf, opts.input);
        await withTaskframe(cmd, async (tf) => {
            const run = await submitWorkflow(tf.engine, wf, { inputs, trigger: 'cli' });
            if (opts.json)
                printJson(runJson(run));
            else
                printLine(run.id);
        });
    });
}
//# sourceMappingURL=submit.js.map