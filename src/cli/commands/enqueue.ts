import fs from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../model/errors.js';
import type { EnqueueSpec } from '../../model/spec.js';
import { withTaskframe } from '../context.js';
import { parseIntOption, parseJsonOption } from '../parse.js';
import { taskJson } from '../../model/json.js';
import { printJson, printLine } from '../output.js';

interface EnqueueOpts {
  payload?: string;
  queue?: string;
  priority?: string;
  delay?: string;
  maxAttempts?: string;
  key?: string;
  timeout?: string;
  from?: string;
  json?: boolean;
}

/** Reads one payload per line; blank lines are skipped; a bad line names its number. */
function readJsonl(file: string): unknown[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError('--from', `cannot read ${file}: ${(err as Error).message}`);
  }
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (err) {
      throw new ValidationError('--from', `${file}:${i + 1}: not JSON: ${(err as Error).message}`);
    }
  });
  return out;
}

export function registerEnqueue(program: Command): void {
  program
    .command('enqueue <name>')
    .description('enqueue a task (or one per line of a JSONL file) and print its id')
    .option('--payload <json>', 'the task payload, as JSON')
    .option('--queue <queue>', 'queue name (default "default")')
    .option('--priority <n>', 'higher runs first, -1000..1000 (default 0)')
    .option('--delay <duration>', 'do not run before this long from now (e.g. 5s, 2m)')
    .option('--max-attempts <n>', 'attempts before the task fails for good (default 3)')
    .option('--key <key>', 'idempotency key: a live task with this key in the queue is returned instead')
    .option('--timeout <duration>', 'abort an attempt after this long')
    .option('--from <file.jsonl>', 'enqueue one task per line (each line a payload), in one transaction')
    .option('--json', 'print the task(s) as JSON')
    .action(async (name: string, o: EnqueueOpts, cmd: Command) => {
      const base: Omit<EnqueueSpec, 'payload'> = { name };
      if (o.queue !== undefined) base.queue = o.queue;
      if (o.priority !== undefined) base.priority = parseIntOption(o.priority, '--priority');
      if (o.delay !== undefined) base.delay = o.delay;
      if (o.maxAttempts !== undefined) base.maxAttempts = parseIntOption(o.maxAttempts, '--max-attempts');
      if (o.timeout !== undefined) base.timeout = o.timeout;
      if (o.from !== undefined) {
        if (o.payload !== undefined || o.key !== undefined) throw new ValidationError('--from', 'cannot be combined with --payload or --key');
        const payloads = readJsonl(o.from);
        await withTaskframe(cmd, async (tf) => {
          const tasks = await tf.enqueueMany(payloads.map((payload) => ({ ...base, payload })));
          if (o.json) printJson({ count: tasks.length, ids: tasks.map((t) => t.id) });
          else printLine(String(tasks.length));
        });
        return;
      }
      const spec: EnqueueSpec = { ...base, payload: o.payload === undefined ? null : parseJsonOption(o.payload, '--payload') };
      if (o.key !== undefined) spec.key = o.key;
      await withTaskframe(cmd, async (tf) => {
        const { task, created } = await tf.engine.enqueueOne(spec);
        if (o.json) printJson({ ...taskJson(task), created });
        else printLine(task.id);
      });
    });
}
