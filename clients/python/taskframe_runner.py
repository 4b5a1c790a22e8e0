"""A taskframe long-lived runner in Python, standard library only.

A runner is a process the taskframe worker starts once and feeds tasks as JSON lines on
stdin; it answers on stdout (protocol: docs/runner-protocol.md). Write handlers, then run:

    from taskframe_runner import Runner, NonRetryable

    runner = Runner()

    @runner.task("resize")
    def resize(payload, ctx):
        ctx.progress({"step": 1})
        return {"ok": True}

    @runner.task("fetch")            # async handlers run concurrently on an event loop
    async def fetch(payload, ctx):
        ...

    runner.run()

Plain functions run one after another on the main thread, which is the fastest path for
short tasks; `@runner.task(name, threaded=True)` runs a blocking function in a thread pool so
many are in flight at once. Raising NonRetryable fails the task for good; any other
exception fails the attempt and taskframe retries it by its policy. Anything printed to stdout
would break the protocol, so print() is redirected to stderr while handlers run.
"""
import asyncio
import concurrent.futures
import inspect
import json
import os
import sys
import threading
import traceback

PROTOCOL_VERSION = 1

__all__ = ["Runner", "Context", "NonRetryable", "PROTOCOL_VERSION"]


class NonRetryable(Exception):
    """Fail the task for good: no further attempts."""


class Context:
    """What a handler knows about its task, and how it talks back while running."""

    __slots__ = ("id", "name", "attempt", "run_id", "_send")

    def __init__(self, msg, send):
        self.id = msg["id"]
        self.name = msg["name"]
        self.attempt = msg.get("attempt", 1)
        self.run_id = msg.get("runId")
        self._send = send

    def progress(self, value):
        self._send({"type": "progress", "id": self.id, "progress": value})

    def log(self, text):
        self._send({"type": "log", "id": self.id, "text": str(text)})

    def spawn(self, name, payload=None, **options):
        """Enqueue a subtask whose parent is this task (options: queue, priority, delay, key, ...)."""
        spec = dict(options, name=name, payload=payload)
        self._send({"type": "spawn", "id": self.id, "spawn": [spec]})


class Runner:
    def __init__(self, threads=32):
        self._handlers = {}
        self._threaded = set()
        self._threads = threads
        self._lock = threading.Lock()
        self._out = []
        self._loop = None
        self._pool = None
        self._pending = {}

    def task(self, name, threaded=False):
        def register(fn):
            self.register(name, fn, threaded=threaded)
            return fn
        return register

    def register(self, name, fn, threaded=False):
        self._handlers[name] = fn
        if threaded:
            self._threaded.add(name)

    # ---- output: buffered, written in one syscall per batch of input ----

    def _send(self, obj):
        line = json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"
        with self._lock:
            self._out.append(line)
        if threading.current_thread() is not threading.main_thread():
            self._flush()

    def _flush(self):
        with self._lock:
            if not self._out:
                return
            data = "".join(self._out).encode("utf-8")
            self._out = []
            view = memoryview(data)
            while view:
                n = os.write(self._stdout_fd, view)
                view = view[n:]

    def _finish(self, tid, result=None, error=None):
        self._pending.pop(tid, None)
        if error is None:
            try:
                self._send({"type": "result", "id": tid, "result": result})
            except (TypeError, ValueError) as e:
                self._send({"type": "error", "id": tid, "error": {"message": "result is not JSON-serialisable: %s" % e, "retryable": False}})
        else:
            retryable = not isinstance(error, NonRetryable)
            message = "%s: %s" % (type(error).__name__, error) if str(error) else type(error).__name__
            self._send({"type": "error", "id": tid, "error": {"message": message, "retryable": retryable}})

    # ---- dispatch ----

    def _start_loop(self):
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            t = threading.Thread(target=self._loop.run_forever, name="taskframe-runner-loop", daemon=True)
            t.start()
        return self._loop

    def _handle(self, msg):
        kind = msg.get("type")
        if kind == "cancel":
            fut = self._pending.get(msg.get("id"))
            if fut is not None:
                fut.cancel()
            return
        if kind != "task":
            return
        tid = msg["id"]
        fn = self._handlers.get(msg["name"])
        if fn is None:
            self._finish(tid, error=NonRetryable("no handler for task name %r (known: %s)" % (msg["name"], ", ".join(sorted(self._handlers)))))
            return
        ctx = Context(msg, self._send)
        payload = msg.get("payload")
        if inspect.iscoroutinefunction(fn):
            fut = asyncio.run_coroutine_threadsafe(fn(payload, ctx), self._start_loop())
            self._pending[tid] = fut
            fut.add_done_callback(lambda f, tid=tid: self._done(tid, f))
        elif msg["name"] in self._threaded:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(self._threads)
            fut = self._pool.submit(fn, payload, ctx)
            self._pending[tid] = fut
            fut.add_done_callback(lambda f, tid=tid: self._done(tid, f))
        else:
            try:
                result = fn(payload, ctx)
            except Exception as e:  # noqa: BLE001 - a task's failure is reported, never fatal
                traceback.print_exc(file=sys.stderr)
                self._finish(tid, error=e)
            else:
                self._finish(tid, result=result)

    def _done(self, tid, fut):
        if fut.cancelled():
            self._finish(tid, error=NonRetryable("cancelled"))
            return
        e = fut.exception()
        if e is not None:
            traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
            self._finish(tid, error=e)
        else:
            self._finish(tid, result=fut.result())

    def run(self):
        """Serve tasks until stdin closes, then wait for tasks in flight and exit."""
        # Keep the real stdout for the protocol; stray prints go to stderr.
        self._stdout_fd = os.dup(1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self._send({"type": "ready", "protocol": PROTOCOL_VERSION})
        self._flush()
        partial = b""
        while True:
            chunk = os.read(0, 1 << 16)
            if not chunk:
                break
            lines = (partial + chunk).split(b"\n")
            partial = lines.pop()
            for line in lines:
                if not line.strip():
                    continue
                try:
                    msg = json.loads(line)
                except ValueError:
                    print("taskframe runner: ignored a line that is not JSON: %r" % line[:200], file=sys.stderr)
                    continue
                self._handle(msg)
            self._flush()
        for fut in list(self._pending.values()):
            try:
                fut.result()
            except BaseException:  # noqa: BLE001 - already reported through _done
                pass
        self._flush()
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _conformance_runner():
    """The handlers docs/runner-protocol.md's conformance script calls."""
    import time

    r = Runner()

    @r.task("conformance.echo")
    def echo(payload, ctx):
        return payload

    @r.task("conformance.fail")
    def fail(payload, ctx):
        if payload and payload.get("final"):
            raise NonRetryable(payload.get("message", "failed"))
        raise RuntimeError(payload.get("message", "failed") if payload else "failed")

    @r.task("conformance.sleep")
    async def sleep(payload, ctx):
        await asyncio.sleep(payload["ms"] / 1000.0)
        return payload["ms"]

    @r.task("conformance.progress")
    def progress(payload, ctx):
        ctx.progress({"step": 1})
        ctx.log("a log line")
        ctx.spawn("conformance.echo", {"child": True})
        return "done"

    @r.task("conformance.env")
    def env(payload, ctx):
        return {"id": ctx.id, "name": ctx.name, "attempt": ctx.attempt, "time": time.time() > 0}

    return r


if __name__ == "__main__":
    if "--conformance" in sys.argv:
        _conformance_runner().run()
    else:
        print("usage: import taskframe_runner in your runner, or run with --conformance", file=sys.stderr)
        sys.exit(2)
