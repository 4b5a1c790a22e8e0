/**
 * Task and run filters as the API takes them (query strings, or the `filter` of a bulk action),
 * checked and turned into the engine's filters. Each bad value is a 400 naming its field.
 */
import { type Static } from '@sinclair/typebox';
import type { RunFilter, TaskFilter } from '../engine/inspect.js';
import { type TaskState } from '../model/state.js';
export declare function parseStates(s: string | undefined, field?: string): TaskState[] | undefined;
export declare const PayloadFilter: import("@sinclair/typebox").TString;
export declare const ScanLimit: import("@sinclair/typebox").TInteger;
/** The task filters, as query keys (also the `filter` of a bulk action). */
export declare const TaskFilterFields: {
    state: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    runId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    parentId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    tag: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    createdAfter: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    createdBefore: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    payload: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
};
export declare const TaskFilterBody: import("@sinclair/typebox").TObject<{
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
export type TaskFilterInput = Static<typeof TaskFilterBody>;
export declare function taskFilter(q: TaskFilterInput, prefix?: string): TaskFilter;
export declare const RunFilterFields: {
    name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    state: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    createdAfter: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    createdBefore: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    inputs: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
};
export declare function runFilter(q: {
    name?: string;
    state?: string;
    createdAfter?: string;
    createdBefore?: string;
    inputs?: string;
}): RunFilter;
