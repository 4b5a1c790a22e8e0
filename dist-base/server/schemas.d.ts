/**
 * Request and response schemas (TypeBox = JSON Schema). The same objects validate requests
 * (validation.ts) and become the OpenAPI document (@fastify/swagger), so the two cannot drift.
 * Limits mirror src/model/spec.ts; the engine validates again, so nothing unvalidated is stored.
 */
import { type TSchema } from '@sinclair/typebox';
export declare const MAX_PAGE = 1000;
export declare const MAX_BATCH = 10000;
export declare const TaskIdSchema: import("@sinclair/typebox").TString;
export declare const EnqueueBody: import("@sinclair/typebox").TObject<{
    name: import("@sinclair/typebox").TString;
    payload: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnknown>;
    queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    priority: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    delay: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    runAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    maxAttempts: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    backoff: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        kind: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"exponential">, import("@sinclair/typebox").TLiteral<"fibonacci">, import("@sinclair/typebox").TLiteral<"fixed">]>>;
        baseMs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        capMs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        jitter: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TNumber>;
    }>>;
    timeout: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    key: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    dedupKey: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    tags: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
    parentId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    runId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    dependsOn: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
    triggerRule: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"all_success" | "all_done" | "any_failed">[]>>;
    debounce: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        key: import("@sinclair/typebox").TString;
        window: import("@sinclair/typebox").TUnsafe<unknown>;
        keep: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"first">, import("@sinclair/typebox").TLiteral<"last">]>>;
        maxWait: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    }>>;
    throttle: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        key: import("@sinclair/typebox").TString;
        window: import("@sinclair/typebox").TUnsafe<unknown>;
        keep: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"first">, import("@sinclair/typebox").TLiteral<"last">]>>;
    }>>;
}>;
/** A task of a batch: the single enqueue's fields, and `after` (dependencies among the batch). */
export declare const EnqueueBatchItem: import("@sinclair/typebox").TObject<{
    after: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TInteger>>;
    name: import("@sinclair/typebox").TString;
    payload: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnknown>;
    queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    priority: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    delay: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    runAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    maxAttempts: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    backoff: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        kind: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"exponential">, import("@sinclair/typebox").TLiteral<"fibonacci">, import("@sinclair/typebox").TLiteral<"fixed">]>>;
        baseMs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        capMs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        jitter: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TNumber>;
    }>>;
    timeout: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    key: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    dedupKey: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    tags: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
    parentId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    runId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    dependsOn: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
    triggerRule: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"all_success" | "all_done" | "any_failed">[]>>;
    debounce: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        key: import("@sinclair/typebox").TString;
        window: import("@sinclair/typebox").TUnsafe<unknown>;
        keep: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"first">, import("@sinclair/typebox").TLiteral<"last">]>>;
        maxWait: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
    }>>;
    throttle: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        key: import("@sinclair/typebox").TString;
        window: import("@sinclair/typebox").TUnsafe<unknown>;
        keep: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"first">, import("@sinclair/typebox").TLiteral<"last">]>>;
    }>>;
}>;
export declare const EnqueueManyBody: import("@sinclair/typebox").TObject<{
    tasks: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        after: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TInteger>>;
        name: import("@sinclair/typebox").TString;
        payload: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnknown>;
        queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        priority: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        delay: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
        runAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
        maxAttempts: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        backoff: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
            kind: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"exponential">, import("@sinclair/typebox").TLiteral<"fibonacci">, import("@sinclair/typebox").TLiteral<"fixed">]>>;
            baseMs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
            capMs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
            jitter: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TNumber>;
        }>>;
        timeout: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
        key: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        dedupKey: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        tags: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
        parentId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        runId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        dependsOn: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
        triggerRule: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"all_success" | "all_done" | "any_failed">[]>>;
        debounce: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
            key: import("@sinclair/typebox").TString;
            window: import("@sinclair/typebox").TUnsafe<unknown>;
            keep: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"first">, import("@sinclair/typebox").TLiteral<"last">]>>;
            maxWait: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnsafe<unknown>>;
        }>>;
        throttle: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
            key: import("@sinclair/typebox").TString;
            window: import("@sinclair/typebox").TUnsafe<unknown>;
            keep: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"first">, import("@sinclair/typebox").TLiteral<"last">]>>;
        }>>;
    }>>;
}>;
export declare const ErrorSchema: import("@sinclair/typebox").TObject<{
    error: import("@sinclair/typebox").TObject<{
        code: import("@sinclair/typebox").TString;
        message: import("@sinclair/typebox").TString;
        field: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        context: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnknown>;
        requestId: import("@sinclair/typebox").TString;
    }>;
}>;
/** Shared schemas registered once with Fastify (referenced by $id). Task, event, run and log line shapes are model/json-schema.ts's. */
export declare const SHARED_SCHEMAS: TSchema[];
export declare const IdParams: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
}>;
export declare const RunIdParams: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
}>;
export declare const QueueParams: import("@sinclair/typebox").TObject<{
    queue: import("@sinclair/typebox").TString;
}>;
export declare const Limit: (def: number) => import("@sinclair/typebox").TInteger;
export declare const Cursor: import("@sinclair/typebox").TString;
export declare const TaskListQuery: import("@sinclair/typebox").TObject<{
    limit: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    cursor: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    scan: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    state: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    runId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    parentId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    tag: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    createdAfter: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    createdBefore: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    payload: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
}>;
/**
 * Spread into a route's schema: its body may be left out (no body, or an empty one, is taken as
 * `{}`), and the OpenAPI document says `requestBody.required: false` (app.ts does both).
 */
export declare const BODY_OPTIONAL_KEY = "x-body-optional";
export declare const OPTIONAL_BODY: {
    readonly "x-body-optional": true;
};
export declare const Ref: (id: string) => import("@sinclair/typebox").TRef<string>;
/** One task of a run's timeline (GET /v1/runs/{id}/timeline, the run stream). */
export declare const TimelineEntrySchema: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
    step: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    name: import("@sinclair/typebox").TString;
    state: import("@sinclair/typebox").TString;
    parentId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    attempt: import("@sinclair/typebox").TInteger;
    maxAttempts: import("@sinclair/typebox").TInteger;
    createdAt: import("@sinclair/typebox").TString;
    startedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    finishedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    resultPreview: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    error: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TObject<{
        message: import("@sinclair/typebox").TString;
        kind: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    }>, import("@sinclair/typebox").TNull]>;
    attempts: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        attempt: import("@sinclair/typebox").TInteger;
        startedAt: import("@sinclair/typebox").TString;
        endedAt: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
        outcome: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
        workerId: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TString, import("@sinclair/typebox").TNull]>;
    }>>;
}>;
/** Standard error responses every route may give. */
export declare function errorResponses(...codes: number[]): Record<number, TSchema>;
