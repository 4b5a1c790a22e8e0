import { type BridgeConfig } from '../bus/bridge.js';
import { type LoadedConfig } from '../config/load.js';
import { type TokenConfig } from './auth.js';
export interface ServerConfig {
    host: string;
    port: number;
    db: string | undefined;
    tokens: TokenConfig[];
    bodyLimit?: number;
    /** Run maintenance (lease reaping, retention) under leader election; default true. */
    maintenance: boolean;
    retentionMs: number | null;
    logLevel: string;
    /** A bus bridge to run beside the API (see docs/bus.md), or null. */
    bridge: BridgeConfig | null;
    /** Workflow files whose triggers (cron, every, if, after) this server fires, as leader. */
    schedules: string[];
}
/** The server's settings from a loaded configuration; `schedules` adds workflow files (--schedule). */
export declare function serverConfig(loaded: LoadedConfig, env?: NodeJS.ProcessEnv, schedules?: string[]): ServerConfig;
/** Loads the configuration (a file, the environment, these flags) and takes the server's settings from it. */
export declare function loadServerConfig(flags: {
    config?: string;
    host?: string;
    port?: string | number;
    db?: string;
    schedule?: string[];
}, env?: NodeJS.ProcessEnv): ServerConfig;
