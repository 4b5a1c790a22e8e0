export class HostSelector {
    target;
    current = 0;
    constructor(target) {
        this.target = target;
    }
    pick() {
        return this.target.hosts[this.current];
    }
    /** `host` failed or will not do: the next connection tries the one after it. */
    failed(host) {
        const i = this.target.hosts.indexOf(host);
        if (i === this.current)
            this.current = (i + 1) % this.target.hosts.length;
    }
}
/** A host that answered but is not the kind `target_session_attrs` asks for. */
class WrongSessionError extends Error {
    endpoint;
    // Read-only: as if a write had been refused there, which is what it means for the store.
    code = '25006';
    constructor(endpoint, what) {
        super(`the server at ${endpoint} is ${what}`);
        this.endpoint = endpoint;
    }
}
const endpointOf = (h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`;
/** Says on an error which host it came from (for messages). */
function tag(err, host) {
    if (err && typeof err === 'object' && !('endpoint' in err)) {
        try {
            err.endpoint = endpointOf(host);
        }
        catch {
            // a frozen error keeps its own message
        }
    }
    return err;
}
/**
 * A pg Client class whose instances connect to the selector's host and check it. Given to
 * pg.Pool as its `Client`, so the pool's own bookkeeping stays as it is.
 */
export function targetClientClass(Base, selector) {
    class TargetClient extends Base {
        endpoint;
        constructor(config = {}) {
            const host = selector.pick();
            super({ ...config, connectionString: host.connectionString });
            this.endpoint = host;
            // pg-pool listens for a client's errors only while the client is idle in the pool. A
            // connection that breaks while checked out (a batch between two statements, a ROLLBACK
            // after a failed one) or while being checked here then emits 'error' to nobody, which
            // kills the process (57P01, "Connection terminated unexpectedly"). So every client has a
            // listener of its own for its whole life. The failure itself still reaches whoever uses
            // the client: its query fails, or the next one (a broken client is "not queryable"), and
            // the pool drops a client that is not queryable when it comes back.
            this.on('error', () => undefined);
        }
        connect(callback) {
            const done = this.connectAndCheck().then(() => this);
            if (!callback)
                return done;
            const cb = callback;
            done.then((c) => cb(null, c), (err) => cb(err));
        }
        async connectAndCheck() {
            try {
                await super.connect();
            }
            catch (err) {
                selector.failed(this.endpoint);
                throw tag(err, this.endpoint);
            }
            if (selector.target.sessionAttrs === 'any')
                return;
            let wrong;
            try {
                const r = await super.query(`SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS ro`);
                const row = r.rows[0];
                wrong = row.standby ? 'a standby (in recovery)' : selector.target.sessionAttrs === 'read-write' && row.ro === 'on' ? 'read-only' : null;
            }
            catch (err) {
                selector.failed(this.endpoint);
                await this.end().catch(() => undefined);
                throw tag(err, this.endpoint);
            }
            if (wrong !== null) {
                selector.failed(this.endpoint);
                await this.end().catch(() => undefined);
                throw new WrongSessionError(endpointOf(this.endpoint), `${wrong}, not ${selector.target.sessionAttrs}`);
            }
        }
    }
    return TargetClient;
}
/** The host a client of targetClientClass is connected to. */
export function clientHost(client) {
    return client.endpoint;
}
//# sourceMappingURL=hosts.js.map