/**
 * What a user may pass when enqueueing, and its validation into a NewTask. Every check names
 * the field it rejects; nothing reaches the store unvalidated.
 */
import { type BackoffPolicy, validateBackoff } from './backoff.js';
import { type Collapse, type CollapseOptions, type DebounceOptions, resolveCollapse } from './collapse.js';
import { MAX_DURATION_MS, MAX_TIMER_MS, parseDuration } from './duration.js';
import { ValidationError } from './errors.js';
import type { Json, NewTask, TaskId } from './task.js';
import { parseTime, TIME_MAX_MS } from './time.js';
import { TRIGGER_RULES, type TriggerRule } from './trigger.js';

export interface EnqueueOptions {
  queue?: string;
  /** Higher runs first; -1000..1000, default 0. */
  priority?: number;
  /** Wait this long before the task may run ("5s", 5000); at most 36500d. */
  delay?: string | number;
  /** Do not run before this time (epoch ms, a Date or ISO 8601 text), 1970 to 9999-12-31. */
  runAt?: number | Date | string;
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Abort the handler after this long ("30s", 30000); at most 24d. */
  timeout?: string | number;
  /** Idempotency key, unique among live tasks of the queue. */
  key?: string;
  tags?: string[];
  parentId?: TaskId;
  runId?: string;
  dependsOn?: TaskId[];
  /** With dependsOn: run when all succeeded (default), all finished, or any failed. */
  triggerRule?: TriggerRule;
  /** Permanent idempotency key: a second enqueue with it returns the first task, even after it finished. */
  dedupKey?: string;
  /**
   * Collapse enqueues with this key (per queue) into one task that runs after a quiet period of
   * `window` since the last one (at most `maxWait` after the first); the last payload wins unless
   * keep is "first". See model/collapse.ts.
   */
  debounce?: DebounceOptions;
  /** At most one task per `window` for this key (per queue), run at once; the first payload wins unless keep is "last". */
  throttle?: CollapseOptions;
}

export interface EnqueueSpec extends EnqueueOptions {
  name: string;
  payload?: unknown;
}

export const LIMITS = {
  priorityMin: -1000,
  priorityMax: 1000,
  maxAttemptsMax: 1000,
  nameMaxLength: 200,
  keyMaxLength: 500,
  tagsMax: 50,
  payloadMaxBytes: 1_048_576,
} as const;

export const DEFAULTS = { queue: 'default', priority: 0, maxAttempts: 3 } as const;

/** Names and queues: letters, digits and . _ : - / ; they appear in URLs, logs and file names. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:\-/]*$/;

export function validateName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new ValidationError(field, 'must be a non-empty string');
  if (value.length > LIMITS.nameMaxLength) throw new ValidationError(field, `must be at most ${LIMITS.nameMaxLength} characters`);
  if (!NAME_RE.test(value)) {
    throw new ValidationError(field, `"${value}" has forbidden characters (allowed: letters, digits and . _ : - /, starting with a letter or digit)`);
  }
  return value;
}

/**
 * The JSON text of object payloads, kept from validation so a driver need not serialise the
 * same payload a second time (see payloadText).
 */
const payloadTexts = new WeakMap<object, string>();

/** The payload as JSON text: the text measured at validation when there is one. */
export function payloadText(value: Json): string | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'object' ? payloadTexts.get(value) : undefined) ?? JSON.stringify(value);
}

function validatePayload(value: unknown, field: string): Json {
  if (value === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new ValidationError(field, `is not JSON-serialisable: ${(err as Error).message}`);
  }
  if (text === undefined) throw new ValidationError(field, 'is not JSON-serialisable');
  // Only a long text can be over the limit in bytes (a character is at most 3 UTF-8 bytes here).
  if (text.length * 3 > LIMITS.payloadMaxBytes && Buffer.byteLength(text) > LIMITS.payloadMaxBytes) {
    throw new ValidationError(field, `is ${Buffer.byteLength(text)} bytes; the limit is ${LIMITS.payloadMaxBytes}`);
  }
  if (typeof value === 'object' && value !== null) payloadTexts.set(value, text);
  return value as Json;
}

function validateInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ValidationError(field, `must be an integer, got ${JSON.stringify(value)}`);
  if (value < min || value > max) throw new ValidationError(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * One task of an `enqueueMany` batch: the options of a single enqueue, and `after`, the
 * indexes of earlier tasks of the same batch it depends on (a chain or a DAG in one call).
 */
export type BatchSpec = EnqueueSpec & { after?: number[] };

const KNOWN_OPTIONS = new Set([
  'name', 'payload', 'queue', 'priority', 'delay', 'runAt', 'maxAttempts', 'backoff', 'timeout',
  'key', 'tags', 'parentId', 'runId', 'dependsOn', 'triggerRule', 'dedupKey', 'debounce', 'throttle',
]);

export function resolveSpec(spec: EnqueueSpec, now: number, field = 'task'): NewTask {
  if (spec === null || typeof spec !== 'object') throw new ValidationError(field, 'must be an object');
  for (const k of Object.keys(spec)) {
    if (!KNOWN_OPTIONS.has(k)) throw new ValidationError(`${field}.${k}`, 'unknown option');
  }
  const name = validateName(spec.name, `${field}.name`);
  const queue = spec.queue === undefined ? DEFAULTS.queue : validateName(spec.queue, `${field}.queue`);
  const priority = spec.priority === undefined ? DEFAULTS.priority : validateInt(spec.priority, `${field}.priority`, LIMITS.priorityMin, LIMITS.priorityMax);
  const maxAttempts = spec.maxAttempts === undefined ? DEFAULTS.maxAttempts : validateInt(spec.maxAttempts, `${field}.maxAttempts`, 1, LIMITS.maxAttemptsMax);
  if (spec.delay !== undefined && spec.runAt !== undefined) throw new ValidationError(`${field}.delay`, 'give delay or runAt, not both');
  let runAt = now;
  if (spec.delay !== undefined) {
    runAt = now + parseDuration(spec.delay, `${field}.delay`, MAX_DURATION_MS);
    if (runAt > TIME_MAX_MS) throw new ValidationError(`${field}.delay`, `ends after 9999-12-31T23:59:59.999Z, the last time a task may run at; got ${JSON.stringify(spec.delay)}`);
  }
  // A time in the past means now; one outside the range is refused, not clamped.
  if (spec.runAt !== undefined) runAt = Math.max(parseTime(spec.runAt, `${field}.runAt`), now);
  const timeoutMs = spec.timeout === undefined ? null : parseDuration(spec.timeout, `${field}.timeout`, MAX_TIMER_MS);
  if (timeoutMs === 0) throw new ValidationError(`${field}.timeout`, 'must be greater than zero');
  let key: string | null = null;
  if (spec.key !== undefined) {
    if (typeof spec.key !== 'string' || spec.key.length === 0 || spec.key.length > LIMITS.keyMaxLength) {
      throw new ValidationError(`${field}.key`, `must be a string of 1..${LIMITS.keyMaxLength} characters`);
    }
    key = checkKeyParts(spec.key, `${field}.key`);
  }
  let tags: string[] = [];
  if (spec.tags !== undefined) {
    if (!Array.isArray(spec.tags) || spec.tags.length > LIMITS.tagsMax) throw new ValidationError(`${field}.tags`, `must be an array of at most ${LIMITS.tagsMax} strings`);
    tags = spec.tags.map((t, i) => validateName(t, `${field}.tags[${i}]`));
  }
  const dependsOn = spec.dependsOn === undefined ? [] : validateIds(spec.dependsOn, `${field}.dependsOn`);
  const parentId = spec.parentId === undefined ? null : validateIds([spec.parentId], `${field}.parentId`)[0]!;
  const runId = spec.runId === undefined ? null : validateName(spec.runId, `${field}.runId`);
  const triggerRule = spec.triggerRule ?? 'all_success';
  if (!TRIGGER_RULES.includes(triggerRule)) {
    throw new ValidationError(`${field}.triggerRule`, `must be one of ${TRIGGER_RULES.join(', ')}; got ${JSON.stringify(triggerRule)}`);
  }
  let dedupKey: string | null = null;
  if (spec.dedupKey !== undefined) {
    if (typeof spec.dedupKey !== 'string' || spec.dedupKey.length === 0 || spec.dedupKey.length > LIMITS.keyMaxLength) {
      throw new ValidationError(`${field}.dedupKey`, `must be a string of 1..${LIMITS.keyMaxLength} characters`);
    }
    dedupKey = checkKeyParts(spec.dedupKey, `${field}.dedupKey`);
  }
  const collapse = resolveCollapseOption(spec, key, dedupKey, dependsOn, field);
  // A debounced task waits out its quiet period from the start.
  if (collapse?.mode === 'debounce') runAt = Math.max(runAt, now + collapse.windowMs);
  return {
    name,
    queue,
    payload: validatePayload(spec.payload, `${field}.payload`),
    priority,
    runAt,
    maxAttempts,
    backoff: validateBackoff(spec.backoff, `${field}.backoff`),
    timeoutMs,
    parentId,
    runId,
    key,
    tags,
    dependsOn,
    triggerRule,
    dedupKey,
    collapse,
  };
}

/** debounce or throttle, alone: each decides which task an enqueue becomes, as key and dedupKey do. */
function resolveCollapseOption(spec: EnqueueSpec, key: string | null, dedupKey: string | null, dependsOn: TaskId[], field: string): Collapse | null {
  if (spec.debounce !== undefined && spec.throttle !== undefined) throw new ValidationError(`${field}.throttle`, 'give debounce or throttle, not both');
  const mode = spec.debounce !== undefined ? 'debounce' : spec.throttle !== undefined ? 'throttle' : null;
  if (mode === null) return null;
  const f = `${field}.${mode}`;
  const c = resolveCollapse(mode, spec[mode], f);
  if (key !== null) throw new ValidationError(f, 'cannot be combined with key (an idempotency key already decides which task an enqueue returns)');
  if (dedupKey !== null) throw new ValidationError(f, 'cannot be combined with dedupKey');
  if (dependsOn.length) throw new ValidationError(f, 'cannot be combined with dependsOn (only a task waiting to run collapses; one blocked on dependencies is not)');
  checkKeyParts(c.key, `${f}.key`);
  return c;
}

/**
 * A key with a part that reads `undefined`, `null`, `NaN` or `[object Object]` was built from a
 * value that was not there (`${task.id}:${i}` where the handler has no `task`): every such key
 * of a tree is the same few strings, and the tree silently collapses to them. Parts are what
 * lies between `:`, `/`, `|`, `,`, `;`, `=`, `#`, `@` or spaces.
 */
function checkKeyParts(key: string, field: string): string {
  const bad = key.split(/[:/|,;=#@\s]+/).find((part) => MISSING_VALUE_PARTS.has(part));
  if (bad !== undefined) {
    throw new ValidationError(
      field,
      `${JSON.stringify(key.slice(0, 80))} holds "${bad}": it was built from a value that is not there (in a handler, the task's own id is ctx.task.id; in a command, $TASKFRAME_TASK_ID)`,
    );
  }
  return key;
}

const MISSING_VALUE_PARTS = new Set(['undefined', 'null', 'NaN', '[object Object]', '[object']);

function validateIds(ids: unknown, field: string): TaskId[] {
  if (!Array.isArray(ids)) throw new ValidationError(field, 'must be an array of task ids');
  return ids.map((id, i) => {
    const s = typeof id === 'number' ? String(id) : id;
    if (typeof s !== 'string' || !/^\d{1,19}$/.test(s)) throw new ValidationError(`${field}[${i}]`, `"${String(id)}" is not a task id`);
    return s;
  });
}
