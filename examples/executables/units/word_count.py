"""Counts words in payload["text"]; reports progress and a result through the control channel."""
import collections
import json
import os
import sys

top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 5
payload = json.load(sys.stdin)
control = os.fdopen(int(os.environ["TASKFRAME_CONTROL_FD"]), "w", buffering=1)

words = [w.strip(".,;:!?").lower() for w in payload["text"].split()]
words = [w for w in words if len(w) >= int(os.environ.get("MIN_LENGTH", "1"))]
print(f"task {os.environ['TASKFRAME_TASK_ID']} attempt {os.environ['TASKFRAME_ATTEMPT']}: {len(words)} words")
control.write(json.dumps({"progress": {"counted": len(words)}}) + "\n")
counts = collections.Counter(words).most_common(top)
control.write(json.dumps({"result": {"words": len(words), "top": counts}}) + "\n")
