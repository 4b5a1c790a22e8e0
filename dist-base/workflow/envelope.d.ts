/**
 * What a workflow task carries in its payload: the user's payload (rendered, or a template when
 * it reads upstream results) and what the worker needs to finish resolving it. The worker-side
 * wrapper (handlers.ts) unwraps it, so user handlers receive only their own payload.
 */
import { ENVELOPE_MARK } from '../model/step.js';
import type { Json } from '../model/task.js';
export interface TaskEnvelope {
    [ENVELOPE_MARK]: 1;
    run: string;
    workflow: string;
    /** The workflow task id (key under `tasks:`). */
    task: string;
    kind: 'command' | 'handler' | 'unit' | 'foreach' | 'on_failure' | 'finish';
    payload: Json;
    /** kind handler or unit: what runs it (the store task name, except inside on_failure). */
    handler?: string;
    command?: string | string[];
    env?: Record<string, string>;
    /** Where commands run: the workflow file's directory. */
    cwd?: string;
    /** A condition left for run time (text), or already decided (boolean). */
    if?: string | boolean;
    /** Upstream tasks whose results expressions may read (only when readsNeeds). */
    needs?: string[];
    /** Templates still hold expressions over `needs` (and inputs) to render at run time. Absent: false. */
    readsNeeds?: boolean;
    index?: number;
    item?: Json;
    /** file:line:column of the task in its workflow file, for messages at run time. */
    at: string;
    ifAt?: string;
    foreachAt?: string;
    /** kind foreach: the expression giving the list, and what each item task looks like. */
    foreach?: string;
    itemKind?: 'command' | 'handler' | 'unit';
    itemName?: string;
    concurrency?: number | null;
    itemOptions?: {
        queue: string;
        priority: number;
        maxAttempts: number;
        backoff?: Json;
        timeoutMs: number | null;
        triggerRule: string;
    };
    /** kind on_failure: the policy and the user's on-failure task. */
    policy?: 'fail_fast' | 'continue';
    onFailure?: TaskEnvelope | null;
    /** kind finish: the workflow's outputs. */
    outputs?: Record<string, string>;
}
export declare function isEnvelope(payload: unknown): payload is TaskEnvelope;
