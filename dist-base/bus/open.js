/**
 * Opens a bus by URL, loading only the adapter (and broker client) that URL needs:
 *   nats://host:4222            NATS JetStream (`nats`)
 *   amqp://user:pass@host:5672  RabbitMQ, AMQP 0-9-1 (`amqplib`); amqps:// too
 *   redis://host:6379/0         Redis Streams with consumer groups (`ioredis`); rediss:// too
 *   file:./bus  file:///abs/dir a directory of JSON-lines files, for development
 */
import { ValidationError, redactUrl } from '../model/errors.js';
export async function openBus(url, options = {}) {
    if (typeof url !== 'string' || url.length === 0)
        throw new ValidationError('bus', 'must be a bus URL (nats://, amqp://, redis://, file:)');
    const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
    switch (scheme) {
        case 'nats:':
        case 'tls:': {
            const { NatsBus } = await import('./nats.js');
            return NatsBus.open(url, options);
        }
        case 'amqp:':
        case 'amqps:': {
            const { AmqpBus } = await import('./amqp.js');
            return AmqpBus.open(url, options);
        }
        case 'redis:':
        case 'rediss:': {
            const { RedisBus } = await import('./redis.js');
            return RedisBus.open(url, options);
        }
        case 'file:': {
            const { FileBus } = await import('./file.js');
            return FileBus.open(url);
        }
        default:
            throw new ValidationError('bus', `unsupported bus URL "${redactUrl(url)}" (use nats://, amqp://, redis:// or file:)`);
    }
}
//# sourceMappingURL=open.js.map