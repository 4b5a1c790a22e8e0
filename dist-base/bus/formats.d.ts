import { type EnqueueSpec } from '../model/spec.js';
import { type EventJson } from '../model/json.js';
import type { Json, Task, TaskEvent } from '../model/task.js';
export type BadMessageReason = 'too_large' | 'not_json' | 'not_a_task' | 'unknown_type' | 'invalid';
/** A message that can never become a task: it goes to the dead-letter topic with this reason. */
export declare class BadMessageError extends Error {
    readonly reason: BadMessageReason;
    constructor(reason: BadMessageReason, message: string);
}
export interface DecodeOptions {
    maxBytes: number;
    /** Queue for messages that do not name one. */
    queue?: string;
    /** Task types this ingress accepts; undefined = any. */
    acceptType?: (name: string) => boolean;
    now: number;
}
export interface DecodedTask {
    format: 'seed' | 'taskframe';
    spec: EnqueueSpec;
}
export declare function isSeedTask(v: unknown): v is {
    type: string;
    task: Json;
};
export declare function decodeTaskMessage(data: Buffer, o: DecodeOptions): DecodedTask;
/** True for the event that finishes a task (one per finishing; a task retried by hand finishes again). */
export declare function isFinishingEvent(e: TaskEvent): boolean;
/** The done message for the event that finished `task` (the event, not the task's later state, decides). */
export declare function doneMessage(task: Task, e: TaskEvent): Record<string, Json>;
/** A task event as published on the events topic (for analytics): the event's JSON, as the API shows it. */
export declare function eventMessage(e: TaskEvent): EventJson;
