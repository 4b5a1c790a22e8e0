/**
 * A workflow run: one execution of a workflow, with its own state beside its tasks' states.
 * Times are epoch milliseconds, as on a task.
 */
import type { Json } from './task.js';

export const RUN_STATES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];
/** A run in one of these has ended and never changes again. */
export const FINISHED_RUN_STATES: readonly RunState[] = ['succeeded', 'failed', 'cancelled'];

export function isRunState(s: string): s is RunState {
  return (RUN_STATES as readonly string[]).includes(s);
}

export interface Run {
  id: string;
  /** The workflow's name. */
  name: string;
  state: RunState;
  /** The workflow as submitted. */
  spec: Json;
  inputs: Json | null;
  outputs: Json | null;
  error: Json | null;
  /** What started it ("cli", "api: NAME", "cron: 0 * * * *", …). */
  trigger: string | null;
  createdAt: number;
  finishedAt: number | null;
  updatedAt: number;
}

/** A run as recorded when it is submitted (it has not finished or changed yet). */
export type NewRun = Omit<Run, 'updatedAt' | 'finishedAt'>;

/**
 * A run's place in newest-first order (created_at, then id): paging goes on strictly after it, so
 * runs created in the same millisecond are neither skipped nor shown twice.
 */
export interface RunPosition {
  createdAt: number;
  id: string;
}
