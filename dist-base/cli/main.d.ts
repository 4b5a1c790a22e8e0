#!/usr/bin/env node
/**
 * The `taskframe` command. Each subcommand lives in its own file under commands/ and is built
 * on the public TypeScript API (Taskframe, Engine, Worker), never beside it. Settings come from
 * one configuration (docs/configuration.md): file, environment, flags.
 */
import { Command } from 'commander';
export declare function buildProgram(): Command;
