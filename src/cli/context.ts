/** Opens the store named by --db / TASKFRAME_DB for a command, and closes it afterwards. */
import type { Command } from 'commander';
import { Taskframe } from '../taskframe.js';

export function globalOptions(cmd: Command): { db: string } {
  return cmd.optsWithGlobals() as { db: string };
}

export async function withTaskframe<T>(cmd: Command, fn: (tf: Taskframe) => Promise<T>): Promise<T> {
  const tf = await Taskframe.open({ db: globalOptions(cmd).db });
  try {
    return await fn(tf);
  } finally {
    await tf.close();
  }
}
