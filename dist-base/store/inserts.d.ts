import { type BatchSpec, type EnqueueSpec } from '../model/spec.js';
import type { NewTask } from '../model/task.js';
import type { TaskInsertOp, TaskInsertResult } from './store.js';
/** A task with nothing that needs looking up first (key, dedup key, debounce/throttle key, parent, dependencies): it can go in a set insert. */
export declare function isPlainTask(t: NewTask): boolean;
/**
 * Whether an entry can join a run of set-inserted new tasks that began at batch index
 * `runStart`: a plain task (dependencies aside) that depends only on entries of that run. Those
 * are new and unfinished, so its starting state needs no lookup.
 */
export declare function linksIntoRun(op: TaskInsertOp, runStart: number): boolean;
/** Every in-batch reference must name an earlier entry; checked before anything is written, so a bad one fails the batch whole. */
export declare function checkBatchDeps(ops: readonly TaskInsertOp[]): void;
/** The task with its in-batch dependencies resolved into ids (`inserted`: the results of the entries before it). */
export declare function withBatchDeps(op: TaskInsertOp, inserted: readonly TaskInsertResult[]): NewTask;
/**
 * The insert of the `i`th task of a batch or graph: its spec resolved (every default filled,
 * every field checked) and its `after` indexes checked; a ValidationError names `tasks[i]…`.
 */
export declare function specInsert(spec: EnqueueSpec, after: unknown, i: number, now: number): TaskInsertOp;
/** The inserts of an `enqueueMany` batch, every one checked before any is written. */
export declare function batchInserts(specs: readonly BatchSpec[], now: number): TaskInsertOp[];
