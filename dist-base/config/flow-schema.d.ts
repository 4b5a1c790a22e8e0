/**
 * The `flow:` section of the configuration (docs/flow-control.md): queues declared as known
 * before any task reaches them, and limit rules applied when `taskframe server` or
 * `taskframe worker` starts (an idempotent upsert by rule id: an unchanged rule is not written
 * again; a rule removed from the file stays in the store until `taskframe limit rm`, since
 * processes with other configuration files share the store). Each rule is checked field by
 * field like the HTTP API checks it, and a bad one is named at its file:line before anything starts.
 */
import { type Static } from '@sinclair/typebox';
import { type SubPath } from './problem.js';
export declare const flowSection: import("@sinclair/typebox").TObject<{
    queues: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    limits: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        id: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        key: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        rate: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        concurrency: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    }>>;
}>;
export type FlowSection = Static<typeof flowSection>;
/** What the schema cannot say field by field: a parseable rate, a key naming something, a scope, a rate or a concurrency, unique ids. */
export declare function checkFlow(f: FlowSection | undefined, at?: SubPath): void;
/** The configuration's rules, as engine.flow.applyLimits takes them. */
export declare function configLimitRules(f: FlowSection): Array<{
    spec: FlowSection['limits'][number];
    where: string;
}>;
