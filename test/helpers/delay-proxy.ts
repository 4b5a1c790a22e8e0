/**
 * A TCP proxy that holds everything a client sends for `delayMs` before passing it on (replies
 * go back at once), so the round trip grows by `delayMs`. For kernels without `tc netem`
 * (sch_netem is a module that some kernels lack): the latency test then puts its workers'
 * database connections through this, and says so.
 */
import net from 'node:net';

export interface DelayProxy {
  port: number;
  delayMs: number;
  close(): Promise<void>;
}

export async function startDelayProxy(listenHost: string, target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // Constant delay keeps order: chunks leave in the order they came.
    client.on('data', (chunk) => {
      if (delayMs === 0) upstream.write(chunk);
      else setTimeout(() => upstream.writable && upstream.write(chunk), delayMs);
    });
    upstream.on('data', (chunk) => client.writable && client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', close);
      s.on('close', close);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    delayMs,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
