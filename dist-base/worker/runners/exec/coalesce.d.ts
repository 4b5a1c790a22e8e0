import type { Json } from '../../../model/task.js';
/**
 * A process may report progress far faster than it is worth writing: while one write is in
 * flight, only the latest value waits to be written next. Each call resolves once the write
 * carrying its value (or a later one) is done.
 */
export declare function coalesced(write: (v: Json) => Promise<unknown>): (v: Json) => Promise<unknown>;
