/**
 * Task and run filters as the API takes them (query strings, or the `filter` of a bulk action),
 * checked and turned into the engine's filters. Each bad value is a 400 naming its field.
 */
import { Type, type Static } from '../vendor/typebox.js';
import { checkRange, parseJsonField, parseNamePattern, parseTime } from '../engine/filters.js';
import type { RunFilter, TaskFilter } from '../engine/inspect.js';
import { ValidationError } from '../model/errors.js';
import { RUN_STATES, isRunState } from '../model/run.js';
import { validateName } from '../model/spec.js';
import { isTaskState, type TaskState } from '../model/state.js';

export function parseStates(s: string | undefined, field = 'state'): TaskState[] | undefined {
  if (!s) return undefined;
  return s.split(',').map((x, i) => {
    const v = x.trim();
    if (!isTaskState(v)) throw new ValidationError(`${field}[${i}]`, `"${v}" is not a task state`);
    return v;
  });
}

const Time = (what: string) => Type.String({ maxLength: 40, description: `${what} (ISO 8601 or epoch milliseconds)` });
const NamePattern = (what: string) => Type.String({ minLength: 1, maxLength: 201, description: `${what}: exact, or a prefix ending in * (etl.*)` });
export const PayloadFilter = Type.String({ minLength: 1, maxLength: 1000, description: 'a payload field: PATH=VALUE, e.g. customer.id=42 (VALUE is JSON when it parses, else text); for a workflow step, its own payload' });
export const ScanLimit = Type.Integer({ minimum: 1, maximum: 100_000, description: 'with payload, tag, name prefix or time filters: tasks examined at most (default 10,000); `partial: true` says the page stopped there' });

/** The task filters, as query keys (also the `filter` of a bulk action). */
export const TaskFilterFields = {
  state: Type.Optional(Type.String({ maxLength: 200, description: 'comma-separated states' })),
  queue: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'queue' })),
  name: Type.Optional(NamePattern('task name')),
  runId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'run id' })),
  parentId: Type.Optional(Type.String({ pattern: '^\\d{1,19}$', description: 'parent task id' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'tasks with this tag' })),
  createdAfter: Type.Optional(Time('created at or after')),
  createdBefore: Type.Optional(Time('created before')),
  payload: Type.Optional(PayloadFilter),
};
export const TaskFilterBody = Type.Object(TaskFilterFields, { additionalProperties: false });
export type TaskFilterInput = Static<typeof TaskFilterBody>;

export function taskFilter(q: TaskFilterInput, prefix = ''): TaskFilter {
  const f: TaskFilter = {};
  const states = parseStates(q.state, `${prefix}state`);
  if (states) f.states = states;
  if (q.queue !== undefined) f.queue = validateName(q.queue, `${prefix}queue`);
  if (q.name !== undefined) {
    const n = parseNamePattern(q.name, `${prefix}name`);
    if (n.name !== undefined) f.name = validateName(n.name, `${prefix}name`);
    if (n.namePrefix !== undefined) f.namePrefix = n.namePrefix;
  }
  if (q.runId !== undefined) f.runId = q.runId;
  if (q.parentId !== undefined) f.parentId = q.parentId;
  if (q.tag !== undefined) f.tag = q.tag;
  if (q.createdAfter !== undefined) f.createdAfter = parseTime(q.createdAfter, `${prefix}createdAfter`);
  if (q.createdBefore !== undefined) f.createdBefore = parseTime(q.createdBefore, `${prefix}createdBefore`);
  checkRange(f.createdAfter, f.createdBefore, `${prefix}createdBefore`);
  if (q.payload !== undefined) f.payload = parseJsonField(q.payload, `${prefix}payload`);
  return f;
}

export const RunFilterFields = {
  name: Type.Optional(NamePattern('workflow name')),
  state: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated run states' })),
  createdAfter: Type.Optional(Time('created at or after')),
  createdBefore: Type.Optional(Time('created before')),
  inputs: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'an input: PATH=VALUE, e.g. region=eu' })),
};

export function runFilter(q: { name?: string; state?: string; createdAfter?: string; createdBefore?: string; inputs?: string }): RunFilter {
  const f: RunFilter = {};
  if (q.name !== undefined) {
    const n = parseNamePattern(q.name, 'name');
    if (n.name !== undefined) f.name = n.name;
    if (n.namePrefix !== undefined) f.namePrefix = n.namePrefix;
  }
  if (q.state) {
    f.states = q.state.split(',').map((s, i) => {
      const state = s.trim();
      if (!isRunState(state)) throw new ValidationError(`state[${i}]`, `"${s}" is not a run state (${RUN_STATES.join(', ')})`);
      return state;
    });
  }
  if (q.createdAfter !== undefined) f.createdAfter = parseTime(q.createdAfter, 'createdAfter');
  if (q.createdBefore !== undefined) f.createdBefore = parseTime(q.createdBefore, 'createdBefore');
  checkRange(f.createdAfter, f.createdBefore, 'createdBefore');
  if (q.inputs !== undefined) f.inputs = parseJsonField(q.inputs, 'inputs');
  return f;
}
