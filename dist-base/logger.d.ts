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
export declare const LOG_LEVELS: readonly ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
export type LogLevel = (typeof LOG_LEVELS)[number];
export declare const LOG_FORMATS: readonly ["auto", "json", "pretty"];
/** auto: human lines when stderr is a terminal, JSON otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];
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
export declare function createLogger(options?: CreateLoggerOptions): TaskframeLogger;
export declare function isLogLevel(v: unknown): v is LogLevel;
/**
 * A Logger with every method Fastify asks of a logger instance (trace and fatal too), for a
 * caller's logger that has only the usual four.
 */
export declare function withAllLevels(logger: Logger): TaskframeLogger;
