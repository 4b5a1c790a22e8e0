/**
 * Remote workers this server has heard from (claim or heartbeat), for the live-workers gauge
 * and the dashboard. In memory: a worker counts as live until its last lease would have run out.
 */
export interface WorkerSeen {
  workerId: string;
  queues: string[];
  lastSeenAt: number;
  liveUntil: number;
}

export class WorkerRegistry {
  private readonly seen = new Map<string, WorkerSeen>();

  constructor(private readonly now: () => number) {}

  touch(workerId: string, leaseMs: number, queues?: string[]): void {
    const t = this.now();
    const prev = this.seen.get(workerId);
    this.seen.set(workerId, { workerId, queues: queues ?? prev?.queues ?? [], lastSeenAt: t, liveUntil: t + leaseMs });
  }

  live(): WorkerSeen[] {
    const t = this.now();
    const out: WorkerSeen[] = [];
    for (const [id, w] of this.seen) {
      if (w.liveUntil >= t) out.push(w);
      else if (w.liveUntil < t - 3_600_000) this.seen.delete(id);
    }
    return out;
  }
}
