import { isStoreUnavailable } from '../model/errors.js';

/**
 * The loop every background service shares: one pass at start, then one every interval, never
 * two at once; stop() waits for the pass in progress. Tests call the service's runOnce() instead.
 */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** The last pass failed because the store was unavailable (reported once per outage). */
  private unavailable = false;

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
          () => {
            this.unavailable = false;
          },
          (err: unknown) => {
            // A store that is down fails every pass the same way: say so once, not every interval.
            const again = this.unavailable && isStoreUnavailable(err);
            this.unavailable = isStoreUnavailable(err);
            if (!again) this.onError(err instanceof Error ? err : new Error(String(err)));
          },
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
