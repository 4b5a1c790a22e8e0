import { EventEmitter } from 'node:events';
import type { LocalProviderConfig } from '../config.js';
import { type Provider, type ProviderContext, type ProviderWorker, type ScaleRequest } from '../provider.js';
export interface LocalProviderEvents {
    started: [id: string, pid: number];
    exited: [id: string, code: number | null, signal: string | null, expected: boolean];
}
export declare class LocalProvider extends EventEmitter<LocalProviderEvents> implements Provider {
    private readonly cfg;
    private readonly ctx;
    readonly type = "local";
    private target;
    private readonly workers;
    private seq;
    private restartTimer;
    private restartDelayMs;
    private closed;
    private outFd;
    constructor(cfg: LocalProviderConfig, ctx: ProviderContext);
    list(): Promise<ProviderWorker[]>;
    scale(r: ScaleRequest): Promise<ProviderWorker[]>;
    /** Stops every worker gracefully and waits for them to exit. */
    release(): Promise<void>;
    close(): Promise<void>;
    private reconcile;
    private start;
    private stop;
    private exited;
    private fileFd;
}
/**
 * The command line with its placeholders filled; a first word `taskframe` runs this very
 * taskframe (this Node, this CLI), so the workers are the autoscaler's own version.
 */
export declare function expandCommand(command: string[], values: Record<string, string>): string[];
