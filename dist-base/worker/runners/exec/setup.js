/**
 * A unit's set-up steps (installing its dependencies) run once per machine per unit version
 * (the content hash of the unit file), into a per-unit folder given to every step and every
 * task as TASKFRAME_SETUP_DIR. Concurrent tasks wait for the one set-up in progress: in this
 * process through a shared promise, across processes through a lock file. A finished set-up
 * leaves a `.done` marker; a failed one leaves none, so the next task tries again. The output of
 * every step is kept in `setup.log` in the folder and in the log of the task that ran it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeExit } from './errors.js';
import { runProcess } from './run-process.js';
export class SetupFailedError extends Error {
    code = 'SETUP_FAILED';
    constructor(message) {
        super(message);
        this.name = 'SetupFailedError';
    }
}
export class SetupManager {
    stateDir;
    inProcess = new Map();
    finished = new Set();
    /** How many set-ups this process actually ran (tests and metrics read it). */
    runs = 0;
    constructor(stateDir) {
        this.stateDir = stateDir;
    }
    dirs = new WeakMap();
    dirFor(unit) {
        let d = this.dirs.get(unit);
        if (d === undefined)
            this.dirs.set(unit, (d = path.join(this.stateDir, `${unit.name}-${unit.version}`)));
        return d;
    }
    /** The set-up folder if set-up already finished in this process, else null (a fast-path check). */
    readyDir(unit) {
        const d = this.dirFor(unit);
        return this.finished.has(d) ? d : null;
    }
    /** The unit's set-up folder, after its set-up has run (here or in another process). */
    ensure(unit, ctx) {
        const dir = this.dirFor(unit);
        let p = this.inProcess.get(dir);
        if (p) {
            if (!this.finished.has(dir))
                ctx.log(`set-up of unit ${unit.name} (version ${unit.version}) is in progress; waiting for it`);
            return p;
        }
        if (unit.setup.length === 0) {
            // Nothing to install: make the folder once and remember it (this is on every task's path).
            // Ready at once: there is no set-up for a concurrent task to wait for.
            fs.mkdirSync(dir, { recursive: true });
            this.finished.add(dir);
            p = Promise.resolve(dir);
        }
        else
            p = this.runLocked(unit, dir, ctx);
        this.inProcess.set(dir, p);
        p.then(() => this.finished.add(dir), () => this.inProcess.delete(dir));
        return p;
    }
    async runLocked(unit, dir, ctx) {
        fs.mkdirSync(dir, { recursive: true });
        const done = path.join(dir, '.done');
        const lock = path.join(dir, '.lock');
        for (;;) {
            if (fs.existsSync(done))
                return dir;
            let fd;
            try {
                fd = fs.openSync(lock, 'wx');
            }
            catch {
                // Another process holds the lock; take it over only if that process is gone.
                const holder = Number(readOr(lock, '0'));
                if (holder > 0 && !alive(holder))
                    fs.rmSync(lock, { force: true });
                else
                    await new Promise((r) => setTimeout(r, 50));
                continue;
            }
            fs.writeSync(fd, String(process.pid));
            fs.closeSync(fd);
            try {
                if (fs.existsSync(done))
                    return dir;
                await this.runSteps(unit, dir, ctx);
                fs.writeFileSync(done, new Date().toISOString());
                return dir;
            }
            finally {
                fs.rmSync(lock, { force: true });
            }
        }
    }
    async runSteps(unit, dir, ctx) {
        this.runs++;
        const logFile = path.join(dir, 'setup.log');
        const append = (line) => {
            fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
            ctx.log(line);
        };
        for (const step of unit.setup) {
            append(`[setup ${step.name}] running ${step.argv.join(' ')}`);
            let out = '';
            const x = await runProcess({
                argv: [step.text],
                shell: true,
                cwd: unit.dir,
                env: { ...ctx.env(), TASKFRAME_SETUP_DIR: dir },
                signal: ctx.signal,
                onOutput: (_s, t) => {
                    out += t;
                    for (const l of t.split('\n'))
                        if (l)
                            append(`[setup ${step.name}] ${l}`);
                },
            });
            if (x.reason !== 'exit' || x.exitCode !== 0) {
                append(`[setup ${step.name}] failed`);
                throw new SetupFailedError(describeExit(`set-up step "${step.name}" of unit ${unit.name}`, { ...x, stderrTail: out.slice(-2000) }));
            }
        }
    }
}
/** A program written as ./x or ../x is relative to the unit's directory. */
export function resolveProgram(argv, unitDir) {
    const p = argv[0];
    if (p.startsWith('./') || p.startsWith('../'))
        return [path.resolve(unitDir, p), ...argv.slice(1)];
    return argv;
}
function readOr(file, fallback) {
    try {
        return fs.readFileSync(file, 'utf8');
    }
    catch {
        return fallback;
    }
}
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
//# sourceMappingURL=setup.js.map