#!/usr/bin/env node
/**
 * The `taskframe` command. Each subcommand lives in its own file under commands/ and is built
 * on the public TypeScript API (Taskframe, Engine, Worker), never beside it. Settings come from
 * one configuration (docs/configuration.md): file, environment, flags.
 */
import { Command, CommanderError } from 'commander';
import { modulesFor } from './commands/index.js';
import { globalFlags } from './config-flags.js';
import { exitCodeFor, printError } from './output.js';

/** The program for a command line (`args`: what follows `taskframe`): only its command's module is loaded. */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('taskframe')
    .description('Run tasks — TypeScript functions or executables in any language — and see every one of them.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  globalFlags(program);
  for (const register of await Promise.all(modulesFor(program, args).map((m) => m.load()))) register(program);
  return program;
}

/**
 * A reader that stops early (`taskframe ls | head`) is not an error: the command ends quietly,
 * with its status so far. Long-running commands shut down as they do on SIGTERM.
 */
function endQuietlyWhenOutputCloses(): void {
  let closed = false;
  const onError = (err: NodeJS.ErrnoException) => {
    if (closed) return;
    if (err.code !== 'EPIPE' && err.code !== 'EIO') throw err;
    closed = true;
    if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM', 'SIGTERM');
    else process.exit();
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

async function main(argv: string[]): Promise<void> {
  endQuietlyWhenOutputCloses();
  try {
    const program = await buildProgram(argv.slice(2));
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
