#!/bin/sh
# A check: exit 0 when the task can run here. The first failing check fails the task.
command -v /usr/bin/python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
