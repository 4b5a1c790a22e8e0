/**
 * The worker side of workflows. `workflowHandlers(engine, handlers)` returns a handler map for
 * a Worker: the user's handlers wrapped so that a workflow task's envelope is unwrapped (the
 * handler sees only its own, rendered payload; a task that is not from a workflow passes through
 * untouched), plus the machinery every run needs: command steps (run by the executables
 * runner, worker/runners/commands.ts), run-time fan-out, the on-failure task and the finishing
 * task that sets the run's state.
 */
import type { Engine } from '../engine/engine.js';
import type { HandlerMap } from '../worker/worker.js';
import { type CommandRunnerOptions } from '../worker/runners/commands.js';
export interface WorkflowHandlerOptions {
    /** How `command:` steps run (environment, log cap, kill grace). */
    commands?: CommandRunnerOptions;
}
export declare function workflowHandlers(engine: Engine, handlers?: HandlerMap, options?: WorkflowHandlerOptions): HandlerMap;
