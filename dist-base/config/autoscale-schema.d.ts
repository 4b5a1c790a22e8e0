/**
 * The `autoscale:` section of the configuration: groups of queues, each with its workers'
 * provider and the policy that decides how many of them run. `taskframe autoscale` reads it
 * (src/autoscale/config.ts turns it into the autoscaler's options); every other command only
 * checks it, like every other section.
 *
 * What reloads live: a group's `policy` (targets, bounds, cool-downs: the next decision uses the
 * new values) and `history`. What a group is — its name, queues, workers' concurrency and
 * provider — and the loop's timing need a restart; so does adding, removing or reordering groups.
 */
import { type Static } from '@sinclair/typebox';
import { type SubPath } from './problem.js';
export declare const autoscaleSection: import("@sinclair/typebox").TObject<{
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
}>;
export type AutoscaleSection = Static<typeof autoscaleSection>;
/** The rules between autoscale settings that the schema cannot say field by field. */
export declare function checkAutoscale(a: AutoscaleSection | undefined, at?: SubPath): void;
