/**
 * Units as worker handlers: `unitHandlers(engine, units)` gives a HandlerMap with one handler
 * per unit (a task named after a unit runs it) and a `close()` that stops runner pools.
 * `taskframe worker --units DIR` uses `loadUnitHandlers`.
 *
 * One task of unit U: U's [RunIf] conditions decide first whether the task runs at all (no:
 * it ends `skipped`); then the units U Requires run, in topological order (one whose own
 * condition says no is left out), then U itself; for each: set-up (once per version), checks in
 * order, then the command (a process per task) or a call into the unit's long-lived runner pool. Output goes to the task's log for its
 * attempt; the result comes from the control channel (or the runner's answer).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NonRetryableError, SkipTask, ValidationError } from '../../model/errors.js';
import { LIMITS } from '../../model/spec.js';
import { createLogger } from '../../logger.js';
import { loadUnitDir } from '../../units/load.js';
import { runOrder } from '../../units/order.js';
import { CheckFailedError, ConditionError, describeExit, ExecError, explainStart } from './exec/errors.js';
import { findBwrap, probeJail } from './exec/jail.js';
import { baseEnvironment } from './exec/environment.js';
import { jailUnreachable, placeUnit, taskEnvironment } from './exec/placement.js';
import { LogCapture } from './exec/log-capture.js';
import { LogSink } from './exec/log-sink.js';
import { runProcess } from './exec/run-process.js';
import { spawnSubtasks } from './exec/subtasks.js';
import { runTaskProcess } from './exec/task-process.js';
import { resolveProgram, SetupManager } from './exec/setup.js';
import { resolveUser } from './exec/users.js';
import { RunnerPool } from './long-lived/pool.js';
import { RunnerTaskError } from './long-lived/runner-process.js';
export const defaultStateDir = () => path.join(os.tmpdir(), 'taskframe-units');
/**
 * What only this machine can tell about units: their users and groups exist, the working
 * directory and the programs written as paths (`./check.sh`) exist, and when a unit asks for a
 * jail, bubblewrap is installed, the jail's user can read the unit's directory and the state
 * directory, and a jail actually starts here (user namespaces may be turned off). Refused up
 * front, before any task is taken, each at the file:line of its setting. A unit with [Setup] or
 * Requires= may make its files before it runs, so for it the files are checked when a process
 * cannot start (explainStart).
 */
