/**
 * Logging. Everything in taskframe logs through `Logger`, a small interface any logger with the
 * usual methods satisfies (pino, bunyan, winston's child-capable loggers, a test double), so an
 * application hands taskframe its own. `createLogger` makes the default one: pino, to stderr (stdout
 * stays for command output), with a level that can change while the process runs (a config
 * reload) and two formats: JSON lines, or human lines for a terminal.
 */
import { destination, pino } from 'pino';
import { humanLine } from './logger-human.js';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
export const LOG_FORMATS = ['auto', 'json', 'pretty'];
const RANK = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
class GatedLogger {
    base;
    gate;
    b;
    constructor(base, gate) {
        this.base = base;
        this.gate = gate;
        this.b = base;
    }
    trace = (...a) => void (this.gate.rank <= 10 && this.b.trace(...a));
    debug = (...a) => void (this.gate.rank <= 20 && this.b.debug(...a));
    info = (...a) => void (this.gate.rank <= 30 && this.b.info(...a));
    warn = (...a) => void (this.gate.rank <= 40 && this.b.warn(...a));
    error = (...a) => void (this.gate.rank <= 50 && this.b.error(...a));
    fatal = (...a) => void (this.gate.rank <= 60 && this.b.fatal(...a));
    get level() {
        return this.gate.level;
    }
    set level(level) {
        if (!(level in RANK))
            throw new Error(`unknown log level "${String(level)}" (one of ${LOG_LEVELS.join(', ')})`);
        this.gate.level = level;
        this.gate.rank = RANK[level];
    }
    child(bindings) {
        return new GatedLogger(this.base.child(bindings), this.gate);
    }
}
export function createLogger(options = {}) {
    const level = options.level ?? 'warn';
    const format = options.format ?? 'auto';
    const tty = options.isTTY ?? (options.stream ? false : process.stderr.isTTY === true);
    const out = options.stream ?? destination({ fd: 2, sync: false });
    const pretty = format === 'pretty' || (format === 'auto' && tty);
    const base = pino({
        name: options.name ?? 'taskframe',
        // The gate decides; pino formats whatever passes it.
        level: 'trace',
        // Never log secrets, wherever they appear in a logged object.
        redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    }, pretty ? { write: (line) => out.write(humanLine(line)) } : out);
    return new GatedLogger(base, { level, rank: RANK[level] });
}
export function isLogLevel(v) {
    return typeof v === 'string' && v in RANK;
}
/**
 * A Logger with every method Fastify asks of a logger instance (trace and fatal too), for a
 * caller's logger that has only the usual four.
 */
export function withAllLevels(logger) {
    if (logger instanceof GatedLogger)
        return logger;
    const l = logger;
    return {
        trace: l.trace?.bind(l) ?? l.debug.bind(l),
        debug: l.debug.bind(l),
        info: l.info.bind(l),
        warn: l.warn.bind(l),
        error: l.error.bind(l),
        fatal: l.fatal?.bind(l) ?? l.error.bind(l),
        get level() {
            return (l.level ?? 'info');
        },
        set level(v) {
            if ('level' in l)
                l.level = v;
        },
        child: (b) => withAllLevels(l.child(b)),
    };
}
//# sourceMappingURL=logger.js.map