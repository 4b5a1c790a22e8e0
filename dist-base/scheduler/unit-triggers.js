/**
 * Units that start on their own. A unit's `[RunIf] cron=` / `every=` become triggers of the
 * TriggerScheduler (the one cron loop, with its leader lease, cursors, catch-up and overlap
 * rules). Each fire starts a run named `unit:NAME` holding one task of the unit, so
 * `taskframe runs`, `status run-…` and the run's trigger say what started it; on the worker,
 * the unit's `Requires=` conditions then decide whether it runs or ends `skipped`.
 *
 * Each unit has its own leader lease: a unit fires once however many workers serve it, and
 * workers serving different unit folders against one store never silence each other.
 */
import path from 'node:path';
import { DEFAULTS } from '../model/spec.js';
import { TriggerScheduler } from './triggers.js';
export const UNIT_RUN_PREFIX = 'unit:';
/** The one-task workflow a scheduled unit's runs are made of; null when the unit has no schedule. */
export function unitWorkflow(u, queue = DEFAULTS.queue) {
    const triggers = u.runIf?.triggers ?? [];
    if (triggers.length === 0)
        return null;
    const task = {
        id: u.name,
        kind: 'unit',
        name: u.name,
        payload: null,
        env: {},
        needs: [],
        queue,
        priority: 0,
        // The worker sets the attempts from Restart= anyway; starting with them saves it a write.
        maxAttempts: u.retries !== null ? u.retries + 1 : DEFAULTS.maxAttempts,
        timeoutMs: null,
        triggerRule: 'all_success',
        concurrency: null,
        readsNeeds: false,
        at: triggers[0].at,
    };
    return {
        name: `${UNIT_RUN_PREFIX}${u.name}`,
        file: path.resolve(u.file),
        dir: u.dir,
        inputs: {},
        failure: 'continue',
        onFailure: null,
        outputs: {},
        triggers,
        overlap: u.runIf.overlap,
        catchup: u.runIf.catchup,
        tasks: [task],
    };
}
/** A trigger scheduler for every unit with a schedule, or null when none has one. Call start(). */
export function scheduleUnits(engine, units, options) {
    const list = units instanceof Map ? [...units.values()] : units;
    const workflows = list.map((u) => unitWorkflow(u, options.queue)).filter((w) => w !== null);
    if (workflows.length === 0)
        return null;
    return new TriggerScheduler(engine, {
        holderId: options.holderId,
        workflows,
        leaderName: (wf) => `triggers:${wf.name}`,
        ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
        ...(options.leaderTtlMs !== undefined ? { leaderTtlMs: options.leaderTtlMs } : {}),
        ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
    });
}
//# sourceMappingURL=unit-triggers.js.map