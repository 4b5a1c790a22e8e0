/** What only the file bus has: plain lines as messages, and a clear error for a damaged offset file. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/bus/bus.js';
import { openBus } from '../../src/bus/open.js';
import { ValidationError } from '../../src/model/errors.js';
import { tempDir } from '../helpers/stores.js';
import { collect } from './helpers.js';

const buses: Bus[] = [];
afterEach(async () => {
  for (const b of buses.splice(0)) await b.close();
});

async function fileBus(): Promise<{ bus: Bus; dir: string }> {
  const dir = path.join(tempDir('taskframe-bus-'), 'bus');
  const bus = await openBus(`file:${dir}`);
  buses.push(bus);
  return { bus, dir };
}

describe('file bus', () => {
  it('delivers lines written by anyone as messages, with offset ids, around its own envelopes', async () => {
    const { bus, dir } = await fileBus();
    fs.writeFileSync(path.join(dir, 'tasks.jsonl'), '{"type":"a","task":"1"}\n\n');
    await bus.publish('tasks', 'enveloped', { id: 'e1' });
    fs.appendFileSync(path.join(dir, 'tasks.jsonl'), 'plain text line\n');
    const { c } = await collect(bus, 'tasks');
    await c.count(3);
    expect(c.texts()).toEqual(['{"type":"a","task":"1"}', 'enveloped', 'plain text line']);
    expect(c.messages.map((m) => m.id)).toEqual(['tasks@0', 'e1', expect.stringMatching(/^tasks@\d+$/)]);
  });

  it('refuses a damaged offset file by name instead of starting over silently', async () => {
    const { bus, dir } = await fileBus();
    fs.writeFileSync(path.join(dir, 'tasks.g.offset'), 'not json');
    const err = await bus.subscribe('tasks', async () => undefined, { group: 'g' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain('tasks.g.offset: is not a file bus offset');
  });
});
