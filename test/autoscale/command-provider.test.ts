/**
 * The `command` provider with real executables: the request on stdin, the answer checked, and
 * a command that fails, hangs or prints garbage retried with backoff, reported clearly, and
 * survived by the autoscaler, whose next decision still happens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAutoscaleConfig, type CommandProviderConfig, type GroupConfig } from '../../src/autoscale/config.js';
import { ProviderError, type ScaleRequest } from '../../src/autoscale/provider.js';
import { CommandProvider } from '../../src/autoscale/providers/command.js';
import { Autoscaler } from '../../src/autoscale/runner.js';
import { AutoscaleAccess } from '../../src/autoscale/engine-access.js';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { createLogger } from '../../src/logger.js';
import { waitFor } from '../helpers/processes.js';
import { freshSqlite, tempDir, type TestStore } from '../helpers/stores.js';

const logger = createLogger({ level: 'silent' });
let dir: string;

beforeEach(() => {
  dir = tempDir('tf-autoscale-cmd-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An executable shell script in the test's directory. */
function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

// Appends its request and the time to calls.log; answers `desired` running workers.
const OK = `req=$(cat)
echo "$(date +%s%3N) $req" >> "$(dirname "$0")/calls.log"
n=$(printf '%s' "$req" | sed -n 's/.*"desired":\\([0-9]*\\).*/\\1/p')
n=\${n:-0}
printf '{"workers":['
i=0; while [ $i -lt $n ]; do [ $i -gt 0 ] && printf ','; printf '{"id":"vm-%s","state":"running","zone":"x"}' $i; i=$((i+1)); done
printf ']}\\n'`;

function group(command: string[], o: Partial<CommandProviderConfig> = {}): GroupConfig {
  const c = resolveAutoscaleConfig({ groups: [{ name: 'emails', queues: ['emails', 'bulk'], provider: { type: 'command', command, timeout: '2s', retries: 2, backoff: '20ms' } }] });
  const g = c.groups[0]!;
  return { ...g, provider: { ...(g.provider as CommandProviderConfig), ...o } };
}
const provider = (g: GroupConfig) => new CommandProvider(g.provider as CommandProviderConfig, { group: g, db: '', logger });
const request = (desired: number): ScaleRequest => ({ group: 'emails', queues: ['emails', 'bulk'], desired, reason: 'because', decision: { at: 1, from: 0, desired, need: desired, rule: 'backlog', reason: 'because', inputs: {} as never } });
const calls = () => (fs.existsSync(path.join(dir, 'calls.log')) ? fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trim().split('\n') : []);
const failure = async (p: Promise<unknown>): Promise<ProviderError> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
};

describe('command provider', () => {
  it('sends the desired count and the reason as JSON on stdin and reads the workers it runs', async () => {
    const p = provider(group([script('ok.sh', OK)]));
    expect(await p.scale(request(3))).toEqual([
      { id: 'vm-0', state: 'running' },
      { id: 'vm-1', state: 'running' },
      { id: 'vm-2', state: 'running' },
    ]);
    const sent = JSON.parse(calls()[0]!.replace(/^\d+ /, ''));
    expect(sent).toMatchObject({ version: 1, action: 'scale', group: 'emails', queues: ['emails', 'bulk'], desired: 3, reason: 'because', decision: { rule: 'backlog' } });
    expect(await p.list()).toEqual([]);
    expect(JSON.parse(calls()[1]!.replace(/^\d+ /, ''))).toEqual({ version: 1, action: 'list', group: 'emails', queues: ['emails', 'bulk'] });
  });

  it('a failing command is retried with growing backoff, then reported with its exit code and stderr', async () => {
    const file = script('fail.sh', `cat > /dev/null; echo "$(date +%s%3N)" >> "$(dirname "$0")/calls.log"; echo "quota exceeded in zone x" >&2; exit 3`);
    const err = await failure(provider(group([file], { retries: 2, backoffMs: 50 })).scale(request(2)));
    expect(err.message).toBe('command provider (group emails): scale failed 3 times; last: exited with code 3: quota exceeded in zone x');
    expect(err.code).toBe('PROVIDER');
    const times = calls().map(Number);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(50);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(100);
  });

  it('a hanging command is killed with everything it started, and reported', async () => {
    const file = script('hang.sh', `sleep 30 & echo $! >> "$(dirname "$0")/children"; wait`);
    const err = await failure(provider(group([file], { timeoutMs: 300, retries: 1 })).scale(request(2)));
    expect(err.message).toBe('command provider (group emails): scale failed 2 times; last: did not answer within 300 ms (killed)');
    const children = fs.readFileSync(path.join(dir, 'children'), 'utf8').trim().split('\n').map(Number);
    expect(children).toHaveLength(2);
    for (const pid of children) await waitFor(async () => !alive(pid), `pid ${pid} (started by the hanging command) to be gone`, 5000);
  });

  it('garbage, a wrong shape, or a bad worker is refused with what was wrong', async () => {
    const cases: Array<[string, string]> = [
      ['echo "hello there"', 'answered something that is not JSON: "hello there"'],
      [`echo '{"count": 3}'`, 'answer must be {"workers":[{"id":…,"state":…},…]}, got {"count":3}'],
      [`echo '{"workers":[{"id":"a","state":"running"},{"id":"b","state":"flying"}]}'`, 'answer workers[1].state must be one of starting, running, stopping, got "flying"'],
      [`echo '{"workers":[{"state":"running"}]}'`, 'answer workers[0].id must be a non-empty string'],
      ['true', 'answered something that is not JSON: ""'],
    ];
    for (const [i, [body, message]] of cases.entries()) {
      const err = await failure(provider(group([script(`bad${i}.sh`, `cat > /dev/null; ${body}`)], { retries: 0 })).scale(request(1)));
      expect(err.message).toBe(`command provider (group emails): scale failed 1 time; last: ${message}`);
    }
  });

  it('a command that cannot start is reported; one that fails once then answers succeeds on the retry', async () => {
    const missing = await failure(provider(group([path.join(dir, 'nope.sh')], { retries: 0 })).list());
    expect(missing.message).toMatch(/list failed 1 time; last: cannot run .*nope\.sh: spawn .*ENOENT/);
    const flaky = script('flaky.sh', `if [ ! -f "$(dirname "$0")/once" ]; then touch "$(dirname "$0")/once"; echo boom >&2; exit 1; fi\n${OK}`);
    expect(await provider(group([flaky])).scale(request(1))).toEqual([{ id: 'vm-0', state: 'running' }]);
  });
});

