/**
 * Server-sent events on a hijacked reply. Browsers' EventSource cannot send an Authorization
 * header, so the dashboard reads these streams with fetch(); any SSE client that can set headers
 * works too. A comment line every 15 s keeps proxies from closing an idle stream.
 */
import type { FastifyReply } from 'fastify';

export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  readonly closed: boolean;
  /** Resolves when the client goes away or end() is called. */
  readonly done: Promise<void>;
  end(): void;
}

export function openSse(reply: FastifyReply, shutdown?: AbortSignal): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // The connection ends with the stream, so a closing server is not held open by an idle socket.
    connection: 'close',
    'x-accel-buffering': 'no',
  });
  res.write(': stream open\n\n');
  let closed = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    resolveDone();
  };
  res.on('close', close);
  // A stream never outlives the server: end it when the server closes.
  const onShutdown = () => {
    if (!closed) res.end();
    close();
  };
  shutdown?.addEventListener('abort', onShutdown, { once: true });
  void done.then(() => shutdown?.removeEventListener('abort', onShutdown));
  return {
    send(event, data, id) {
      if (closed) return;
      res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    get closed() {
      return closed;
    },
    done,
    end() {
      if (!closed) res.end();
      close();
    },
  };
}

/** Waits `ms` or until the stream closes, whichever is first. */
export function pause(stream: SseStream, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void stream.done.then(() => {
      clearTimeout(t);
      resolve();
    });
  });
}
