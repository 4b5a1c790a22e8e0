"""taskframe HTTP client and remote worker, Python standard library only (3.8+).

    from taskframe_client import Client, Worker

    c = Client("http://127.0.0.1:8080", token=os.environ["TASKFRAME_TOKEN"])
    task = c.enqueue("resize", {"path": "a.png"})["task"]
    done = c.wait(task["id"])                      # polls until the task finishes

    def resize(payload, task):                     # a handler: payload in, JSON result out
        return {"ok": True}

    Worker(c, {"resize": resize}, queues=["default"]).run()   # until SIGINT/SIGTERM or stop()

Every report carries the lease token from the claim; the server refuses a stale one
(LEASE_LOST), so a worker that stalled past its lease can never overwrite a task that moved on.
"""
import json
import os
import signal
import socket
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["Client", "Worker", "ApiError", "Retry", "Fatal"]

FINISHED = {"succeeded", "failed", "cancelled", "skipped"}


class ApiError(Exception):
    """An error reply: `status` (HTTP), `code` (VALIDATION, NOT_FOUND, LEASE_LOST, ...), `field`."""

    def __init__(self, status, code, message, field=None):
        super().__init__("%s %s: %s" % (status, code, message))
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class Retry(Exception):
    """Raise from a handler to be retried after `delay_ms`, whatever the backoff policy says."""

    def __init__(self, message, delay_ms):
        super().__init__(message)
        self.delay_ms = delay_ms


class Fatal(Exception):
    """Raise from a handler to fail the task for good (no further attempts)."""


