import { type Static, type TSchema } from '@sinclair/typebox';
import { type SettingDoc } from './kinds.js';
import type { SubPath } from './problem.js';
export type { Reload, SettingDoc } from './kinds.js';
export declare const ConfigSchema: import("@sinclair/typebox").TObject<{
    store: import("@sinclair/typebox").TObject<{
        url: import("@sinclair/typebox").TString;
        poolSize: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        schema: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        migrate: import("@sinclair/typebox").TBoolean;
        history: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"full" | "compact" | "none">[]>;
        sqliteWriterThread: import("@sinclair/typebox").TBoolean;
        sqliteCheckpointThread: import("@sinclair/typebox").TBoolean;
    }>;
    log: import("@sinclair/typebox").TObject<{
        level: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"error" | "trace" | "debug" | "info" | "warn" | "fatal" | "silent">[]>>;
        format: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"auto" | "json" | "pretty">[]>;
    }>;
    worker: import("@sinclair/typebox").TObject<{
        module: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        units: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        concurrency: import("@sinclair/typebox").TInteger;
        prefetch: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        queues: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
        lease: import("@sinclair/typebox").TInteger;
        poll: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        grace: import("@sinclair/typebox").TInteger;
        drain: import("@sinclair/typebox").TBoolean;
        maintenance: import("@sinclair/typebox").TBoolean;
        schedule: import("@sinclair/typebox").TBoolean;
        id: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        stateDir: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        inheritEnv: import("@sinclair/typebox").TBoolean;
        orphanGuard: import("@sinclair/typebox").TBoolean;
        memoryLimiter: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"auto" | "rlimit">[]>;
    }>;
    maintenance: import("@sinclair/typebox").TObject<{
        retention: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    }>;
    server: import("@sinclair/typebox").TObject<{
        host: import("@sinclair/typebox").TString;
        port: import("@sinclair/typebox").TInteger;
        bodyLimit: import("@sinclair/typebox").TInteger;
        maintenance: import("@sinclair/typebox").TBoolean;
        tokens: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
            name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            scopes: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"admin">, import("@sinclair/typebox").TLiteral<"producer">, import("@sinclair/typebox").TLiteral<"worker">]>>>;
            token: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            tokenFile: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            tokenEnv: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        }>>>;
        tokensFile: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        tokenList: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    }>;
    scheduler: import("@sinclair/typebox").TObject<{
        workflows: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
        units: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        interval: import("@sinclair/typebox").TInteger;
    }>;
    bridge: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        bus: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        in: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        out: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        events: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        dead: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        types: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
        queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        rules: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        rulesVia: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"store" | "bus">[]>>;
        name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        from: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"end" | "beginning">[]>>;
        maxBytes: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    }>>;
    autoscale: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        interval: import("@sinclair/typebox").TInteger;
        leaderTtl: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        history: import("@sinclair/typebox").TInteger;
        id: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        provider: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TObject<{
            type: import("@sinclair/typebox").TLiteral<"local">;
            command: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
            cwd: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            env: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TRecord<import("@sinclair/typebox").TString, import("@sinclair/typebox").TString>>;
            output: import("@sinclair/typebox").TString;
            stopTimeout: import("@sinclair/typebox").TInteger;
            restartBackoff: import("@sinclair/typebox").TInteger;
            restartBackoffMax: import("@sinclair/typebox").TInteger;
        }>, import("@sinclair/typebox").TObject<{
            type: import("@sinclair/typebox").TLiteral<"command">;
            command: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
            cwd: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            env: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TRecord<import("@sinclair/typebox").TString, import("@sinclair/typebox").TString>>;
            timeout: import("@sinclair/typebox").TInteger;
            retries: import("@sinclair/typebox").TInteger;
            backoff: import("@sinclair/typebox").TInteger;
            backoffMax: import("@sinclair/typebox").TInteger;
        }>, import("@sinclair/typebox").TObject<{
            type: import("@sinclair/typebox").TLiteral<"keda">;
        }>]>>;
        groups: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
            name: import("@sinclair/typebox").TString;
            queues: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>>;
            concurrency: import("@sinclair/typebox").TInteger;
            provider: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TObject<{
                type: import("@sinclair/typebox").TLiteral<"local">;
                command: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
                cwd: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
                env: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TRecord<import("@sinclair/typebox").TString, import("@sinclair/typebox").TString>>;
                output: import("@sinclair/typebox").TString;
                stopTimeout: import("@sinclair/typebox").TInteger;
                restartBackoff: import("@sinclair/typebox").TInteger;
                restartBackoffMax: import("@sinclair/typebox").TInteger;
            }>, import("@sinclair/typebox").TObject<{
                type: import("@sinclair/typebox").TLiteral<"command">;
                command: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
                cwd: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
                env: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TRecord<import("@sinclair/typebox").TString, import("@sinclair/typebox").TString>>;
                timeout: import("@sinclair/typebox").TInteger;
                retries: import("@sinclair/typebox").TInteger;
                backoff: import("@sinclair/typebox").TInteger;
                backoffMax: import("@sinclair/typebox").TInteger;
            }>, import("@sinclair/typebox").TObject<{
                type: import("@sinclair/typebox").TLiteral<"keda">;
            }>]>>;
            policy: import("@sinclair/typebox").TObject<{
                latencyTarget: import("@sinclair/typebox").TInteger;
                minWorkers: import("@sinclair/typebox").TInteger;
                maxWorkers: import("@sinclair/typebox").TInteger;
                utilization: import("@sinclair/typebox").TNumber;
                lookahead: import("@sinclair/typebox").TInteger;
                defaultServiceTime: import("@sinclair/typebox").TInteger;
                smoothing: import("@sinclair/typebox").TInteger;
                scaleUp: import("@sinclair/typebox").TObject<{
                    lateFactor: import("@sinclair/typebox").TNumber;
                    settle: import("@sinclair/typebox").TInteger;
                }>;
                scaleDown: import("@sinclair/typebox").TObject<{
                    cooldown: import("@sinclair/typebox").TInteger;
                    hysteresis: import("@sinclair/typebox").TNumber;
                    maxStep: import("@sinclair/typebox").TNumber;
                    idleBeforeZero: import("@sinclair/typebox").TInteger;
                }>;
            }>;
        }>>>;
    }>>;
    flow: import("@sinclair/typebox").TObject<{
        queues: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
        limits: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
            id: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            queue: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            name: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            key: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            rate: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            concurrency: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        }>>;
    }>;
    reload: import("@sinclair/typebox").TObject<{
        watch: import("@sinclair/typebox").TBoolean;
    }>;
}>;
export type TaskframeConfig = Static<typeof ConfigSchema>;
/**
 * Rules between the settings of a section that the schema cannot say field by field (min at most
 * max, a queue in one group). Each throws a Problem whose path starts at `at` (the section's key);
 * the loader names where the setting came from.
 */
export declare const SECTION_RULES: {
    [K in keyof TaskframeConfig]?: (section: TaskframeConfig[K], at: SubPath) => void;
};
/** The documentation of a setting's schema. */
export declare function settingDoc(schema: TSchema): SettingDoc & {
    default?: unknown;
};
