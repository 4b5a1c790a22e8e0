/**
 * The table of command modules (src/cli/commands/index.ts) that lets a command load only its own
 * module: each entry names exactly what its module registers, and a command line finds its word.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, modulesFor } from '../../src/cli/commands/index.js';
import { globalFlags } from '../../src/cli/config-flags.js';

describe('the command modules table', () => {
  it.each(COMMAND_MODULES.map((m) => [m.names.join(', '), m] as const))('%s: the module registers exactly these', async (_, m) => {
    const program = new Command('taskframe');
    (await m.load())(program);
    expect(program.commands.flatMap((c) => [c.name(), ...c.aliases()]).sort()).toEqual([...m.names].sort());
  });

  it('no command is listed twice', () => {
    const all = COMMAND_MODULES.flatMap((m) => m.names);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('which modules a command line loads', () => {
  const program = globalFlags(new Command('taskframe'));
  const names = (args: string[]) => modulesFor(program, args).flatMap((m) => m.names);
  const ALL = COMMAND_MODULES.flatMap((m) => m.names);

  it.each([
    [['ls'], ['status', 'ls', 'audit']],
    [['--db', 'sqlite:x.db', 'ls', '--queue', 'q'], ['status', 'ls', 'audit']],
    [['--db=sqlite:x.db', 'worker'], ['worker']],
    // The value of --config is not the command, even when it reads like one.
    [['--config', 'ls', 'worker'], ['worker']],
    [['--log-level', 'debug', 'cancel', '7'], ['cancel', 'retry']],
    [['--', 'runs'], ['runs']],
  ])('%j: its own module', (args, expected) => {
    expect(names(args)).toEqual(expected);
  });

  it.each([[[]], [['--help']], [['help', 'ls']], [['lss']], [['--db', 'sqlite:x.db']]])('%j: every module (help, or a word that names no command)', (args) => {
    expect(names(args)).toEqual(ALL);
  });
});
