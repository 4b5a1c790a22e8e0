/**
 * The long-lived runner protocol (docs/runner-protocol.md), version 1: JSON lines, one object
 * per line, string `type` on every message.
 *
 * runner -> worker, once at start:  {"type":"ready","protocol":1}
 * worker -> runner:                 {"type":"task","id":ID,"name":N,"attempt":A,"runId":R,"payload":P}
 *                                   {"type":"cancel","id":ID}
 * runner -> worker, for a task:     {"type":"result","id":ID,"result":ANY}
 *                                   {"type":"error","id":ID,"error":{"message":S,"retryable":B}}
 *                                   {"type":"progress","id":ID,"progress":ANY}
 *                                   {"type":"spawn","id":ID,"spawn":[{"name":N,"payload":P,…}]}
 *                                   {"type":"log","id":ID,"text":S}
 * The worker closes the runner's stdin to ask it to exit.
 */
import type { Json } from '../../../model/task.js';
import type { BatchSpec } from '../../../model/spec.js';
export declare const PROTOCOL_VERSION = 1;
export interface TaskMessage {
    type: 'task';
    id: string;
    name: string;
    attempt: number;
    runId: string | null;
    payload: Json;
}
export type RunnerMessage = {
    type: 'ready';
    protocol: number;
} | {
    type: 'result';
    id: string;
    result?: Json;
} | {
    type: 'error';
    id: string;
    error: {
        message: string;
        retryable?: boolean;
        [k: string]: Json | undefined;
    };
} | {
    type: 'progress';
    id: string;
    progress: Json;
} | {
    type: 'spawn';
    id: string;
    spawn: BatchSpec[];
} | {
    type: 'log';
    id: string;
    text: string;
};
/** Parses one line from a runner; a string is the reason the line breaks the protocol. */
export declare function parseRunnerLine(line: string): RunnerMessage | string;
