/**
 * What a user may pass when enqueueing, and its validation into a NewTask. Every check names
 * the field it rejects; nothing reaches the store unvalidated.
 */
import { type BackoffPolicy } from './backoff.js';
import { type CollapseOptions, type DebounceOptions } from './collapse.js';
import type { Json, NewTask, TaskId } from './task.js';
import { type TriggerRule } from './trigger.js';
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
export declare const LIMITS: {
    readonly priorityMin: -1000;
    readonly priorityMax: 1000;
    readonly maxAttemptsMax: 1000;
    readonly nameMaxLength: 200;
    readonly keyMaxLength: 500;
    readonly tagsMax: 50;
    readonly payloadMaxBytes: 1048576;
};
export declare const DEFAULTS: {
    readonly queue: "default";
    readonly priority: 0;
    readonly maxAttempts: 3;
};
export declare function validateName(value: unknown, field: string): string;
/** The payload as JSON text: the text measured at validation when there is one. */
export declare function payloadText(value: Json): string | null;
/**
 * One task of an `enqueueMany` batch: the options of a single enqueue, and `after`, the
 * indexes of earlier tasks of the same batch it depends on (a chain or a DAG in one call).
 */
export type BatchSpec = EnqueueSpec & {
    after?: number[];
};
export declare function resolveSpec(spec: EnqueueSpec, now: number, field?: string): NewTask;
