/** Counts delivered-but-unsettled messages so an adapter stops fetching at `max` and resumes below it. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(readonly max: number) {}

  get size(): number {
    return this.count;
  }

  get room(): number {
    return Math.max(0, this.max - this.count);
  }

  /** Resolves once there is room for one more message. */
  async acquire(): Promise<void> {
    while (this.count >= this.max && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    this.count++;
  }

  /** Takes a slot without waiting (the caller checked `room`). */
  take(): void {
    this.count++;
  }

  release(): void {
    this.count = Math.max(0, this.count - 1);
    const w = this.waiters.shift();
    if (w) w();
  }

  /** Resolves when nothing is in flight (used by close). */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  }

  /** Wakes every waiter for good (on close), so no loop stays blocked. */
  wakeAll(): void {
    this.closed = true;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}
