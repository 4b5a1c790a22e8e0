import type { Engine } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import type { Workflow } from '../workflow/format.js';
import type { UnitSpec } from '../units/spec.js';
import { TriggerScheduler } from './triggers.js';
export declare const UNIT_RUN_PREFIX = "unit:";
/** The one-task workflow a scheduled unit's runs are made of; null when the unit has no schedule. */
export declare function unitWorkflow(u: UnitSpec, queue?: string): Workflow | null;
export interface ScheduleUnitsOptions {
    holderId: string;
    /** Queue the scheduled tasks go to (a queue the serving workers take from). */
    queue?: string;
    intervalMs?: number;
    leaderTtlMs?: number;
    graceMs?: number;
    logger?: Logger;
}
/** A trigger scheduler for every unit with a schedule, or null when none has one. Call start(). */
export declare function scheduleUnits(engine: Engine, units: Map<string, UnitSpec> | UnitSpec[], options: ScheduleUnitsOptions): TriggerScheduler | null;
