export interface MemoryCgroup {
    /** File the wrapper writes its pid to. */
    procsFile: string;
    /** True when the kernel killed something in the cgroup for memory. */
    oomKilled(): boolean;
    /** Kills anything left in the cgroup and removes it. */
    remove(): Promise<void>;
}
type Flavour = {
    kind: 'v2';
    root: string;
} | {
    kind: 'v1';
    root: string;
} | {
    kind: 'none';
    why: string;
};
/** `auto`: a cgroup when this process may create one, else RLIMIT_AS; `rlimit`: always RLIMIT_AS. */
export type MemoryLimiter = 'auto' | 'rlimit';
/** Chooses how memory limits are enforced for executables started from now on (worker.memoryLimiter). */
export declare function setMemoryLimiter(kind: MemoryLimiter): void;
/** Finds a cgroup hierarchy this process may create memory-limited groups in (cached). */
export declare function detectCgroups(): Flavour;
export declare function cgroupSupport(): string;
/** A fresh cgroup limited to `bytes`, or null when cgroups are unavailable (use RLIMIT_AS). */
export declare function createMemoryCgroup(name: string, bytes: number): MemoryCgroup | null;
export {};
