/**
 * Logging. Everything in taskframe logs through `Logger`, a small interface any logger with the
 * usual methods satisfies (pino, bunyan, winston's child-capable loggers, a test double), so an
 * application hands taskframe its own. `createLogger` makes the default one: pino, to stderr (stdout
 * stays for command output), with a level that can change while the process runs (a config
 * reload) and two formats: JSON lines, or human lines for a terminal.
 */
import { destination, pino, type Logger as PinoLogger } from 'pino';
import { humanLine } from './logger-human.js';

export interface LogFn {
  (obj: object, msg?: string, ...args: unknown[]): void;
  (msg: string, ...args: unknown[]): void;
}

/** What taskframe needs of a logger. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
/** auto: human lines when stderr is a terminal, JSON otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];

const RANK: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** The default logger: a Logger whose level can be changed at any time, for it and every child. */
export interface TaskframeLogger extends Logger {
  trace: LogFn;
  fatal: LogFn;
  level: LogLevel;
  child(bindings: Record<string, unknown>): TaskframeLogger;
}

export interface CreateLoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  name?: string;
  /** Where lines go (default: stderr). */
  stream?: NodeJS.WritableStream;
  /** Whether the stream is a terminal, for format "auto" (default: stderr's isTTY). */
  isTTY?: boolean;
}

/** Shared by a logger and all its children, so one assignment changes the level of all. */
interface Gate {
  rank: number;
  level: LogLevel;
}

type Emit = (...args: unknown[]) => void;

class GatedLogger implements TaskframeLogger {
  private readonly b: Record<Exclude<LogLevel, 'silent'>, Emit>;

  constructor(
    private readonly base: PinoLogger,
    private readonly gate: Gate,
  ) {
    this.b = base as unknown as Record<Exclude<LogLevel, 'silent'>, Emit>;
  }

  readonly trace: LogFn = (...a: unknown[]) => void (this.gate.rank <= 10 && this.b.trace(...a));
  readonly debug: LogFn = (...a: unknown[]) => void (this.gate.rank <= 20 && this.b.debug(...a));
  readonly info: LogFn = (...a: unknown[]) => void (this.gate.rank <= 30 && this.b.info(...a));
  readonly warn: LogFn = (...a: unknown[]) => void (this.gate.rank <= 40 && this.b.warn(...a));
  readonly error: LogFn = (...a: unknown[]) => void (this.gate.rank <= 50 && this.b.error(...a));
  readonly fatal: LogFn = (...a: unknown[]) => void (this.gate.rank <= 60 && this.b.fatal(...a));

  get level(): LogLevel {
    return this.gate.level;
  }

  set level(level: LogLevel) {
    if (!(level in RANK)) throw new Error(`unknown log level "${String(level)}" (one of ${LOG_LEVELS.join(', ')})`);
    this.gate.level = level;
    this.gate.rank = RANK[level];
  }

  child(bindings: Record<string, unknown>): TaskframeLogger {
    return new GatedLogger(this.base.child(bindings), this.gate);
  }
}

export function createLogger(options: CreateLoggerOptions = {}): TaskframeLogger {
  const level = options.level ?? 'warn';
  const format = options.format ?? 'auto';
  const tty = options.isTTY ?? (options.stream ? false : process.stderr.isTTY === true);
  const out = options.stream ?? destination({ fd: 2, sync: false });
  const pretty = format === 'pretty' || (format === 'auto' && tty);
  const base = pino(
    {
      name: options.name ?? 'taskframe',
      // The gate decides; pino formats whatever passes it.
      level: 'trace',
      // Never log secrets, wherever they appear in a logged object.
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    },
    pretty ? { write: (line: string) => out.write(humanLine(line)) } : out,
  );
  return new GatedLogger(base, { level, rank: RANK[level] });
}

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && v in RANK;
}

/**
 * A Logger with every method Fastify asks of a logger instance (trace and fatal too), for a
 * caller's logger that has only the usual four.
 */
export function withAllLevels(logger: Logger): TaskframeLogger {
  if (logger instanceof GatedLogger) return logger;
  const l = logger as Logger & Partial<Pick<TaskframeLogger, 'trace' | 'fatal' | 'level'>>;
  return {
    trace: l.trace?.bind(l) ?? l.debug.bind(l),
    debug: l.debug.bind(l),
    info: l.info.bind(l),
    warn: l.warn.bind(l),
    error: l.error.bind(l),
    fatal: l.fatal?.bind(l) ?? l.error.bind(l),
    get level() {
      return (l.level ?? 'info') as LogLevel;
    },
    set level(v: LogLevel) {
      if ('level' in l) (l as { level: unknown }).level = v;
    },
    child: (b) => withAllLevels(l.child(b)),
  };
}
