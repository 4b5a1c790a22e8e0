import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { StoreOutage } from './store-outage.js';

function outage() {
  const lines: string[] = [];
  let now = 0;
  const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push((JSON.parse(l) as { msg: string }).msg) });
  const o = new StoreOutage(log, { random: () => 0.5, now: () => now });
  return { o, lines, advance: (ms: number) => (now += ms) };
}

describe('StoreOutage', () => {
  it('pauses 100 ms after a first failure, doubling to 2 s', () => {
    const { o } = outage();
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => o.delay(n))).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('jitters by ±20% so workers do not come back in lockstep', () => {
    const low = new StoreOutage(pino({ level: 'silent' }), { random: () => 0 });
    const high = new StoreOutage(pino({ level: 'silent' }), { random: () => 0.999 });
    expect(low.delay(3)).toBe(320);
    expect(high.delay(3)).toBe(480);
  });

  it('logs one line when an outage starts and one when it ends, however many calls fail', () => {
    const { o, lines, advance } = outage();
    for (let i = 0; i < 50; i++) o.failed(i % 2 ? 'claim' : 'result', new Error('connection refused'), i + 1);
    advance(1234);
    o.recovered();
    o.recovered();
    o.failed('heartbeat', new Error('again'));
    expect(lines).toEqual([
      'store unavailable (result failed); claims paused, results and heartbeats retried with backoff up to 2000 ms',
      'store available again after 1234 ms',
      'store unavailable (heartbeat failed); claims paused, results and heartbeats retried with backoff up to 2000 ms',
    ]);
    expect(o.failing).toBe(true);
  });

  it('says once that a call has gone unanswered, and when the store answers again', async () => {
    const { o, lines } = outage();
    let answer!: (v: string) => void;
    const call = o.watch('claim', new Promise<string>((r) => (answer = r)), 5);
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toEqual([expect.stringMatching(/^store has not answered a claim for \d+ ms; the host may be cut off/)]);
    answer('ok');
    expect(await call).toBe('ok');
    o.recovered();
    expect(lines[1]).toMatch(/^store available again after/);
  });
});
