import { describe, expect, it } from 'vitest';
import { createLogger, withAllLevels, type Logger } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WritableStream };
}

describe('createLogger', () => {
  it('changes the level of a logger and every child already made, at once', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', format: 'json', stream: out.stream });
    const child = log.child({ taskId: '7' });
    child.info('hidden');
    log.level = 'info';
    child.info('shown');
    log.level = 'error';
    child.warn('hidden again');
    expect(out.lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ level: 30, taskId: '7', msg: 'shown' });
  });

  it('writes human lines when asked (or on a terminal), JSON otherwise; secrets are redacted either way', () => {
    const pretty = capture();
    createLogger({ format: 'pretty', stream: pretty.stream }).warn({ taskId: '42', token: 's3cret', err: new Error('boom') }, 'result dropped: lease lost');
    expect(pretty.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  result dropped: lease lost {2}taskId=42 token=\[redacted\] err="boom"\n$/);
    const auto = capture();
    createLogger({ format: 'auto', stream: auto.stream, isTTY: true }).warn('x');
    expect(auto.lines[0]).toMatch(/ WARN  x\n$/);
    const json = capture();
    createLogger({ format: 'auto', stream: json.stream, isTTY: false }).warn('x');
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ level: 40, msg: 'x' });
  });

  it('takes any logger with the usual methods; trace and fatal are filled in where a framework needs them', () => {
    const seen: string[] = [];
    const mine: Logger = {
      debug: (...a: unknown[]) => void seen.push(`debug ${String(a.at(-1))}`),
      info: (...a: unknown[]) => void seen.push(`info ${String(a.at(-1))}`),
      warn: (...a: unknown[]) => void seen.push(`warn ${String(a.at(-1))}`),
      error: (...a: unknown[]) => void seen.push(`error ${String(a.at(-1))}`),
      child: () => mine,
    };
    const full = withAllLevels(mine);
    full.trace('t');
    full.fatal('f');
    full.child({ a: 1 }).info('i');
    expect(seen).toEqual(['debug t', 'error f', 'info i']);
  });
});

describe('the Logger interface', () => {
  it('is met by pino itself', async () => {
    const { pino } = await import('pino');
    const log: Logger = pino({ level: 'silent' });
    expect(() => log.child({ a: 1 }).warn({ b: 2 }, 'quiet')).not.toThrow();
  });
});
