/**
 * Wake-ups from other processes (PostgreSQL LISTEN/NOTIFY) fed into the engine's own 'wake'
 * signal, which in-process enqueues already raise. The store is subscribed only once something
 * (a worker) listens for 'wake', so a process that only enqueues holds no listening connection.
 */
import type { EventEmitter } from 'node:events';
import type { Store } from '../store/store.js';

export function relayStoreWakeups(store: Store, signals: EventEmitter): void {
  const subscribe = store.subscribeWake?.bind(store);
  if (!subscribe) return;
  let subscribed = false;
  signals.on('newListener', (event: string) => {
    if (event !== 'wake' || subscribed) return;
    subscribed = true;
    subscribe((queue) => signals.emit('wake', queue)).then(
      // Tasks enqueued before LISTEN took effect sent their NOTIFY to nobody: look once now.
      () => signals.emit('wake', '*'),
      () => {
        subscribed = false; // the worker's poll carries on; the next listener retries
      },
    );
  });
}
