/**
 * Hosts on this machine, for fleet tests: one network namespace per host, each joined by a veth
 * pair to a bridge of its own, with an address in a private test range (10.77.N.0/24, N
 * reserved per run so that parallel runs never share a subnet). The test process reaches every
 * host through the bridge's address. A host can be cut off (its link set down) and given
 * latency (`tc netem`, when the kernel has it).
 *
 * Names carry the creating pid, so namespaces left by a run that died are found and removed by
 * the next one; `destroy()` (and a process 'exit' hook) removes everything made here.
 *
 *   const fleet = await Fleet.create(['db', 'w1', 'w2', 'api']);
 *   fleet.spawn('w1', process.execPath, [CLI, 'worker', …]);
 *   fleet.cut('w1'); … fleet.restore('w1');
 *   await fleet.destroy();
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { spawnProc, type Proc } from './proc.js';

const RESERVATIONS = '/tmp/taskframe-netns';

export interface FleetHost {
  name: string;
  netns: string;
  address: string;
  /** The veth end on the bridge (in the root namespace). */
  outer: string;
  /** The veth end inside the host. */
  inner: string;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Can namespaces, veths and a bridge be made here? Throws saying why not. */
export function netnsProbe(): void {
  if (process.getuid?.() !== 0) throw new Error('not running as root');
  try {
    execFileSync('ip', ['-V'], { stdio: 'pipe' });
  } catch {
    throw new Error('the ip command (iproute2) is not installed');
  }
  const f = new Fleet(`tfleet-${process.pid}-probe${randomBytes(2).toString('hex')}`, 'tfp' + randomBytes(3).toString('hex'), '10.76.0');
  try {
    f.addBridge();
    f.addHost('x', 1);
  } finally {
    f.destroySync();
  }
}