export function checkUnitsRunnable(units, stateDir = defaultStateDir()) {
    for (const u of units.values()) {
        const at = (key) => u.at[key] ?? u.file;
        // One setting at a time, so a message points at the line it is about.
        if (u.user !== null)
            resolveUser(u.user, null, at('service.user'));
        if (u.group !== null)
            resolveUser(null, u.group, at('service.group'));
        if (u.setup.length === 0 && u.requires.length === 0) {
            const missing = missingFiles(u);
            if (missing)
                throw new ValidationError(missing.at, missing.message);
        }
        if (!u.jail)
            continue;
        const jailAt = `${at('service.jail')}: Service.Jail`;
        if (!findBwrap())
            throw new ValidationError(jailAt, 'Jail=yes needs bubblewrap (bwrap) on this machine: install the Debian package "bubblewrap"');
        const unreachable = jailUnreachable(u, stateDir);
        if (unreachable)
            throw new ValidationError(jailAt, `${unreachable}; make it readable by others (chmod o+rx) or set User= to a user who can read it`);
        const failed = probeJail(placeUnit(u, u.dir, stateDir).jail);
        if (failed)
            throw new ValidationError(jailAt, `bubblewrap could not start a jail on this machine: ${failed}`);
    }
}
/** Files no jail may read although it sees their folder: the store's database, and every unit's definition (its [Environment] may hold secrets). */
function filesHiddenFromJails(engine, units) {
    return [...[...units.values()].map((u) => path.resolve(u.file)), ...engine.storeFiles];
}
/** The first of the unit's working directory and path-like programs that does not exist. */
function missingFiles(u) {
    if (u.workingDirectory !== null) {
        const wd = path.resolve(u.dir, u.workingDirectory);
        if (!isDirectory(wd))
            return { at: u.at['service.workingdirectory'] ?? u.file, message: `WorkingDirectory=${u.workingDirectory}: ${wd} ${fs.existsSync(wd) ? 'is not a directory' : 'does not exist'}` };
    }
    const programs = [
        ...u.checks.map((c) => ({ argv: c.argv, what: `check ${c.name}`, at: c.at })),
        ...(u.runIf?.requires ?? []).map((c) => ({ argv: c.argv, what: 'RunIf Requires=', at: c.at })),
        ...(u.runner ? [{ argv: u.runner.argv, what: 'Runner Command=', at: u.at['runner.command'] ?? u.file }] : []),
        ...(!u.runner && !u.shell ? [{ argv: u.argv, what: 'command=', at: u.at['command.command'] ?? u.file }] : []),
    ];
    for (const p of programs) {
        const program = resolveProgram(p.argv, u.dir)[0];
        if (program.includes('/') && !fs.existsSync(program))
            return { at: p.at, message: `${p.what}: no such file ${program}` };
    }
    return null;
}
function isDirectory(p) {
    try {
        return fs.statSync(p).isDirectory();
    }
    catch {
        return false;
    }
}
/** "WorkingDirectory= at FILE:LINE", for a message about a missing working directory. */
function cwdSetting(u) {
    return u.workingDirectory !== null ? `WorkingDirectory=${u.workingDirectory} at ${u.at['service.workingdirectory'] ?? u.file}` : undefined;
}
export function loadUnitHandlers(engine, dir, options = {}) {
    return unitHandlers(engine, loadUnitDir(dir), options);
}
export function unitHandlers(engine, units, options = {}) {
    const stateDir = options.stateDir ?? defaultStateDir();
    const setup = new SetupManager(stateDir);
    const pools = new Map();
    /** Jail work directories of runner pools, removed when the pools stop. */
    const poolCleanups = [];
    const log = options.logger ?? createLogger();
    const sink = new LogSink(engine.logs, undefined, undefined, (err) => log.warn({ err }, 'captured output could not be stored'));
    const baseEnv = baseEnvironment(options.inheritEnv ?? false);
    const hidden = filesHiddenFromJails(engine, units);
    /** A jailed process starts from the jail's environment, never the worker's. */
    const envFor = (u, ctx, setupDir, place) => taskEnvironment(place?.baseEnv ?? baseEnv, u, ctx, setupDir);
    const placeFor = (u, setupDir) => placeUnit(u, setupDir, stateDir, hidden);
    /** A check or condition: run like the unit (cwd, env, user, jail, time limit), output captured; returns its tail too. */
    const runGuard = async (argv, u, ctx, capture, env, place) => {
        let out = '';
        const program = resolveProgram(argv, u.dir);
        const x = await runProcess({
            argv: program,
            cwd: place.cwd,
            env,
            identity: place.identity,
            jail: place.jail,
            maxTimeMs: u.maxTimeMs,
            killGraceMs: u.killGraceMs,
            signal: ctx.signal,
            onOutput: (s, t) => {
                out = (out + t).slice(-4000);
                capture.write(s, t);
            },
        });
        return { x: explainStart(x, { argv: program, cwd: place.cwd, cwdSetting: cwdSetting(u) }), out };
    };
    const runChecks = async (u, ctx, capture, env, place) => {
        for (const check of u.checks) {
            capture.system(`[check ${check.name}] ${check.text}`);
            const { x, out } = await runGuard(check.argv, u, ctx, capture, env, place);
            if (x.reason !== 'exit' || x.exitCode !== 0)
                throw new CheckFailedError(u.name, check.name, x, out.slice(-2000));
        }
    };
    /**
     * [RunIf] Requires=: each condition runs like a check (after the unit's set-up, in its working
     * directory, with its environment, user and jail). All exit 0: null (run). The first other
     * exit: why not, for the task's error and audit trail. No answer at all: ConditionError.
     */
    const conditionsSayNo = async (u, ctx, capture) => {
        const conditions = u.runIf?.requires ?? [];
        if (conditions.length === 0)
            return null;
        const setupDir = await setup.ensure(u, { env: () => envFor(u, ctx, setup.dirFor(u)), log: (l) => capture.system(l), signal: ctx.signal });
        const place = placeFor(u, setupDir);
        try {
            const env = envFor(u, ctx, setupDir, place);
            for (const cond of conditions) {
                capture.system(`[run condition] ${cond.text}`);
                const { x, out } = await runGuard(cond.argv, u, ctx, capture, env, place);
                if (x.reason === 'exit' && x.exitCode === 0)
                    continue;
                if (x.reason !== 'exit' || x.exitCode === 126 || x.exitCode === 127)
                    throw new ConditionError(u.name, cond.text, x, out.slice(-2000));
                const said = out.trim().split('\n').at(-1)?.trim().slice(0, 300);
                return `run condition "${cond.text}" of unit ${u.name} said no (exit ${x.exitCode})${said ? `: ${said}` : ''}`;
            }
            return null;
        }
        finally {
            place.cleanup();
        }
    };
    const runCommand = async (u, payload, ctx, capture) => {
        const setupDir = await setup.ensure(u, { env: () => envFor(u, ctx, setup.dirFor(u)), log: (l) => capture.system(l), signal: ctx.signal });
        const place = placeFor(u, setupDir);
        try {
            const env = envFor(u, ctx, setupDir, place);
            await runChecks(u, ctx, capture, env, place);
            const argv = u.shell ? u.argv : resolveProgram(u.argv, u.dir);
            const { exit: ran, result } = await runTaskProcess(engine, ctx, capture, {
                argv,
                shell: u.shell,
                cwd: place.cwd,
                env,
                stdin: JSON.stringify(payload ?? null),
                identity: place.identity,
                limitMem: u.limitMem,
                limitDisk: u.limitDisk,
                maxTimeMs: u.maxTimeMs,
                killGraceMs: u.killGraceMs,
                jail: place.jail,
            }, { unit: u.name });
            const x = explainStart(ran, { argv, shell: u.shell, cwd: place.cwd, cwdSetting: cwdSetting(u) });
            if (x.reason === 'exit' && x.exitCode === 0)
                return result ?? null;
            capture.system(describeExit(`unit ${u.name}`, { ...x, stderrTail: '' }));
            throw new ExecError(describeExit(`unit ${u.name}`, x), x);
        }
        finally {
            place.cleanup();
        }
    };
    const poolFor = (u, setupDir) => {
        let pool = pools.get(u.name);
        if (pool)
            return pool;
        const runner = u.runner;
        const place = placeFor(u, setupDir);
        poolCleanups.push(place.cleanup);
        const spec = () => ({
            argv: resolveProgram(runner.argv, u.dir),
            cwd: place.cwd,
            env: { ...(place.baseEnv ?? baseEnv), ...u.env, TASKFRAME_UNIT: u.name, TASKFRAME_UNIT_DIR: u.dir, TASKFRAME_SETUP_DIR: setupDir, TASKFRAME_RUNNER_PROTOCOL: '1' },
            identity: place.identity,
            limitMem: u.limitMem,
            limitDisk: u.limitDisk,
            jail: place.jail,
        });
        pool = new RunnerPool(u.name, spec, {
            processes: runner.processes,
            concurrency: runner.concurrency,
            recycleAfter: runner.recycleAfter,
            readyTimeoutMs: options.runnerReadyTimeoutMs,
            onStderr: (t) => log.info({ unit: u.name, stderr: t.slice(0, 2000) }, 'runner stderr'),
            onEvent: (what, detail) => (what === 'exited' ? log.warn({ unit: u.name, detail }, 'runner exited') : log.info({ unit: u.name, detail }, `runner ${what}`)),
        });
        pools.set(u.name, pool);
        return pool;
    };
    const runOnRunner = async (u, payload, ctx, capture) => {
        const setupDir = await setup.ensure(u, { env: () => envFor(u, ctx, setup.dirFor(u)), log: (l) => capture.system(l), signal: ctx.signal });
        const waits = [];
        try {
            const v = await poolFor(u, setupDir).run({ type: 'task', id: ctx.task.id, name: ctx.task.name, attempt: ctx.attempt, runId: ctx.task.runId, payload: (payload ?? null) }, {
                onLog: (text) => capture.system(text),
                onProgress: (value) => waits.push(ctx.progress(value).catch(() => undefined)),
                onSpawn: (specs) => waits.push(spawnSubtasks(engine, ctx, capture, specs)),
            }, ctx.signal);
            await Promise.all(waits);
            return v;
        }
        catch (err) {
            if (err instanceof RunnerTaskError && !err.retryable)
                throw new NonRetryableError(err.message, { cause: err });
            throw err;
        }
    };
    /**
     * Restart= sets the attempts of every task of the unit, whatever it was enqueued with (the
     * enqueuer, e.g. `taskframe enqueue` or the HTTP API, need not know the unit): the stored
     * task is changed while this worker holds it, so the retry policy, an expired lease and
     * `status` all go by it. One write, on the first attempt of a task enqueued otherwise.
     */
    const attemptsOf = (unit) => (unit.retries === null ? null : Math.min(unit.retries + 1, LIMITS.maxAttemptsMax));
    const applyRestart = async (unit, ctx) => {
        const attempts = attemptsOf(unit);
        if (attempts === null || ctx.task.maxAttempts === attempts)
            return;
        await engine.setMaxAttempts({ id: ctx.task.id, leaseToken: ctx.task.leaseToken, maxAttempts: attempts });
        // The worker records this attempt's outcome from this very object.
        ctx.task.maxAttempts = attempts;
    };
    /**
     * The hot path of a plain runner unit once its pool runs and its set-up is done: no async
     * frames, and no log capture unless the runner writes a log line. Null: take the full path.
     */
    const runnerFast = (unit, payload, ctx) => {
        const pool = pools.get(unit.name);
        if (!pool || setup.readyDir(unit) === null)
            return null;
        const attempts = attemptsOf(unit);
        if (attempts !== null && ctx.task.maxAttempts !== attempts)
            return null;
        let capture = null;
        const cap = () => (capture ??= new LogCapture(sink, ctx.task.id, ctx.attempt, options.logLimitBytes ?? unit.logLimitBytes));
        let waits = null;
        const closeCapture = () => (capture ? capture.close() : undefined);
        return pool
            .run({ type: 'task', id: ctx.task.id, name: ctx.task.name, attempt: ctx.attempt, runId: ctx.task.runId, payload: (payload ?? null) }, {
            onLog: (text) => cap().system(text),
            onProgress: (value) => (waits ??= []).push(ctx.progress(value).catch(() => undefined)),
            onSpawn: (specs) => (waits ??= []).push(spawnSubtasks(engine, ctx, cap(), specs)),
        }, ctx.signal)
            .then(async (v) => {
            if (waits)
                await Promise.all(waits);
            await closeCapture();
            return v;
        }, async (err) => {
            await closeCapture();
            if (err instanceof RunnerTaskError && !err.retryable)
                throw new NonRetryableError(err.message, { cause: err });
            throw err;
        });
    };
    const handlerFor = (unit) => {
        const order = runOrder(units, unit.name);
        const simpleRunner = order.length === 1 && unit.runner !== null && unit.checks.length === 0 && !unit.runIf?.requires.length;
        return async (payload, ctx) => {
            if (simpleRunner) {
                const fast = runnerFast(unit, payload, ctx);
                if (fast)
                    return fast;
            }
            await applyRestart(unit, ctx);
            const capture = new LogCapture(sink, ctx.task.id, ctx.attempt, options.logLimitBytes ?? unit.logLimitBytes);
            try {
                if (simpleRunner)
                    return await runOnRunner(unit, payload, ctx, capture);
                // The task's own conditions first: when it need not run, neither need its requirements.
                const no = unit.runIf?.requires.length ? await conditionsSayNo(unit, ctx, capture) : null;
                if (no !== null) {
                    capture.system(`skipped: ${no}`);
                    throw new SkipTask(no);
                }
                let result = null;
                for (const name of order) {
                    const u = units.get(name);
                    if (name !== unit.name)
                        capture.system(`running required unit ${name}`);
                    try {
                        if (name !== unit.name && u.runIf?.requires.length) {
                            const notNeeded = await conditionsSayNo(u, ctx, capture);
                            if (notNeeded !== null) {
                                capture.system(`required unit ${name} not run: ${notNeeded}`);
                                continue;
                            }
                        }
                        if (u.runner) {
                            const place = placeFor(u, setup.dirFor(u));
                            await runChecks(u, ctx, capture, envFor(u, ctx, setup.dirFor(u), place), place);
                            result = await runOnRunner(u, payload, ctx, capture);
                        }
                        else
                            result = await runCommand(u, payload, ctx, capture);
                    }
                    catch (err) {
                        if (name !== unit.name)
                            err.message = `required unit ${name} failed: ${err.message}`;
                        throw err;
                    }
                }
                return result;
            }
            finally {
                await capture.close();
            }
        };
    };
    checkUnitsRunnable(units, stateDir);
    const handlers = {};
    for (const u of units.values())
        handlers[u.name] = handlerFor(u);
    return {
        handlers,
        units,
        setup,
        pools,
        close: async () => {
            await Promise.all([...pools.values()].map((p) => p.close()));
            pools.clear();
            for (const c of poolCleanups.splice(0))
                c();
        },
    };
}
//# sourceMappingURL=unit-handlers.js.map