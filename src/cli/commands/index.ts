/**
 * Every subcommand, one file each, with the top-level commands it registers. Add a command by
 * writing commands/NAME.ts exporting a register function and listing it here.
 *
 * A module is loaded only when its command runs (or for help, or a word that names no command):
 * `taskframe ls` does not load the worker, the autoscaler, workflows or the bus bridges, which
 * were about a fifth of every command's start. test/cli/commands-index.test.ts holds each entry's
 * names to what its module registers.
 */
import type { Command } from 'commander';

export interface CommandModule {
  /** The top-level commands (and aliases) the module registers. */
  names: readonly string[];
  load(): Promise<(program: Command) => void>;
}

/** In the order `taskframe --help` lists them. */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['enqueue'], load: async () => (await import('./enqueue.js')).registerEnqueue },
  { names: ['worker'], load: async () => (await import('./worker.js')).registerWorker },
  { names: ['status', 'ls', 'audit'], load: async () => (await import('./inspect.js')).registerInspect },
  { names: ['logs'], load: async () => (await import('./logs.js')).registerLogs },
  { names: ['cancel', 'retry'], load: async () => (await import('./control.js')).registerControl },
  { names: ['limit', 'pause', 'resume', 'flow'], load: async () => (await import('./flow.js')).registerFlow },
  { names: ['migrate'], load: async () => (await import('./migrate.js')).registerMigrate },
  { names: ['run'], load: async () => (await import('./run.js')).registerRun },
  { names: ['submit'], load: async () => (await import('./submit.js')).registerSubmit },
  { names: ['runs'], load: async () => (await import('./runs.js')).registerRuns },
  { names: ['schedule'], load: async () => (await import('./schedule.js')).registerSchedule },
  { names: ['server'], load: async () => (await import('./server.js')).registerServer },
  { names: ['bridge'], load: async () => (await import('./bridge.js')).registerBridge },
  { names: ['autoscale'], load: async () => (await import('./autoscale.js')).registerAutoscale },
  { names: ['config'], load: async () => (await import('./config.js')).registerConfig },
];

/**
 * The modules a command line needs: the one registering its command word (the first argument
 * that is neither an option nor the value of one of `program`'s own options), or every module
 * when there is no such word or it names no command (help, a typo that deserves suggestions).
 */
export function modulesFor(program: Command, args: readonly string[]): readonly CommandModule[] {
  const word = commandWord(program, args);
  const mine = COMMAND_MODULES.filter((m) => word !== undefined && m.names.includes(word));
  return mine.length > 0 ? mine : COMMAND_MODULES;
}

function commandWord(program: Command, args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (!a.startsWith('-')) return a;
    if (a.includes('=')) continue;
    if (program.options.find((o) => o.long === a || o.short === a)?.required) i++;
  }
  return undefined;
}
