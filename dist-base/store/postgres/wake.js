import { createClient } from './connect.js';
/** One channel per schema; channel names are identifiers, so at most 63 bytes. */
export function wakeChannel(schema) {
    return `tfw_${schema}`.slice(0, 63);
}
export class WakeListenerConnection {
    target;
    hosts;
    onError;
    client = null;
    listeners = new Set();
    connecting = null;
    closed = false;
    retryTimer = null;
    retryMs = 100;
    constructor(target, hosts, onError) {
        this.target = target;
        this.hosts = hosts;
        this.onError = onError;
    }
    async subscribe(listener) {
        this.listeners.add(listener);
        await this.ensureConnected().catch((err) => {
            // The listener stays: listening is tried again with backoff, and it hears '*' once it
            // works (the caller learns of the failure now and polls meanwhile).
            this.scheduleReconnect();
            throw err;
        });
        return async () => {
            this.listeners.delete(listener);
            if (this.listeners.size === 0)
                await this.disconnect();
        };
    }
    ensureConnected() {
        if (this.client || this.closed)
            return Promise.resolve();
        this.connecting ??= this.connect().finally(() => (this.connecting = null));
        return this.connecting;
    }
    async connect() {
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
        }
        catch (err) {
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
    emit(queue) {
        for (const l of this.listeners)
            l(queue);
    }
    lost(client) {
        if (this.client !== client)
            return;
        this.client = null;
        this.scheduleReconnect();
    }
    scheduleReconnect() {
        if (this.closed || this.listeners.size === 0 || this.retryTimer)
            return;
        this.emit('*');
        this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.ensureConnected().then(() => {
                if (this.client)
                    this.emit('*');
            }, (err) => {
                this.onError(err);
                this.retryMs = Math.min(this.retryMs * 2, 5000);
                this.scheduleReconnect();
            });
        }, this.retryMs);
        this.retryTimer.unref();
    }
    async disconnect() {
        const c = this.client;
        this.client = null;
        if (this.retryTimer)
            clearTimeout(this.retryTimer);
        this.retryTimer = null;
        await this.connecting?.catch(() => undefined);
        if (c)
            await c.end().catch(() => undefined);
        const again = this.client;
        if (again) {
            this.client = null;
            await again.end().catch(() => undefined);
        }
    }
    async close() {
        this.closed = true;
        this.listeners.clear();
        await this.disconnect();
    }
}
//# sourceMappingURL=wake.js.map