export function openSse(reply, shutdown) {
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
    let resolveDone;
    const done = new Promise((r) => (resolveDone = r));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    const close = () => {
        if (closed)
            return;
        closed = true;
        clearInterval(keepAlive);
        resolveDone();
    };
    res.on('close', close);
    // A stream never outlives the server: end it when the server closes.
    const onShutdown = () => {
        if (!closed)
            res.end();
        close();
    };
    shutdown?.addEventListener('abort', onShutdown, { once: true });
    void done.then(() => shutdown?.removeEventListener('abort', onShutdown));
    return {
        send(event, data, id) {
            if (closed)
                return;
            res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        get closed() {
            return closed;
        },
        done,
        end() {
            if (!closed)
                res.end();
            close();
        },
    };
}
/** Waits `ms` or until the stream closes, whichever is first. */
export function pause(stream, ms) {
    return new Promise((resolve) => {
        const t = setTimeout(resolve, ms);
        void stream.done.then(() => {
            clearTimeout(t);
            resolve();
        });
    });
}
//# sourceMappingURL=sse.js.map