export type CollapseMode = 'debounce' | 'throttle';
export type CollapseKeep = 'first' | 'last';
/** As a user writes it (TypeScript, HTTP body, YAML). */
export interface CollapseOptions {
    key: string;
    /** "5s", 5000: the window (throttle) or the quiet period (debounce). */
    window: string | number;
    keep?: CollapseKeep;
}
export interface DebounceOptions extends CollapseOptions {
    /** Debounce only: run at most this long after the first enqueue, however many follow. */
    maxWait?: string | number;
}
/** Resolved, as the store sees it. */
export interface Collapse {
    mode: CollapseMode;
    key: string;
    windowMs: number;
    keep: CollapseKeep;
    /** Debounce only; null: no cap. */
    maxWaitMs: number | null;
}
export declare const COLLAPSE_KEY_MAX = 500;
export declare function resolveCollapse(mode: CollapseMode, value: unknown, field: string): Collapse;
/**
 * The run time of a debounced task enqueued again at `now`: a quiet period after this enqueue,
 * but no later than maxWait after the first (`openedAt`). Never earlier than it was.
 */
export declare function debouncedRunAt(c: Collapse, now: number, openedAt: number, current: number): number;
/** A key's open window as the store keeps it. */
export interface CollapseWindow {
    taskId: string;
    openedAt: number;
    until: number;
}
/**
 * What an enqueue with a debounce or throttle key does, given the key's window and the task it
 * names (null when that task is gone): `open` a new task and window, or `join` the existing
 * task — changing it (`change`) while it still waits to run. Both drivers follow this.
 */
export type CollapsePlan = {
    action: 'open';
} | {
    action: 'join';
    change: null | {
        replacePayload: boolean;
        runAt: number | null;
    };
};
export declare function planCollapse(c: Collapse, win: CollapseWindow | null, task: {
    state: string;
    runAt: number;
} | null, now: number): CollapsePlan;
/** The window a new task opens: a throttle's ends `window` from now; a debounce's with its task's start. */
export declare function openedWindow(c: Collapse, taskId: string, now: number, runAt: number): CollapseWindow;
/** The `debounced` event's detail on the task an enqueue joined. */
export declare function collapsedDetail(c: Collapse, changed: {
    replacePayload: boolean;
    runAt: number | null;
} | null): Record<string, string | number | boolean>;
