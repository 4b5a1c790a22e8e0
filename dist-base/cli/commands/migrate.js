import { commandContext, openTaskframe } from '../context.js';
import { printJson, printLine } from '../output.js';
export function registerMigrate(program) {
    program
        .command('migrate')
        .description('apply pending schema migrations to the store')
        .option('--json', 'print the result as JSON')
        .action(async (opts, cmd) => {
        const tf = await openTaskframe(commandContext(cmd), { migrate: false });
        try {
            const r = await tf.migrate();
            if (opts.json)
                printJson(r);
            else
                printLine(r.from === r.to ? `schema is current (version ${r.to})` : `migrated schema from version ${r.from} to ${r.to}`);
        }
        finally {
            await tf.close();
        }
    });
}
//# sourceMappingURL=migrate.js.map