import type { CommandProviderConfig } from '../config.js';
import { type Provider, type ProviderContext, type ProviderWorker, type ScaleRequest } from '../provider.js';
export declare class CommandProvider implements Provider {
    private readonly cfg;
    private readonly ctx;
    readonly type = "command";
    constructor(cfg: CommandProviderConfig, ctx: ProviderContext);
    list(): Promise<ProviderWorker[]>;
    scale(r: ScaleRequest): Promise<ProviderWorker[]>;
    release(): Promise<void>;
    close(): Promise<void>;
    private call;
    private runOnce;
}
/** Checks the command's answer: {"workers":[{"id":"…","state":"running"},…]}. */
export declare function parseAnswer(stdout: string): ProviderWorker[];