describe('the autoscaler with a command that fails, hangs or prints garbage', () => {
  let ts: TestStore;
  let engine: Engine;
  let autoscaler: Autoscaler | null = null;
  beforeEach(async () => {
    ts = await freshSqlite();
    engine = new Engine({ store: ts.store });
  });
  afterEach(async () => {
    await autoscaler?.stop();
    autoscaler = null;
    await engine.flush();
    await ts.cleanup();
  });

  it('records each failure clearly, keeps deciding every interval, and acts again once the command works', async () => {
    const file = path.join(dir, 'scale.sh');
    const config = resolveAutoscaleConfig({
      interval: '100ms',
      groups: [{ name: 'emails', policy: { maxWorkers: 5 }, provider: { type: 'command', command: [file], timeout: '300ms', retries: 0, backoff: '10ms' } }],
    });
    await engine.enqueueMany(Array.from({ length: 30 }, () => ({ name: 'send', queue: 'emails' })));
    autoscaler = new Autoscaler(engine, { config, logger });
    const decisions: Array<{ desired: number; error?: string }> = [];
    const next = (pred: (d: { desired: number; error?: string }) => boolean) =>
      new Promise<void>((resolve) => {
        const on = (_g: string, _d: unknown, rec: { last: { desired: number; error?: string } }) => {
          decisions.push(rec.last);
          if (pred(rec.last)) {
            autoscaler!.off('decision', on);
            resolve();
          }
        };
        autoscaler!.on('decision', on);
      });
    const errors: string[] = [];
    const sawError = (re: RegExp) => next((d) => (d.error ? (errors.push(d.error), re.test(d.error)) : false));

    // Replaced whole (write, then rename), never rewritten while a run may be reading it.
    const put = (body: string) => {
      fs.writeFileSync(`${file}.new`, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      fs.renameSync(`${file}.new`, file);
    };
    put('cat > /dev/null; echo "nope" >&2; exit 7');
    const failed = sawError(/exited with code 7: nope/);
    autoscaler.start();
    await failed;
    put('cat > /dev/null; sleep 5');
    await sawError(/did not answer within 300 ms/);
    put("cat > /dev/null; echo '<html>502 Bad Gateway</html>'");
    await sawError(/not JSON: "<html>502 Bad Gateway<\/html>"/);
    put(OK);
    await next((d) => !d.error && d.desired === 1);
    const { record } = await new AutoscaleAccess(engine).read();
    expect(record!.groups.emails).toMatchObject({ providerError: null, workers: { running: 1, starting: 0, stopping: 0 } });
    expect(record!.groups.emails!.history.filter((h) => h.error).length).toBeGreaterThanOrEqual(3);
  });
});

/** Alive and not a zombie (a killed process waits for a reaper that may be slow here). */
describe('a slow provider call', () => {
  it('keeps the leader lease renewed while it runs, so no standby acts meanwhile', async () => {
    const ts = await freshSqlite();
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const engine = new Engine({ store: ts.store, clock });
    // The command waits until the test lets it answer.
    const file = script('slow.sh', `cat > /dev/null; touch "$(dirname "$0")/started"; while [ ! -f "$(dirname "$0")/go" ]; do sleep 0.05; done\n${OK}`);
    const config = resolveAutoscaleConfig({ interval: '1s', leaderTtl: '3s', groups: [{ name: 'emails', provider: { type: 'command', command: [file], timeout: '50s', retries: 0 } }] });
    const A = new Autoscaler(engine, { config, holderId: 'A', logger });
    const B = new Autoscaler(engine, { config, holderId: 'B', logger });
    try {
      const pass = A.runOnce();
      await waitFor(async () => fs.existsSync(path.join(dir, 'started')), 'the command to start');
      // Far past the lease: only a renewal during the pass keeps A the leader.
      clock.advance(60_000);
      await waitFor(async () => (await ts.store.leaderGet({ name: 'autoscale', now: clock.now() }))?.holder === 'A', 'the lease to be renewed');
      expect((await B.runOnce()).leader).toBe(false);
      fs.writeFileSync(path.join(dir, 'go'), '');
      expect((await pass).leader).toBe(true);
    } finally {
      fs.writeFileSync(path.join(dir, 'go'), '');
      await A.stop();
      await B.stop();
      await engine.flush();
      await ts.cleanup();
    }
  });
});

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
