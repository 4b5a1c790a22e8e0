import type { ExitInfo } from './errors.js';
import { type JailOptions } from './jail.js';
import { type MemoryCgroup } from './memory-limit.js';
export interface ProcessSpec {
    argv: string[];
    /** argv[0] is one shell line run by /bin/sh -c. */
    shell?: boolean;
    cwd: string;
    env: Record<string, string>;
    stdin?: string | null;
    identity?: {
        uid: number;
        gid: number;
    } | null;
    limitMem?: {
        bytes: number;
        text: string;
    } | null;
    limitDisk?: {
        bytes: number;
        text: string;
    } | null;
    maxTimeMs?: number | null;
    killGraceMs?: number;
    jail?: JailOptions | null;
    /** Aborting kills the process; a TaskTimeoutError reason counts as a time limit, anything else as a cancel. */
    signal?: AbortSignal;
    /** Open fd 3 for the control channel and call this with each line. */
    onControl?: (line: string) => void;
    onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}
export declare function buildArgv(spec: ProcessSpec, cgroup: MemoryCgroup | null): string[];
export declare function runProcess(spec: ProcessSpec): Promise<ExitInfo>;
