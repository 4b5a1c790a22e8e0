#!/bin/sh
# Runs inside the jail. Each probe prints what it got; the summary goes to the control channel.
shadow=$(cat /etc/shadow 2>&1 >/dev/null | sed 's/^.*: //')
network=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ' | sed 's/ $//')
echo "I am uid $(id -u) ($(id -un)) on $(hostname); /etc/shadow: ${shadow:-readable!}; network interfaces: $network"
printf '{"result": {"uid": %s, "etcShadow": "%s", "network": "%s"}}\n' "$(id -u)" "${shadow:-readable}" "$network" >&3
