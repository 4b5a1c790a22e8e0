export declare class OrphanGuard {
    private child;
    private stdin;
    private readonly groups;
    private readonly procs;
    private disabled;
    /** Marks this worker's processes (see the header); random, so no other worker's match. */
    private readonly token;
    constructor(enabled?: boolean);
    /** Turns the guard on or off for executables started from now on. */
    setEnabled(enabled: boolean): void;
    /** The guardian's pid (tests), or null when none runs. */
    get pid(): number | null;
    /**
     * Starts the guardian, if it is not running, before an executable is spawned. Started only at
     * the first registration, the guardian's own spawn (a Node process: milliseconds, far more on
     * a loaded machine) sat between the executable starting and its registration being written:
     * a worker killed in that gap left the executable running (seen in CI). With the guardian
     * spawned first, that gap is a synchronous pipe write.
     */
    prepare(): void;
    /** The environment for a process the worker is about to start: `env` with this worker's token. */
    environment(env?: NodeJS.ProcessEnv | Record<string, string>): Record<string, string>;
    /** A process group just started (its leader's pid, spawned with `detached: true`). */
    watchGroup(pid: number | undefined): void;
    /** A process that shares the worker's group (a long-lived runner): killed by pid. */
    watchProcess(pid: number | undefined): void;
    /** Its process exited: forget it (the guardian keeps a group while others of it live on). */
    release(pid: number | undefined): void;
    private send;
    private start;
}
/** One per worker process: every executable it starts registers here. */
export declare const orphanGuard: OrphanGuard;
