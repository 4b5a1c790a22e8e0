import type { Engine } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import { type Bus } from './bus.js';
import { Ingress } from './ingress.js';
import { Outbox } from './outbox.js';
import { BusTaskmaster, StoreTaskmaster } from './taskmaster.js';
export interface BridgeConfig {
    /** Bus URL: nats://, amqp://, redis://, file: */
    bus: string;
    /** Topic to take tasks from. */
    in?: string;
    /** Topic for done messages (seed-000 format). */
    out?: string;
    /** Topic for every task event. */
    events?: string;
    /** Dead-letter topic for bad task messages (default `<in>.dead`). */
    dead?: string;
    /** Task types accepted from `in` (default any). */
    types?: string[];
    /** Queue for incoming tasks that name none. */
    queue?: string;
    /** YAML rules file; rules run on the store's event feed, or on the `out` topic with rulesVia "bus". */
    rules?: string;
    rulesVia?: 'store' | 'bus';
    /** Names the durable cursors and consumer groups of this bridge. Default "default". */
    name?: string;
    /** Where a new outbox starts: the feed's end (default) or beginning. */
    from?: 'end' | 'beginning';
    maxBytes?: number;
}
/** Checks a bridge section from a config file (`field` names where it is, for the error). */
export declare function validateBridgeConfig(value: unknown, field: string): BridgeConfig;
export interface Bridge {
    bus: Bus;
    ingress: Ingress | null;
    outbox: Outbox | null;
    taskmaster: StoreTaskmaster | BusTaskmaster | null;
    stop(): Promise<void>;
}
export declare function startBridge(engine: Engine, cfg: BridgeConfig, logger?: Logger): Promise<Bridge>;
