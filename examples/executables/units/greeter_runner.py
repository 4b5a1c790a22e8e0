"""A long-lived runner built on the reference library in clients/python (stdlib only)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "clients", "python"))
from taskframe_runner import NonRetryable, Runner  # noqa: E402

runner = Runner()


@runner.task("greeter")
def greet(payload, ctx):
    name = (payload or {}).get("name")
    if not name:
        raise NonRetryable("payload.name is required")
    if name == "ada":
        ctx.log(f"greeting {name} from runner pid {os.getpid()}")
    return {"greeting": f"hello, {name}", "pid": os.getpid()}


runner.run()
