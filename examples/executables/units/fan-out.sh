#!/bin/sh
# payload: {"items": ["a", "b", ...]}
payload=$(cat)
echo "$GREETING from fan-out, payload $payload"
for item in $(echo "$payload" | tr -d '{}[]"' | sed 's/items://; s/,/ /g'); do
  echo "{\"spawn\": {\"name\": \"word-count\", \"payload\": {\"text\": \"$item $item $item spawned by fan-out\"}}}" >&3
done
echo '{"result": {"spawned": true}}' >&3
