export function relayStoreWakeups(store, signals) {
    const subscribe = store.subscribeWake?.bind(store);
    if (!subscribe)
        return;
    let subscribed = false;
    signals.on('newListener', (event) => {
        if (event !== 'wake' || subscribed)
            return;
        subscribed = true;
        subscribe((queue) => signals.emit('wake', queue)).then(
        // Tasks enqueued before LISTEN took effect sent their NOTIFY to nobody: look once now.
        () => signals.emit('wake', '*'), () => {
            subscribed = false; // the worker's poll carries on; the next listener retries
        });
    });
}
//# sourceMappingURL=wakeups.js.map