/**
 * The loop every background service shares: one pass at start, then one every interval, never
 * two at once; stop() waits for the pass in progress. Tests call the service's runOnce() instead.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (err: Error) => void,
  ) {}

  get started(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.pass()
        .then(
          () => undefined,
          (err: unknown) => this.onError(err instanceof Error ? err : new Error(String(err))),
        )
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
