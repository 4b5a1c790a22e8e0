/**
 * Which of the URL's hosts a new connection goes to. Every connection of a store (pool and
 * LISTEN) asks one selector: it goes to the host that last worked; a host that refuses, times
 * out, or is not writable when `target_session_attrs` asks for it moves the selector on to the
 * next host in the URL's order (wrapping round). So after a failover the first connection that
 * finds the old primary gone or read-only moves everyone to the next host, and the one after
 * that finds the new primary — libpq's behaviour, spread over a pool.
 *
 * A connection is checked once, when it is made; a server demoted later (a switchover) fails
 * its writes with 25006 (read-only), which the driver treats as a lost connection.
 */
import type { Client, ClientConfig } from 'pg';
import type { PgHost, PgTarget } from './url.js';

export class HostSelector {
  private current = 0;

  constructor(readonly target: Pick<PgTarget, 'hosts' | 'sessionAttrs'>) {}

  pick(): PgHost {
    return this.target.hosts[this.current]!;
  }

  /** `host` failed or will not do: the next connection tries the one after it. */
  failed(host: PgHost): void {
    const i = this.target.hosts.indexOf(host);
    if (i === this.current) this.current = (i + 1) % this.target.hosts.length;
  }
}

/** A host that answered but is not the kind `target_session_attrs` asks for. */
class WrongSessionError extends Error {
  // Read-only: as if a write had been refused there, which is what it means for the store.
  readonly code = '25006';
  constructor(
    readonly endpoint: string,
    what: string,
  ) {
    super(`the server at ${endpoint} is ${what}`);
  }
}

const endpointOf = (h: PgHost) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`;

/** Says on an error which host it came from (for messages). */
function tag(err: unknown, host: PgHost): unknown {
  if (err && typeof err === 'object' && !('endpoint' in err)) {
    try {
      (err as { endpoint?: string }).endpoint = endpointOf(host);
    } catch {
      // a frozen error keeps its own message
    }
  }
  return err;
}

type ClientClass = new (config?: ClientConfig) => Client;

/**
 * A pg Client class whose instances connect to the selector's host and check it. Given to
 * pg.Pool as its `Client`, so the pool's own bookkeeping stays as it is.
 */
export function targetClientClass(Base: ClientClass, selector: HostSelector): ClientClass {
  class TargetClient extends Base {
    readonly endpoint: PgHost;

    constructor(config: ClientConfig = {}) {
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

    // pg-pool calls connect(callback); everyone else awaits connect().
    override connect(): Promise<Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: Client) => void)): Promise<Client> | void {
      const done = this.connectAndCheck().then(() => this as Client);
      if (!callback) return done;
      const cb = callback as (err: Error | null, c?: Client) => void;
      done.then(
        (c) => cb(null, c),
        (err: Error) => cb(err),
      );
    }

    private async connectAndCheck(): Promise<void> {
      try {
        await super.connect();
      } catch (err) {
        selector.failed(this.endpoint);
        throw tag(err, this.endpoint);
      }
      if (selector.target.sessionAttrs === 'any') return;
      let wrong: string | null;
      try {
        const r = await super.query<{ standby: boolean; ro: string }>(`SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS ro`);
        const row = r.rows[0]!;
        wrong = row.standby ? 'a standby (in recovery)' : selector.target.sessionAttrs === 'read-write' && row.ro === 'on' ? 'read-only' : null;
      } catch (err) {
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
export function clientHost(client: unknown): PgHost | undefined {
  return (client as { endpoint?: PgHost }).endpoint;
}