/** Namespaces and links left behind by runs whose process is gone. */
function sweepStale(): void {
  let list = '';
  try {
    list = ip('netns', 'list');
  } catch {
    return;
  }
  for (const line of list.split('\n')) {
    const m = /^(tfleet-(\d+)-\S+)/.exec(line);
    if (m && !pidAlive(Number(m[2]))) {
      try {
        ip('netns', 'del', m[1]!);
      } catch {
        // someone else removed it
      }
    }
  }
  if (!fs.existsSync(RESERVATIONS)) return;
  for (const subnet of fs.readdirSync(RESERVATIONS)) {
    const file = `${RESERVATIONS}/${subnet}/owner`;
    const [pid, bridge] = (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').split(' ');
    if (pid && pidAlive(Number(pid))) continue;
    if (bridge) {
      try {
        ip('link', 'del', bridge.trim());
      } catch {
        // gone already
      }
    }
    fs.rmSync(`${RESERVATIONS}/${subnet}`, { recursive: true, force: true });
  }
}

/** Reserves 10.77.N for this run (mkdir is atomic across processes). */
function reserveSubnet(bridge: string): string {
  fs.mkdirSync(RESERVATIONS, { recursive: true });
  for (let n = 1 + (process.pid % 250); ; n = (n % 250) + 1) {
    const dir = `${RESERVATIONS}/10.77.${n}`;
    try {
      fs.mkdirSync(dir);
    } catch {
      continue;
    }
    fs.writeFileSync(`${dir}/owner`, `${process.pid} ${bridge}`);
    return `10.77.${n}`;
  }
}

export class Fleet {
  readonly hosts = new Map<string, FleetHost>();
  private bridgeMade = false;
  private readonly onExit = () => this.destroySync();

  /** Internal: use Fleet.create. */
  constructor(
    readonly prefix: string,
    /** Short (interface names have at most 15 characters). */
    readonly short: string,
    /** The first three octets. */
    readonly subnet: string,
  ) {}

  get bridge(): string {
    return `${this.short}br`;
  }

  /** The test process's address on the bridge: hosts reach the root namespace here. */
  get gateway(): string {
    return `${this.subnet}.1`;
  }

  static async create(names: string[]): Promise<Fleet> {
    sweepStale();
    const id = randomBytes(3).toString('hex');
    const short = `tf${id}`;
    const f = new Fleet(`tfleet-${process.pid}-${id}`, short, reserveSubnet(`${short}br`));
    process.once('exit', f.onExit);
    try {
      f.addBridge();
      names.forEach((name, i) => f.addHost(name, i + 2));
    } catch (err) {
      f.destroySync();
      throw err;
    }
    return f;
  }

  addBridge(): void {
    ip('link', 'add', this.bridge, 'type', 'bridge');
    this.bridgeMade = true;
    ip('addr', 'add', `${this.gateway}/24`, 'dev', this.bridge);
    ip('link', 'set', this.bridge, 'up');
  }

  addHost(name: string, octet: number): FleetHost {
    const h: FleetHost = { name, netns: `${this.prefix}-${name}`, address: `${this.subnet}.${octet}`, outer: `${this.short}${octet}o`, inner: `${this.short}${octet}i` };
    ip('netns', 'add', h.netns);
    this.hosts.set(name, h);
    ip('link', 'add', h.outer, 'type', 'veth', 'peer', 'name', h.inner);
    ip('link', 'set', h.inner, 'netns', h.netns);
    ip('link', 'set', h.outer, 'master', this.bridge);
    ip('link', 'set', h.outer, 'up');
    const inNs = (...args: string[]) => ip('netns', 'exec', h.netns, 'ip', ...args);
    inNs('link', 'set', 'lo', 'up');
    inNs('addr', 'add', `${h.address}/24`, 'dev', h.inner);
    inNs('link', 'set', h.inner, 'up');
    return h;
  }

  host(name: string): FleetHost {
    const h = this.hosts.get(name);
    if (!h) throw new Error(`no host ${name} in this fleet`);
    return h;
  }

  /** A process on a host (`ip netns exec`); its pid is the command's own. */
  spawn(host: string, name: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv): Proc {
    return spawnProc(name, 'ip', ['netns', 'exec', this.host(host).netns, cmd, ...args], env);
  }

  /** Cuts a host off: its link goes down, so its packets go nowhere (no reset, no answer). */
  cut(name: string): void {
    ip('link', 'set', this.host(name).outer, 'down');
  }

  restore(name: string): void {
    ip('link', 'set', this.host(name).outer, 'up');
  }

  /**
   * Sets `ms` of latency on everything the host sends (`tc netem`; 0 takes it away again). Returns false when this
   * kernel has no netem (the caller then adds the latency another way, and says so).
   */
  delay(name: string, ms: number): boolean {
    try {
      execFileSync('ip', ['netns', 'exec', this.host(name).netns, 'tc', 'qdisc', 'replace', 'dev', this.host(name).inner, 'root', 'netem', 'delay', `${ms}ms`], { stdio: 'pipe' });
      return true;
    } catch (err) {
      if (/qdisc kind is unknown|No such file|Operation not supported/i.test((err as { stderr?: Buffer }).stderr?.toString() ?? '')) return false;
      throw err;
    }
  }

  async destroy(): Promise<void> {
    this.destroySync();
  }

  destroySync(): void {
    process.off('exit', this.onExit);
    for (const h of this.hosts.values()) {
      // Deleting the namespace deletes its veth end, and with it the pair.
      try {
        ip('netns', 'del', h.netns);
      } catch {
        // already gone
      }
      try {
        ip('link', 'del', h.outer);
      } catch {
        // went with the namespace
      }
    }
    this.hosts.clear();
    if (this.bridgeMade) {
      try {
        ip('link', 'del', this.bridge);
      } catch {
        // already gone
      }
      this.bridgeMade = false;
    }
    fs.rmSync(`${RESERVATIONS}/${this.subnet}`, { recursive: true, force: true });
  }
}
