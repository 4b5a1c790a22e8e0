/** The server runs a bus bridge from the `bridge` section of its config file. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/model/errors.js';
import { loadServerConfig } from '../../src/server/config.js';
import { tempDir } from '../helpers/stores.js';

function configFile(content: unknown): string {
  const f = path.join(tempDir(), 'server.json');
  fs.writeFileSync(f, JSON.stringify(content));
  return f;
}

describe('server config: bridge', () => {
  it('accepts a bridge section and rejects a bad one naming the setting', () => {
    const ok = loadServerConfig({ config: configFile({ bridge: { bus: 'file:./bus', in: 'tasks', out: 'done', types: ['a'] } }) }, {});
    expect(ok.bridge).toEqual({ bus: 'file:./bus', in: 'tasks', out: 'done', types: ['a'] });
    expect(loadServerConfig({ config: configFile({}) }, {}).bridge).toBeNull();
    const bad: Array<[unknown, RegExp]> = [
      [{ bus: 'file:./bus', in: 'tasks', outt: 'x' }, /bridge\.outt: unknown setting/],
      [{ in: 'tasks' }, /bridge\.bus: must be a bus URL/],
      [{ bus: 'file:./bus', in: 'bad topic' }, /bridge\.in: "bad topic" is not a valid topic/],
      [{ bus: 'file:./bus' }, /bridge: nothing to do/],
      [{ bus: 'file:./bus', out: 'd', from: 'middle' }, /bridge\.from: must be "end" or "beginning"/],
      ['nats://x', /bridge: must be an object/],
    ];
    for (const [bridge, message] of bad) {
      let err: unknown;
      try {
        loadServerConfig({ config: configFile({ bridge }) }, {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('`taskframe server` takes tasks from the configured bus and publishes their events', async () => {
    const dir = tempDir();
    const busDir = path.join(dir, 'bus');
    const config = configFile({ server: { tokens: [{ name: 't', scopes: ['admin'], token: 'e83f1a5c90d27b46' }], port: 0 }, bridge: { bus: `file:${busDir}`, in: 'tasks', events: 'events' } });
    const p = spawn(process.execPath, [path.resolve('dist/cli/main.js'), '--db', `sqlite:${path.join(dir, 'tf.db')}`, 'server', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TASKFRAME_LOG_LEVEL: 'warn' },
    });
    try {
      let out = '';
      p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 20_000;
      while (!/listening on/.test(out)) {
        if (Date.now() > deadline || p.exitCode !== null) throw new Error(`server did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      fs.mkdirSync(busDir, { recursive: true });
      fs.appendFileSync(path.join(busDir, 'tasks.jsonl'), '{"type":"report.build","task":"2017-01-01T01","created":"2017-10-28T15:42:07.8"}\n');
      const events = path.join(busDir, 'events.jsonl');
      while (!(fs.existsSync(events) && fs.readFileSync(events, 'utf8').includes('created'))) {
        if (Date.now() > deadline) throw new Error('no created event on the events topic');
        await new Promise((r) => setTimeout(r, 25));
      }
      const first = JSON.parse(JSON.parse(fs.readFileSync(events, 'utf8').split('\n')[0]!).data);
      expect(first).toMatchObject({ type: 'created', attempt: 0 });
    } finally {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
  });
});
