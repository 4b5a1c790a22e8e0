/**
 * Starts workflow runs from triggers: `cron` (5 or 6 fields, time zones), `every`, `if` (a RunIf
 * condition command polled at an interval, in this process: no task and no worker slot is held
 * between polls) and `after` (another workflow's run, or a task of that name, succeeded).
 *
 * Every process may run a TriggerScheduler; a leader lease makes exactly one of them fire (one
 * lease for all workflows by default; `leaderName` can give each workflow its own, so that
 * schedulers serving different sets, e.g. workers serving different unit folders, never
 * silence each other).
 * What was last handled is kept in store cursors (compare-and-set), so a new leader carries on
 * where the old one stopped. Time comes from the injected clock; tests call runOnce().
 *
 * `every: P` starts a run P after the previous start, never sooner: the time of the last start is
 * in the cursor, so this holds across restarts and leader changes too (a new leader whose clock
 * ticks at another phase would otherwise fire the old grid's next slot at once). A pass is made
 * at the moment the next one is due, not only at the regular tick, so the period is kept closely.
 *
 * After downtime (fire times that passed while no scheduler ran): `catchup: skip` drops them and
 * waits for the next one; `catchup: once` starts one run at once for all of them.
 * `overlap: forbid` skips a fire time while a run of the workflow is in progress: some task of
 * it other than its own bookkeeping (the task that records its end) is not finished. A run whose
 * work is over but whose end is not recorded yet (that task waits out its poll, or was held by a
 * scheduler that died and waits for its lease to expire) does not hold the next one back. A run
 * whose task was held by a worker that died is in progress: the task runs again once its lease
 * expires (at least once), and the next run waits for it.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Cron } from 'croner';
import { createLogger } from '../logger.js';
import { Periodic } from './periodic.js';
import { LIVE_STATES } from '../model/state.js';
import { isBookkeeping } from '../model/step.js';
import { submitWorkflow } from '../workflow/submit.js';
export const TRIGGER_LEADER = 'triggers';
export class TriggerScheduler extends EventEmitter {
    engine;
    options;
    intervalMs;
    leaderTtlMs;
    graceMs;
    check;
    log;
    loop;
    leaderName;
    /** Leader leases this scheduler holds now. */
    held = new Set();
    /** True when this scheduler holds a leader lease (any, with per-workflow leases). */
    isLeader = false;
    /** Earliest next `every` fire time seen in the current pass (an extra pass is made then). */
    nextDue = null;
    constructor(engine, options) {
        super();
        this.engine = engine;
        this.options = options;
        this.intervalMs = options.intervalMs ?? 1000;
        this.leaderTtlMs = options.leaderTtlMs ?? Math.max(3 * this.intervalMs, 5000);
        this.graceMs = options.graceMs ?? Math.max(2 * this.intervalMs, 5000);
        this.check = options.checkCondition ?? runCondition;
        this.leaderName = options.leaderName ?? (() => TRIGGER_LEADER);
        this.log = (options.logger ?? createLogger()).child({ component: 'triggers' });
        this.loop = new Periodic(this.intervalMs, () => this.runOnce(), (err) => {
            this.log.error({ err }, 'trigger pass failed');
            if (this.listenerCount('error') > 0)
                this.emit('error', err);
        });
    }
    start() {
        this.loop.start();
        return this;
    }
    async stop() {
        await this.loop.stop();
        await Promise.all([...this.held].map((name) => this.engine.leaders.resign(name, this.options.holderId).catch(() => undefined)));
        this.held.clear();
        this.isLeader = false;
    }
    /** One pass: if leader, handle every trigger that is due. Returns the runs started. */
    async runOnce() {
        const now = this.engine.clock.now();
        const byLeader = new Map();
        for (const wf of this.options.workflows) {
            const name = this.leaderName(wf);
            byLeader.set(name, [...(byLeader.get(name) ?? []), wf]);
        }
        const mine = [];
        for (const [name, wfs] of byLeader) {
            if (await this.engine.leaders.elect(name, this.options.holderId, this.leaderTtlMs)) {
                this.held.add(name);
                mine.push(...wfs);
            }
            else
                this.held.delete(name);
        }
        this.isLeader = this.held.size > 0;
        if (!this.isLeader)
            return [];
        const started = [];
        this.nextDue = null;
        await Promise.all(mine.flatMap((wf) => wf.triggers.map(async (t, i) => {
            try {
                started.push(...(await this.handle(wf, t, `trigger:${wf.name}:${i}:${t.kind}`, now)));
            }
            catch (err) {
                this.log.error({ err, workflow: wf.name, trigger: t.value }, 'trigger failed');
                this.emit('error', err);
            }
        })));
        // Due before the next regular pass: make one then, so a period is kept to the millisecond.
        if (this.nextDue !== null && this.nextDue - now < this.intervalMs)
            this.loop.passIn(this.nextDue - this.engine.clock.now());
        return started;
    }
    due(at) {
        if (this.nextDue === null || at < this.nextDue)
            this.nextDue = at;
    }
    async handle(wf, t, name, now) {
        const raw = await this.engine.cursors.get(name);
        const cursor = raw === null ? null : JSON.parse(raw);
        const save = async (next) => this.engine.cursors.compareAndSet(name, raw, JSON.stringify(next));
        // First sight of a trigger: start counting from now; history does not fire.
        if (cursor === null && t.kind !== 'if') {
            await save({ at: now });
            return [];
        }
        const last = cursor?.at ?? now;
        switch (t.kind) {
            case 'every': {
                const period = t.everyMs;
                if (now - last < period) {
                    this.due(last + period);
                    return [];
                }
                // The latest fire time of the period's grid from the last start; late by more than the
                // grace: missed in downtime.
                const slot = last + Math.floor((now - last) / period) * period;
                const missed = now - slot > this.graceMs;
                if (missed && wf.catchup === 'skip') {
                    if (await save({ at: slot }))
                        this.emit('skipped', wf, t, 'missed');
                    this.due(slot + period);
                    return [];
                }
                // Counted from the start itself, not the grid: the next one is a whole period later.
                if (!(await save({ at: now })))
                    return [];
                this.due(now + period);
                return this.fire(wf, t, `${t.kind}: ${t.value}`);
            }
            case 'cron': {
                const slot = latestSlot(t, last, now);
                if (slot === null)
                    return [];
                if (!(await save({ at: slot })))
                    return [];
                if (now - slot > this.graceMs && wf.catchup === 'skip') {
                    this.emit('skipped', wf, t, 'missed');
                    return [];
                }
                return this.fire(wf, t, `${t.kind}: ${t.value}`);
            }
            case 'if': {
                if (cursor !== null && now - last < t.intervalMs)
                    return [];
                if (!(await save({ at: now })))
                    return [];
                if (wf.overlap === 'forbid' && (await this.hasRunning(wf)))
                    return [];
                const ok = await this.check(t.value, wf.dir, t.intervalMs);
                this.emit('polled', wf, t, ok);
                return ok ? this.fire(wf, t, `if: ${t.value}`) : [];
            }
            case 'after': {
                const runs = (await this.engine.runs.list({ name: t.value, states: ['succeeded'], limit: 100 })).filter((r) => (r.finishedAt ?? 0) > last);
                const tasks = (await this.engine.list({ name: t.value, states: ['succeeded'], limit: 100 })).filter((x) => (x.finishedAt ?? 0) > last || ((x.finishedAt ?? 0) === last && cursor?.taskId !== undefined && Number(x.id) > Number(cursor.taskId)));
                if (runs.length === 0 && tasks.length === 0)
                    return [];
                const at = Math.max(last, ...runs.map((r) => r.finishedAt ?? 0), ...tasks.map((x) => x.finishedAt ?? 0));
                const lastTask = tasks.filter((x) => x.finishedAt === at).map((x) => x.id).sort((a, b) => Number(b) - Number(a))[0];
                if (!(await save({ at, ...(lastTask ? { taskId: lastTask } : {}) })))
                    return [];
                return this.fire(wf, t, `after: ${t.value}`);
            }
        }
    }
    /** A run of the workflow is in progress: one of its tasks, other than its bookkeeping, is not finished. */
    async hasRunning(wf) {
        for (const run of await this.engine.runs.list({ name: wf.name, states: ['running'], limit: 100 })) {
            // A run has at most two bookkeeping tasks: three live tasks hold one of its work if any.
            const live = await this.engine.list({ runId: run.id, states: [...LIVE_STATES], limit: 3 });
            if (live.some((t) => !isBookkeeping(t)))
                return true;
        }
        return false;
    }
    async fire(wf, t, trigger) {
        // A paused schedule (engine.flow.pause({ schedule })) lets its due times pass without a run;
        // resuming does not catch them up.
        if (await this.engine.flow.schedulePaused(wf.name)) {
            this.log.info({ workflow: wf.name, trigger }, 'schedule paused: no run started');
            this.emit('skipped', wf, t, 'paused');
            return [];
        }
        if (wf.overlap === 'forbid' && (await this.hasRunning(wf))) {
            this.emit('skipped', wf, t, 'overlap');
            return [];
        }
        const run = await submitWorkflow(this.engine, wf, { inputs: t.inputs ?? {}, trigger });
        this.log.info({ workflow: wf.name, run: run.id, trigger }, 'trigger started a run');
        this.emit('fired', run, wf, t);
        return [run];
    }
}
/** The latest fire time in (last, now], or null. */
export function latestSlot(t, last, now) {
    if (t.kind === 'every') {
        const n = Math.floor((now - last) / t.everyMs);
        return n >= 1 ? last + n * t.everyMs : null;
    }
    // UTC unless a zone is named: the leader that fires may move between machines, and their
    // local zones need not agree.
    const cron = new Cron(t.value, { paused: true, timezone: t.timezone ?? 'UTC' });
    let slot = null;
    let cursor = new Date(last);
    // Bounded walk: a per-second schedule after a long outage stops here and counts as missed.
    for (let i = 0; i < 100_000; i++) {
        const next = cron.nextRun(cursor);
        if (!next || next.getTime() > now)
            break;
        slot = next.getTime();
        cursor = next;
    }
    return slot;
}
/** `sh -c COMMAND`: true on exit 0. Killed after `timeoutMs`, which counts as false. */
export function runCondition(command, cwd, timeoutMs) {
    return new Promise((resolve) => {
        const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', () => (clearTimeout(timer), resolve(false)));
        child.on('close', (code) => (clearTimeout(timer), resolve(code === 0)));
    });
}
//# sourceMappingURL=triggers.js.map