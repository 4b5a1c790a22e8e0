/**
 * The configuration's `flow:` section at process start (`taskframe server`, `taskframe worker`):
 * declared queues become known, then the rules are applied before the first claim. An upsert by
 * rule id that rewrites nothing when the store already holds the same rule; rules are never
 * removed from here (several processes with different files share one store).
 */
import type { Engine } from '../engine/engine.js';
import { type FlowSection } from '../config/flow-schema.js';
export declare function applyConfigFlow(engine: Engine, flow: FlowSection | undefined): Promise<void>;
