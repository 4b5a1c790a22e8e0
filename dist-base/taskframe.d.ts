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
import { type Logger } from './logger.js';
import type { Clock } from './model/clock.js';
import type { BatchSpec, EnqueueOptions } from './model/spec.js';
import type { Task, TaskEvent, TaskId } from './model/task.js';
import { Maintenance, type MaintenanceOptions } from './scheduler/maintenance.js';
import { type OpenStoreOptions } from './store/open.js';
import type { Store } from './store/store.js';
import { Worker, type WorkerOptions } from './worker/worker.js';
export interface TaskframeOptions extends OpenStoreOptions {
    /** Store URL: sqlite:FILE (default sqlite:./taskframe.db) or postgres://… */
    db?: string;
    /** Use an already open store instead of `db`. */
    store?: Store;
    clock?: Clock;
    random?: () => number;
    logger?: Logger;
}
export declare class Taskframe {
    private readonly store;
    readonly engine: Engine;
    readonly logger: Logger;
    private readonly workers;
    private maintenance;
    private constructor();
    static open(options?: TaskframeOptions): Promise<Taskframe>;
    enqueue(name: string, payload?: unknown, options?: EnqueueOptions): Promise<Task>;
    /**
     * All or none, in one transaction. `after` on a spec names earlier specs of the same call by
     * index, so a chain or a DAG goes in at once:
     *   await tf.enqueueMany([{ name: 'fetch' }, { name: 'resize', after: [0] }, { name: 'publish', after: [1] }]);
     */
    enqueueMany(specs: BatchSpec[]): Promise<Task[]>;
    get(id: TaskId): Promise<Task>;
    events(id: TaskId): Promise<TaskEvent[]>;
    cancel(id: TaskId, reason?: string): Promise<Task>;
    retry(id: TaskId): Promise<Task>;
    /**
     * PostgreSQL only: enqueues on the caller's own connection, inside the caller's transaction, so
     * the tasks exist if and only if that transaction commits (docs/postgres.md).
     */
    enqueueInTransaction(client: ClientBase, specs: BatchSpec[]): Promise<Task[]>;
    /** Applies pending schema migrations (open with `migrate: false` to do it only here). */
    migrate(): Promise<{
        from: number;
        to: number;
    }>;
    /**
     * A worker for the given handlers. Unless `maintenance: false`, the process also takes part
     * in maintenance (lease reaping, retention) under leader election.
     */
    worker(options: WorkerOptions & {
        maintenance?: boolean | Partial<MaintenanceOptions>;
    }): Worker;
    startMaintenance(options?: Partial<MaintenanceOptions>): Maintenance;
    /** Stops workers (gracefully) and maintenance, then closes the store. */
    close(): Promise<void>;
}
