import type { TaskFilter } from '../engine/inspect.js';
import type { Taskframe } from '../taskframe.js';
export type BulkAction = 'retry' | 'cancel';
export interface BulkOptions {
    all?: boolean;
    limit?: string;
    queue?: string;
    name?: string;
    state?: string;
    json?: boolean;
}
export declare function hasBulkSelection(o: BulkOptions): boolean;
/** Checks the options before anything is read or changed; returns the filter and how many at most. */
export declare function bulkSelection(action: BulkAction, o: BulkOptions): {
    filter: TaskFilter;
    max: number;
};
/**
 * Acts page by page. A refused task still matches the filter, so a page that acts on nothing
 * new ends the loop (it would otherwise be offered the same refusals forever).
 */
export declare function runBulk(tf: Taskframe, action: BulkAction, sel: {
    filter: TaskFilter;
    max: number;
}, reason: string, json: boolean | undefined): Promise<void>;
