/**
 * The flow-control rules of a set of units, applied when a worker loads them: one rule per unit
 * that declares `[Service] RateLimit=` / `ConcurrencyLimit=` (id `unit:<name>`, scoped to the
 * unit's task name). Idempotent: an unchanged rule is not written again; the rule of a unit of
 * this set that no longer declares one is removed. Rules of other units are left alone.
 */
import type { Engine } from '../engine/engine.js';
import type { UnitSpec } from './spec.js';
export declare function unitLimitRules(units: ReadonlyMap<string, UnitSpec>): Array<{
    spec: NonNullable<UnitSpec['flowLimit']>['spec'];
    where: string;
}>;
export declare function applyUnitLimits(engine: Engine, units: ReadonlyMap<string, UnitSpec>, actor?: string): Promise<{
    set: import("../index.js").FlowLimit[];
    unchanged: import("../index.js").FlowLimit[];
    removed: string[];
}>;
