// Hosts for bench:fleet, one network namespace each on a bridge of the run's own (the same
// scheme as test/helpers/netns.ts: 10.77.N.0/24 reserved under /tmp/taskframe-netns, names
// carrying the pid). Returns null, saying why, where namespaces cannot be made (not root).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

const RESERVATIONS = '/tmp/taskframe-netns';
const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function reserve(bridge) {
  fs.mkdirSync(RESERVATIONS, { recursive: true });
  for (let n = 1 + (process.pid % 250); ; n = (n % 250) + 1) {
    try {
      fs.mkdirSync(`${RESERVATIONS}/10.77.${n}`);
    } catch {
      continue;
    }
    fs.writeFileSync(`${RESERVATIONS}/10.77.${n}/owner`, `${process.pid} ${bridge}`);
    return `10.77.${n}`;
  }
}

export function makeHosts(names) {
  if (process.getuid?.() !== 0) return { hosts: null, why: 'not running as root' };
  const id = randomBytes(3).toString('hex');
  const bridge = `tf${id}br`;
  const made = { bridge: false, ns: [], subnet: null };
  const destroy = () => {
    for (const ns of made.ns) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // gone
      }
    }
    if (made.bridge) {
      try {
        ip('link', 'del', bridge);
      } catch {
        // gone
      }
    }
    if (made.subnet) fs.rmSync(`${RESERVATIONS}/${made.subnet}`, { recursive: true, force: true });
  };
  try {
    made.subnet = reserve(bridge);
    ip('link', 'add', bridge, 'type', 'bridge');
    made.bridge = true;
    ip('addr', 'add', `${made.subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    const hosts = {};
    names.forEach((name, i) => {
      const ns = `tfleet-${process.pid}-${id}-${name}`;
      const [outer, inner] = [`tf${id}${i + 2}o`, `tf${id}${i + 2}i`];
      ip('netns', 'add', ns);
      made.ns.push(ns);
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      ip('link', 'set', inner, 'netns', ns);
      ip('link', 'set', outer, 'master', bridge);
      ip('link', 'set', outer, 'up');
      for (const args of [['link', 'set', 'lo', 'up'], ['addr', 'add', `${made.subnet}.${i + 2}/24`, 'dev', inner], ['link', 'set', inner, 'up']]) ip('netns', 'exec', ns, 'ip', ...args);
      hosts[name] = { ns, address: `${made.subnet}.${i + 2}` };
    });
    process.once('exit', destroy);
    return { hosts, destroy };
  } catch (err) {
    destroy();
    return { hosts: null, why: (err.stderr?.toString() || err.message).trim() };
  }
}
