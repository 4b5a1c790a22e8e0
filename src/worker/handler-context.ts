/**
 * The context a handler gets beside its payload (TaskContext). A no-op task's bookkeeping is a
 * few hundred bytes, and a context made of closures (one per method, made for every task) was
 * about an eighth of what the worker allocated per task: here the methods live on the prototype
 * and are bound to the task only when a handler reads them, so a handler that uses none of them
 * costs one small object, and `const { heartbeat } = ctx` still works.
 */
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import type { BatchSpec, EnqueueOptions } from '../model/spec.js';
import type { ClaimedTask, Json, Task } from '../model/task.js';
import { subtaskSpec } from './subtask-spec.js';
import type { TaskContext } from './worker.js';

/** What every context of one worker shares. */
export interface ContextHost {
  readonly engine: Engine;
  readonly leaseMs: number;
  readonly log: Logger;
}

export class HandlerContext implements TaskContext {
  private logger: Logger | null = null;

  constructor(
    readonly task: ClaimedTask,
    private readonly flight: { readonly signal: AbortSignal },
    private readonly host: ContextHost,
  ) {}

  get attempt(): number {
    return this.task.attempt;
  }

  get signal(): AbortSignal {
    return this.flight.signal;
  }

  // A child logger per task costs as much as the rest of a no-op task's bookkeeping: made on first use.
  get log(): Logger {
    return (this.logger ??= this.host.log.child({ taskId: this.task.id, task: this.task.name, attempt: this.task.attempt }));
  }

  get heartbeat(): () => Promise<void> {
    return async () => {
      const { task } = this;
      await this.host.engine.heartbeat({ id: task.id, leaseToken: task.leaseToken, leaseMs: this.host.leaseMs });
    };
  }

  get progress(): (value: Json) => Promise<void> {
    return async (value) => {
      const { task } = this;
      await this.host.engine.heartbeat({ id: task.id, leaseToken: task.leaseToken, leaseMs: this.host.leaseMs, progress: value });
    };
  }

  get spawn(): (name: string, payload?: unknown, options?: EnqueueOptions) => Promise<Task> {
    return (name, payload, options = {}) => this.host.engine.enqueue(name, payload, subtaskSpec(this.task, options));
  }

  get spawnMany(): (specs: BatchSpec[]) => Promise<Task[]> {
    return (specs) => {
      if (!Array.isArray(specs)) return Promise.reject(new ValidationError('tasks', 'must be an array'));
      return this.host.engine.enqueueMany(specs.map((s) => (s !== null && typeof s === 'object' ? subtaskSpec(this.task, s) : s)));
    };
  }
}
