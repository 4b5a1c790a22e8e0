/**
 * The `keda` provider runs nothing: the decisions are recorded, and KEDA's metrics-api scaler
 * reads the desired count from `taskframe server` (GET /v1/autoscale/keda?group=NAME) and sets
 * the replicas of a Deployment (ScaledObject) or starts Jobs (ScaledJob). See docs/autoscale.md.
 */
import type { Provider, ProviderWorker } from '../provider.js';
export declare class KedaProvider implements Provider {
    readonly type = "keda";
    list(): Promise<ProviderWorker[] | null>;
    scale(): Promise<ProviderWorker[] | null>;
    release(): Promise<void>;
    close(): Promise<void>;
}
