/**
 * Wake-ups across processes: LISTEN on one dedicated connection per store, fanned out to
 * in-process listeners. A writer NOTIFYs once per transaction per queue in which something
 * became claimable, now or at a known later time (never per row). The writer's own process
 * hears it too: that is how its idle workers learn of a delayed task to sleep until. A lost
 * connection is re-established with backoff and answered with a '*' wake-up, since
 * notifications may have been missed meanwhile; the workers' slow poll covers the rest.
 */
import type { Client } from 'pg';
import type { HostSelector, PgTarget } from './connect.js';
import { createClient } from './connect.js';

export type WakeListener = (queue: string) => void;

/** One channel per schema; channel names are identifiers, so at most 63 bytes. */
export function wakeChannel(schema: string): string {
  return `tfw_${schema}`.slice(0, 63);
}


export class WakeListenerConnection {
  private client: Client | null = null;
  private readonly listeners = new Set<WakeListener>();
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = 100;

  constructor(
    private readonly target: PgTarget,
    private readonly hosts: HostSelector,
    private readonly onError: (err: Error) => void,
  ) {}

  async subscribe(listener: WakeListener): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    await this.ensureConnected().catch((err: unknown) => {
      // The listener stays: listening is tried again with backoff, and it hears '*' once it
      // works (the caller learns of the failure now and polls meanwhile).
      this.scheduleReconnect();
      throw err;
    });
    return async () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) await this.disconnect();
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = await createClient(this.target, this.hosts);
    client.on('notification', (msg) => {
      this.emit(msg.payload || '*');
    });
    client.on('error', (err) => {
      this.onError(err);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${wakeChannel(this.target.schema)}"`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed || this.listeners.size === 0) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 100;
  }

  private emit(queue: string): void {
    for (const l of this.listeners) l(queue);
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.listeners.size === 0 || this.retryTimer) return;
    this.emit('*');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureConnected().then(
        () => {
          if (this.client) this.emit('*');
        },
        (err: unknown) => {
          this.onError(err as Error);
          this.retryMs = Math.min(this.retryMs * 2, 5000);
          this.scheduleReconnect();
        },
      );
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private async disconnect(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.connecting?.catch(() => undefined);
    if (c) await c.end().catch(() => undefined);
    const again = this.client as Client | null;
    if (again) {
      this.client = null;
      await again.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.disconnect();
  }
}
