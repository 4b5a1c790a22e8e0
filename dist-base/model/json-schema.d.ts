/**
 * The JSON shapes of a task, a claimed task, an event, a run and a log line, written once: what
 * the HTTP API answers (and documents in OpenAPI), what `taskframe … --json` prints, what the
 * TypeScript client's types say, and what the bus publishes for events. Each shape is a TypeBox
 * schema and its TypeScript type is `Static<>` of it; json.ts turns records into these types.
 *
 * camelCase keys; every time is an ISO 8601 string (UTC) or null, never epoch milliseconds. A
 * task's times may be null where they may come from a user (a run-at stored before times were
 * checked can lie outside what a date can show: json.ts iso()); the times the store stamps from
 * its clock (an event's, a run's creation, a log line's, a lease just granted) are never null.
 * Durations keep their unit in the name (`timeoutMs`).
 *
 * Only the server loads this file at run time (loading TypeBox took ~190 ms here); everyone
 * else imports its types only, which cost nothing.
 */
import { type Static } from '@sinclair/typebox';
export declare const TaskJsonSchema: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
    name: import("@sinclair/typebox").TString;
    step: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    queue: import("@sinclair/typebox").TString;
    state: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"blocked" | "scheduled" | "pending" | "running" | "waiting" | "retrying" | "succeeded" | "failed" | "cancelled" | "skipped">[]>;
    attempt: import("@sinclair/typebox").TInteger;
    maxAttempts: import("@sinclair/typebox").TInteger;
    priority: import("@sinclair/typebox").TInteger;
    payload: import("@sinclair/typebox").TUnknown;
    result: import("@sinclair/typebox").TUnknown;
    error: import("@sinclair/typebox").TUnknown;
    progress: import("@sinclair/typebox").TUnknown;
    parentId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    runId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    key: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    tags: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    runAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    timeoutMs: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TInteger, import("@sinclair/typebox").TNull]>;
    workerId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    leaseExpiresAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    depsPending: import("@sinclair/typebox").TInteger;
    childrenPending: import("@sinclair/typebox").TInteger;
    createdAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    startedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    finishedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    updatedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
}>;
export type TaskJson = Static<typeof TaskJsonSchema>;
/** A task as handed to a worker: the task plus the lease that fences every later call. */
export declare const ClaimedTaskJsonSchema: import("@sinclair/typebox").TObject<{
    leaseToken: import("@sinclair/typebox").TInteger;
    leaseExpiresAt: import("@sinclair/typebox").TString;
    backoff: import("@sinclair/typebox").TUnknown;
    id: import("@sinclair/typebox").TString;
    name: import("@sinclair/typebox").TString;
    step: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    queue: import("@sinclair/typebox").TString;
    state: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"blocked" | "scheduled" | "pending" | "running" | "waiting" | "retrying" | "succeeded" | "failed" | "cancelled" | "skipped">[]>;
    attempt: import("@sinclair/typebox").TInteger;
    maxAttempts: import("@sinclair/typebox").TInteger;
    priority: import("@sinclair/typebox").TInteger;
    payload: import("@sinclair/typebox").TUnknown;
    result: import("@sinclair/typebox").TUnknown;
    error: import("@sinclair/typebox").TUnknown;
    progress: import("@sinclair/typebox").TUnknown;
    parentId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    runId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    key: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    tags: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    runAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    timeoutMs: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TInteger, import("@sinclair/typebox").TNull]>;
    workerId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    depsPending: import("@sinclair/typebox").TInteger;
    childrenPending: import("@sinclair/typebox").TInteger;
    createdAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    startedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    finishedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    updatedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
}>;
export type ClaimedTaskJson = Static<typeof ClaimedTaskJsonSchema>;
export declare const EventJsonSchema: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
    taskId: import("@sinclair/typebox").TString;
    type: import("@sinclair/typebox").TString;
    at: import("@sinclair/typebox").TString;
    attempt: import("@sinclair/typebox").TInteger;
    workerId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    detail: import("@sinclair/typebox").TUnknown;
}>;
export type EventJson = Static<typeof EventJsonSchema>;
export declare const RunJsonSchema: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
    name: import("@sinclair/typebox").TString;
    state: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"running" | "succeeded" | "failed" | "cancelled">[]>;
    spec: import("@sinclair/typebox").TUnknown;
    inputs: import("@sinclair/typebox").TUnknown;
    outputs: import("@sinclair/typebox").TUnknown;
    error: import("@sinclair/typebox").TUnknown;
    trigger: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    createdAt: import("@sinclair/typebox").TString;
    finishedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    updatedAt: import("@sinclair/typebox").TString;
}>;
export type RunJson = Static<typeof RunJsonSchema>;
export declare const LogLineJsonSchema: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
    attempt: import("@sinclair/typebox").TInteger;
    at: import("@sinclair/typebox").TString;
    stream: import("@sinclair/typebox").TString;
    text: import("@sinclair/typebox").TString;
}>;
export type LogLineJson = Static<typeof LogLineJsonSchema>;
