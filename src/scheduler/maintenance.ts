/**
 * Maintenance: reaps expired leases, purges finished tasks past retention and does the store's
 * daily work on history (Store.historyDayTurn). Every process may run it; a leader lease in
 * the store makes exactly one of them do the work at a time, and another takes over within one
 * lease period when the leader dies.
 */
import { EventEmitter } from 'node:events';
import type { Engine } from '../engine/engine.js';
import { createLogger, type Logger } from '../logger.js';
import { Periodic } from './periodic.js';
import type { Task } from '../model/task.js';

export interface MaintenanceOptions {
  holderId: string;
  /** How often to run (ms). */
  intervalMs?: number;
  /** Leadership lease (ms); a dead leader is replaced within this. */
  leaderTtlMs?: number;
  /** Finished tasks older than this are removed with their events; null keeps them forever. */
  retentionMs?: number | null;
  logger?: Logger;
}

export interface MaintenanceEvents {
  leader: [holder: string];
  follower: [];
  expired: [tasks: Task[]];
  purged: [counts: { tasks: number; events: number }];
  error: [err: Error];
}

export const MAINTENANCE_LEADER = 'maintenance';
const PURGE_BATCH = 5000;

export class Maintenance extends EventEmitter<MaintenanceEvents> {
  readonly holderId: string;
  private readonly intervalMs: number;
  private readonly leaderTtlMs: number;
  private readonly retentionMs: number | null;
  private readonly log: Logger;
  private readonly loop: Periodic;
  isLeader = false;

  constructor(
    private readonly engine: Engine,
    options: MaintenanceOptions,
  ) {
    super();
    this.holderId = options.holderId;
    this.intervalMs = options.intervalMs ?? 1000;
    this.leaderTtlMs = options.leaderTtlMs ?? Math.max(3 * this.intervalMs, 5000);
    this.retentionMs = options.retentionMs ?? null;
    this.log = (options.logger ?? createLogger()).child({ component: 'maintenance', holder: this.holderId });
    this.loop = new Periodic(this.intervalMs, () => this.runOnce(), (err) => {
      this.log.error({ err }, 'maintenance pass failed');
      if (this.listenerCount('error') > 0) this.emit('error', err);
    });
  }

  start(): this {
    this.loop.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    if (this.isLeader) {
      await this.engine.leaders.resign(MAINTENANCE_LEADER, this.holderId).catch(() => undefined);
      this.isLeader = false;
    }
  }

  /** One pass: take or keep leadership, and if leader, reap leases, purge history and do the store's daily work on it. */
  async runOnce(): Promise<void> {
    const leader = await this.engine.leaders.elect(MAINTENANCE_LEADER, this.holderId, this.leaderTtlMs);
    if (leader !== this.isLeader) {
      this.isLeader = leader;
      if (leader) {
        this.log.info({ leader: this.holderId }, 'became maintenance leader');
        this.emit('leader', this.holderId);
      } else {
        this.log.info('lost maintenance leadership');
        this.emit('follower');
      }
    }
    if (!leader) return;
    let expired: Task[];
    do {
      expired = await this.engine.expireLeases(1000);
      if (expired.length) {
        this.log.warn({ count: expired.length, ids: expired.slice(0, 20).map((t) => t.id) }, 'leases expired; tasks made claimable again');
        this.emit('expired', expired);
      }
    } while (expired.length === 1000);
    if (this.retentionMs !== null) {
      // Keep purging while passes come back full, within half an interval: one pass of 10k per
      // tick would cap retention at 10k tasks/s, below what the engine finishes.
      const budgetEnds = Date.now() + this.intervalMs / 2;
      let purged: { tasks: number; events: number };
      do {
        purged = await this.engine.purgeFinished(this.retentionMs, PURGE_BATCH);
        if (purged.tasks) this.emit('purged', purged);
      } while (purged.tasks === PURGE_BATCH && Date.now() < budgetEnds);
    }
    // After retention, so days it drops are not folded first; with no retention as well, as
    // history kept forever is where it matters.
    const turned = await this.engine.historyDayTurn();
    if (turned.countsFolded) this.log.debug({ rows: turned.countsFolded }, 'history counts of past days folded');
  }
}
