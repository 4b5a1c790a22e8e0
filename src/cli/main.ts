#!/usr/bin/env node
/**
 * The `taskframe` command. Each subcommand lives in its own file under commands/ and is built
 * on the public TypeScript API (Taskframe, Engine, Worker), never beside it.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { exitCodeFor, printError } from './output.js';

export function buildProgram(): Command {
  const program = new Command('taskframe')
    .description('Run tasks — TypeScript functions or executables in any language — and see every one of them.')
    .version('0.1.0')
    .option('--db <url>', 'store URL (sqlite:FILE or postgres://…); env TASKFRAME_DB', process.env.TASKFRAME_DB ?? 'sqlite:./taskframe.db')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage errors are invalid input (2).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    printError(err);
    process.exitCode = exitCodeFor(err);
  }
}

void main(process.argv);
