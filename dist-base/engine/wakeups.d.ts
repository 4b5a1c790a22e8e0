/**
 * Wake-ups from other processes (PostgreSQL LISTEN/NOTIFY) fed into the engine's own 'wake'
 * signal, which in-process enqueues already raise. The store is subscribed only once something
 * (a worker) listens for 'wake', so a process that only enqueues holds no listening connection.
 */
import type { EventEmitter } from 'node:events';
import type { Store } from '../store/store.js';
export declare function relayStoreWakeups(store: Store, signals: EventEmitter): void;
