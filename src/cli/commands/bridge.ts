import type { Command } from 'commander';
import { startBridge } from '../../bus/bridge.js';
import { ValidationError } from '../../model/errors.js';
import { Taskframe } from '../../taskframe.js';
import { globalOptions } from '../context.js';
import { parseIntOption, parseList } from '../parse.js';

interface BridgeOpts {
  bus: string;
  in?: string;
  out?: string;
  events?: string;
  dead?: string;
  types?: string;
  queue?: string;
  rules?: string;
  rulesVia?: string;
  name: string;
  from: string;
  maxBytes?: string;
}

export function registerBridge(program: Command): void {
  program
    .command('bridge')
    .description('connect the store to a message bus: tasks in, done messages and events out, taskmaster rules')
    .requiredOption('--bus <url>', 'bus URL: nats://host:4222, amqp://user:pass@host:5672, redis://host:6379, file:./bus')
    .option('--in <topic>', 'take tasks from this topic ({"type","task",…} or {"name","payload",…})')
    .option('--out <topic>', 'publish a done message ({"type","task","result","msg","started","completed",…}) for every finished task')
    .option('--events <topic>', 'publish every task event')
    .option('--dead <topic>', 'dead-letter topic for bad task messages (default <in>.dead)')
    .option('--types <names>', 'task types accepted from --in, comma-separated (others are dead-lettered)')
    .option('--queue <queue>', 'queue for incoming tasks that name none')
    .option('--rules <file>', 'YAML taskmaster rules: when a task of type X finishes with result R, create task Y')
    .option('--rules-via <how>', 'run rules on the store\'s event feed ("store") or on the --out topic ("bus")', 'store')
    .option('--name <name>', 'names this bridge\'s durable cursor and consumer groups', 'default')
    .option('--from <where>', 'where a new outbox starts: "end" of the event feed or "beginning"', 'end')
    .option('--max-bytes <n>', 'largest task message accepted')
    .action(async (o: BridgeOpts, cmd: Command) => {
      if (o.from !== 'end' && o.from !== 'beginning') throw new ValidationError('--from', `must be "end" or "beginning", got "${o.from}"`);
      const tf = await Taskframe.open({ db: globalOptions(cmd).db });
      let bridge;
      try {
        bridge = await startBridge(
          tf.engine,
          {
            bus: o.bus,
            in: o.in,
            out: o.out,
            events: o.events,
            dead: o.dead,
            types: o.types ? parseList(o.types) : undefined,
            queue: o.queue,
            rules: o.rules,
            rulesVia: o.rulesVia as 'store' | 'bus',
            name: o.name,
            from: o.from,
            maxBytes: o.maxBytes ? parseIntOption(o.maxBytes, '--max-bytes') : undefined,
          },
          tf.logger,
        );
      } catch (err) {
        await tf.close();
        throw err;
      }
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const what = [o.in && `in ${o.in}`, o.out && `out ${o.out}`, o.events && `events ${o.events}`, o.rules && `rules ${o.rules}`].filter(Boolean).join(', ');
      process.stderr.write(`bridge ${o.name} on ${bridge.bus.url}: ${what}\n`);
      const why = await stopped;
      await bridge.stop();
      await tf.close();
      const s = bridge.ingress?.stats;
      process.stderr.write(
        `bridge stopped (${why})${s ? `: ${s.created} tasks created, ${s.duplicates} duplicates, ${s.deadLettered} dead-lettered` : ''}${bridge.outbox ? `, ${bridge.outbox.stats.published} messages published` : ''}\n`,
      );
    });
}
