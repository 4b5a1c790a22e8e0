/**
 * A provider for tests of the autoscaler loop: an in-memory fleet that starts what it is asked
 * for (or fails when told to), and records every request.
 */
import { ProviderError, type Provider, type ProviderWorker, type ScaleRequest } from '../../src/autoscale/provider.js';

export class Fleet implements Provider {
  readonly type = 'fleet';
  running = 0;
  readonly requests: ScaleRequest[] = [];
  releases = 0;
  /** While set, every call fails with this message. */
  failing: string | null = null;

  constructor(readonly group = 'default') {}

  async list(): Promise<ProviderWorker[]> {
    if (this.failing) throw new ProviderError('fleet', this.group, this.failing);
    return Array.from({ length: this.running }, (_, i) => ({ id: `w${i}`, state: 'running' as const }));
  }

  async scale(r: ScaleRequest): Promise<ProviderWorker[]> {
    this.requests.push(r);
    if (this.failing) throw new ProviderError('fleet', this.group, this.failing);
    this.running = r.desired;
    return this.list();
  }

  async release(): Promise<void> {
    this.releases++;
  }

  async close(): Promise<void> {}
}
