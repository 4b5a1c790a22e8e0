/**
 * The canvas: compose tasks in TypeScript with the vocabulary users know from Celery and
 * machinery — signatures, chain, group, chord, on-success and on-error callbacks — and get a
 * handle whose result can be awaited. A canvas compiles to the same graph as a YAML workflow,
 * so it runs level by level, has a run with a state, and shows in `taskframe runs`.
 *
 *   const handle = await submitCanvas(engine, chain(sig('fetch', { url }), group(sig('a'), sig('b')), sig('combine')));
 *   const combined = await handle.result();
 *
 * Results flow: a signature made without a payload receives what came before it (the previous
 * result; after a group, the list of its results in order). A signature made with a payload
 * keeps it (Celery's immutable `si`).
 */
import type { Engine } from '../engine/engine.js';
import { TaskframeError } from '../model/errors.js';
import { type EnqueueOptions } from '../model/spec.js';
import type { Json } from '../model/task.js';
import type { Run } from '../model/run.js';
import type { Workflow } from './format.js';
type CallbackOwner = {
    successCallbacks: Signature[];
    errorCallbacks: Signature[];
};
declare abstract class Node implements CallbackOwner {
    successCallbacks: Signature[];
    errorCallbacks: Signature[];
    /** Runs `s` with this step's result once it has succeeded. */
    onSuccess(s: Signature): this;
    /** Runs `s` with the error(s) if this step fails (for a chain or group: any of its tasks). */
    onError(s: Signature): this;
}
export type SignatureOptions = Pick<EnqueueOptions, 'queue' | 'priority' | 'maxAttempts' | 'backoff' | 'timeout'>;
export declare class Signature extends Node {
    readonly name: string;
    readonly payload: Json | undefined;
    readonly options: SignatureOptions;
    constructor(name: string, payload: Json | undefined, options: SignatureOptions);
}
export declare class Chain extends Node {
    readonly steps: CanvasNode[];
    constructor(steps: CanvasNode[]);
}
export declare class Group extends Node {
    readonly members: CanvasNode[];
    constructor(members: CanvasNode[]);
}
export type CanvasNode = Signature | Chain | Group;
/** A task to run: handler name, payload (omit it to receive the previous result), options. */
export declare function sig(name: string, payload?: unknown, options?: SignatureOptions): Signature;
/** One after another, each receiving the previous result. */
export declare function chain(...steps: CanvasNode[]): Chain;
/** All at once; the result is the list of member results, in order. */
export declare function group(...members: CanvasNode[]): Group;
/** A group, then a callback that receives every result in order. */
export declare function chord(header: Group | CanvasNode[], callback: Signature): Chain;
export interface CanvasHandle {
    run: Run;
    /** Resolves with the canvas's final result; rejects with the run's error if it failed. */
    result(options?: {
        signal?: AbortSignal;
        intervalMs?: number;
    }): Promise<Json>;
}
export declare class CanvasFailedError extends TaskframeError {
    constructor(run: Run);
}
export declare function submitCanvas(engine: Engine, node: CanvasNode, options?: {
    name?: string;
}): Promise<CanvasHandle>;
/**
 * Canvas -> workflow. Each signature becomes a task `s<N>`; what a step receives is an
 * expression over the tasks before it, resolved by the worker when the step starts.
 */
export declare function compileCanvas(root: CanvasNode, name: string): Workflow;
export {};