class Client:
    def __init__(self, url, token, timeout=30.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method, path, body=None, extra_timeout=0.0):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout + extra_timeout) as res:
                raw = res.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                err = json.loads(raw).get("error", {})
            except ValueError:
                err = {}
            raise ApiError(e.code, err.get("code", "HTTP_%d" % e.code), err.get("message", raw.decode("utf-8", "replace")), err.get("field"))

    # ---- producing and reading ----
    def enqueue(self, name, payload=None, **options):
        """Options as in the API: queue, priority, delay, runAt, maxAttempts, key, tags, ... Returns {task, created}."""
        body = dict(options, name=name)
        if payload is not None:
            body["payload"] = payload
        return self.request("POST", "/v1/tasks", body)

    def enqueue_many(self, specs):
        return self.request("POST", "/v1/tasks/batch", {"tasks": specs})["tasks"]

    def get(self, task_id):
        return self.request("GET", "/v1/tasks/%s" % urllib.parse.quote(str(task_id)))["task"]

    def list(self, **filters):
        q = urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
        return self.request("GET", "/v1/tasks" + ("?" + q if q else ""))

    def cancel(self, task_id, reason=None):
        return self.request("POST", "/v1/tasks/%s/cancel" % task_id, {"reason": reason} if reason else {})["task"]

    def retry(self, task_id):
        return self.request("POST", "/v1/tasks/%s/retry" % task_id)["task"]

    def events(self, task_id):
        return self.request("GET", "/v1/tasks/%s/events" % task_id)["events"]

    def logs(self, task_id):
        return self.request("GET", "/v1/tasks/%s/logs" % task_id)["logs"]

    def wait(self, task_id, timeout=60.0, interval=0.05):
        """Polls until the task is finished and returns it; raises TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            t = self.get(task_id)
            if t["state"] in FINISHED:
                return t
            if time.monotonic() > deadline:
                raise TimeoutError("task %s still %s after %ss" % (task_id, t["state"], timeout))
            time.sleep(interval)
            interval = min(interval * 2, 1.0)

    # ---- remote worker calls ----
    def claim(self, worker_id, queues, limit=1, lease_ms=30000, wait_ms=0):
        body = {"workerId": worker_id, "queues": list(queues), "limit": limit, "leaseMs": lease_ms, "waitMs": wait_ms}
        return self.request("POST", "/v1/worker/claim", body, extra_timeout=wait_ms / 1000.0)["tasks"]

    def heartbeat(self, worker_id, leases, lease_ms=30000):
        """leases: [(task_id, lease_token)]. Returns one result per task ({id, ok, state, ...})."""
        tasks = [{"id": i, "leaseToken": t} for i, t in leases]
        return self.request("POST", "/v1/worker/heartbeat", {"workerId": worker_id, "leaseMs": lease_ms, "tasks": tasks})["results"]

    def report(self, worker_id, outcomes):
        """outcomes: [{id, leaseToken, result} | {id, leaseToken, error: {message, kind, ...}}]."""
        return self.request("POST", "/v1/worker/report", {"workerId": worker_id, "outcomes": outcomes})["results"]

    def succeed(self, task_id, lease_token, result=None):
        return self.request("POST", "/v1/worker/tasks/%s/succeed" % task_id, {"leaseToken": lease_token, "result": result})["task"]

    def fail(self, task_id, lease_token, message, kind=None, retryable=None, retry_after_ms=None):
        err = {"message": message}
        if kind:
            err["kind"] = kind
        if retryable is not None:
            err["retryable"] = retryable
        if retry_after_ms is not None:
            err["retryAfterMs"] = retry_after_ms
        return self.request("POST", "/v1/worker/tasks/%s/fail" % task_id, {"leaseToken": lease_token, "error": err})["task"]

    def unclaim(self, task_id, lease_token):
        return self.request("POST", "/v1/worker/tasks/%s/unclaim" % task_id, {"leaseToken": lease_token})["task"]

    def append_logs(self, task_id, lease_token, lines, stream="stdout"):
        body = {"leaseToken": lease_token, "lines": [{"stream": stream, "text": text} for text in lines]}
        self.request("POST", "/v1/worker/tasks/%s/logs" % task_id, body)


class Worker:
    """Claims batches over HTTP, runs handlers one at a time, reports outcomes in batches, and
    heartbeats every held lease from a background thread. handler(payload, task) -> JSON result."""

    def __init__(self, client, handlers, queues=("default",), batch_size=20, lease_ms=30000, wait_ms=5000, worker_id=None):
        self.client = client
        self.handlers = handlers
        self.queues = list(queues)
        self.batch_size = batch_size
        self.lease_ms = lease_ms
        self.wait_ms = wait_ms
        self.id = worker_id or "%s:%d:py" % (socket.gethostname(), os.getpid())
        self._held = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def stop(self):
        self._stop.set()

    def _heartbeats(self):
        while not self._stop.wait(max(0.2, self.lease_ms / 3000.0)):
            with self._lock:
                leases = list(self._held.items())
            if not leases:
                continue
            try:
                self.client.heartbeat(self.id, leases, self.lease_ms)
            except Exception:  # a missed heartbeat is retried next interval; the lease is long enough
                pass

    def log(self, task, text, stream="stdout"):
        self.client.append_logs(task["id"], task["leaseToken"], [text], stream)

    def run_once(self, wait_ms=None):
        """Claims one batch, runs it, reports it. Returns the number of tasks run."""
        tasks = self.client.claim(self.id, self.queues, self.batch_size, self.lease_ms, self.wait_ms if wait_ms is None else wait_ms)
        with self._lock:
            for t in tasks:
                self._held[t["id"]] = t["leaseToken"]
        outcomes = []
        for t in tasks:
            outcome = {"id": t["id"], "leaseToken": t["leaseToken"]}
            handler = self.handlers.get(t["name"])
            try:
                if handler is None:
                    raise Fatal('no handler for task name "%s" in Python worker %s' % (t["name"], self.id))
                outcome["result"] = handler(t["payload"], t)
            except Retry as e:
                outcome["error"] = {"message": str(e), "kind": "Retry", "retryAfterMs": int(e.delay_ms)}
            except Fatal as e:
                outcome["error"] = {"message": str(e), "kind": "Fatal", "retryable": False}
            except Exception as e:  # the handler's failure is the task's failure, with its traceback
                outcome["error"] = {"message": str(e) or type(e).__name__, "kind": type(e).__name__, "stack": traceback.format_exc()[-4000:]}
            outcomes.append(outcome)
        if outcomes:
            self.client.report(self.id, outcomes)
        with self._lock:
            for t in tasks:
                self._held.pop(t["id"], None)
        return len(tasks)

    def run(self, stop_when_idle=False):
        """Runs until stop(), SIGINT/SIGTERM (main thread only) or, with stop_when_idle, an empty claim."""
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: self._stop.set())
        hb = threading.Thread(target=self._heartbeats, daemon=True)
        hb.start()
        try:
            while not self._stop.is_set():
                try:
                    n = self.run_once()
                except (ApiError, OSError) as e:
                    if isinstance(e, ApiError) and e.status in (400, 401, 403):
                        raise
                    time.sleep(0.5)
                    continue
                if n == 0 and stop_when_idle:
                    break
        finally:
            self._stop.set()
