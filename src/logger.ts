/**
 * Structured JSON logs (pino) to stderr, so stdout stays for command output. Level from
 * TASKFRAME_LOG_LEVEL (default "warn" — a quiet worker prints only what needs attention).
 */
import { destination, pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'taskframe',
      level: options.level ?? process.env.TASKFRAME_LOG_LEVEL ?? 'warn',
      // Never log secrets, wherever they appear in a logged object.
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    },
    destination({ fd: 2, sync: false }),
  );
}
