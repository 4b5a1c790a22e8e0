/**
 * The front door of the TypeScript API: one object that opens a store and hands out an engine,
 * workers and maintenance. The CLI is built on exactly this. The store itself stays inside:
 * everything goes through `engine` (tasks, `engine.runs`, `engine.logs`, `engine.queues`, …).
 *
 *   const tf = await Taskframe.open({ db: 'sqlite:./taskframe.db' });
 *   await tf.enqueue('email.send', { to: 'a@example.com' }, { maxAttempts: 5 });
 *   const worker = tf.worker({ handlers: { 'email.send': async (p, ctx) => send(p) } }).start();
 */
import type { ClientBase } from 'pg';
import { Engine } from './engine/engine.js';
import { createLogger, type Logger } from './logger.js';
import type { Clock } from './model/clock.js';
import type { BatchSpec, EnqueueOptions } from './model/spec.js';
import type { Task, TaskEvent, TaskId } from './model/task.js';
import { Maintenance, type MaintenanceOptions } from './scheduler/maintenance.js';
import { DEFAULT_STORE_URL, openStore, type OpenStoreOptions } from './store/open.js';
// Type-only use of pg inside: importing this does not load the pg package.
import { enqueueInTransaction } from './store/transactional.js';
import type { Store } from './store/store.js';
import { defaultWorkerId, Worker, type WorkerOptions } from './worker/worker.js';

export interface TaskframeOptions extends OpenStoreOptions {
  /** Store URL: sqlite:FILE (default sqlite:./taskframe.db) or postgres://… */
  db?: string;
  /** Use an already open store instead of `db`. */
  store?: Store;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

export class Taskframe {
  readonly engine: Engine;
  readonly logger: Logger;
  private readonly workers = new Set<Worker>();
  private maintenance: Maintenance | null = null;

  private constructor(
    private readonly store: Store,
    options: TaskframeOptions,
  ) {
    this.engine = new Engine({ store, clock: options.clock, random: options.random });
    this.logger = options.logger ?? createLogger();
  }

  static async open(options: TaskframeOptions = {}): Promise<Taskframe> {
    const store = options.store ?? (await openStore(options.db ?? DEFAULT_STORE_URL, options));
    return new Taskframe(store, options);
  }

  enqueue(name: string, payload?: unknown, options?: EnqueueOptions): Promise<Task> {
    return this.engine.enqueue(name, payload, options);
  }

  /**
   * All or none, in one transaction. `after` on a spec names earlier specs of the same call by
   * index, so a chain or a DAG goes in at once:
   *   await tf.enqueueMany([{ name: 'fetch' }, { name: 'resize', after: [0] }, { name: 'publish', after: [1] }]);
   */
  enqueueMany(specs: BatchSpec[]): Promise<Task[]> {
    return this.engine.enqueueMany(specs);
  }

  get(id: TaskId): Promise<Task> {
    return this.engine.get(id);
  }

  events(id: TaskId): Promise<TaskEvent[]> {
    return this.engine.events([id]);
  }

  cancel(id: TaskId, reason?: string): Promise<Task> {
    return this.engine.cancel(id, reason);
  }

  retry(id: TaskId): Promise<Task> {
    return this.engine.retry(id);
  }

  /**
   * PostgreSQL only: enqueues on the caller's own connection, inside the caller's transaction, so
   * the tasks exist if and only if that transaction commits (docs/postgres.md).
   */
  enqueueInTransaction(client: ClientBase, specs: BatchSpec[]): Promise<Task[]> {
    return enqueueInTransaction(this.store, client, specs, { clock: this.engine.clock });
  }

  /** Applies pending schema migrations (open with `migrate: false` to do it only here). */
  migrate(): Promise<{ from: number; to: number }> {
    return this.store.migrate();
  }

  /**
   * A worker for the given handlers. Unless `maintenance: false`, the process also takes part
   * in maintenance (lease reaping, retention) under leader election.
   */
  worker(options: WorkerOptions & { maintenance?: boolean | Partial<MaintenanceOptions> }): Worker {
    const { maintenance, ...workerOptions } = options;
    const w = new Worker(this.engine, { logger: this.logger, ...workerOptions });
    this.workers.add(w);
    if (maintenance !== false) this.startMaintenance(typeof maintenance === 'object' ? maintenance : {});
    return w;
  }

  startMaintenance(options: Partial<MaintenanceOptions> = {}): Maintenance {
    if (!this.maintenance) {
      this.maintenance = new Maintenance(this.engine, { holderId: defaultWorkerId(), logger: this.logger, ...options }).start();
    }
    return this.maintenance;
  }

  /** Stops workers (gracefully) and maintenance, then closes the store. */
  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.stop()));
    this.workers.clear();
    await this.maintenance?.stop();
    this.maintenance = null;
    await this.engine.flush();
    await this.store.close();
  }
}
