/**
 * One internal UnitSpec, built from the entries of either format. Every key is known here
 * (sections and keys match case-insensitively); an unknown section or key, a bad value or a
 * missing command is a ValidationError naming the file and line, and nothing is built.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ValidationError } from '../model/errors.js';
import { MAX_TIMER_MS, parseDuration } from '../model/duration.js';
import { parseFlowKey, parseRate, validateLimit } from '../model/flow.js';
import { LIMITS, validateName } from '../model/spec.js';
import { cronProblem, parseEvery, timezoneProblem } from '../model/schedule.js';
import { where } from './entries.js';
import { parseBool, parseSize, splitWords } from './words.js';
export const UNIT_DEFAULTS = { killGraceMs: 5_000, logLimitBytes: 1_048_576, runnerProcesses: 1, runnerConcurrency: 64 };
const str = (e) => (Array.isArray(e.value) ? e.value.join(' ') : e.value);
const words = (e) => {
    if (Array.isArray(e.value))
        return e.value;
    try {
        return splitWords(e.value);
    }
    catch (err) {
        throw new ValidationError(where(e), err.message);
    }
};
const list = (e) => (Array.isArray(e.value) ? e.value : e.value.split(/[\s,]+/).filter(Boolean));
function wrap(e, fn) {
    try {
        return fn();
    }
    catch (err) {
        if (err instanceof ValidationError)
            throw new ValidationError(where(e), err.message.replace(/^[^:]*: /, ''));
        throw new ValidationError(where(e), `${e.section}.${e.key}: ${err.message}`);
    }
}
const size = (e) => wrap(e, () => {
    const b = parseSize(str(e));
    return b === null ? null : { bytes: b, text: str(e).trim() };
});
const bool = (e) => wrap(e, () => parseBool(str(e)));
// MaxTime= and KillGrace= run timers: at most MAX_TIMER_MS (24d), or they would fire at once.
const duration = (e) => wrap(e, () => (/^(infinity|none)$/i.test(str(e).trim()) ? null : parseDuration(str(e), `${e.section}.${e.key}`, MAX_TIMER_MS)));
const posInt = (e, allowZero = false, max = Number.MAX_SAFE_INTEGER) => wrap(e, () => {
    const t = str(e).trim();
    if (!/^\d+$/.test(t) || (!allowZero && Number(t) === 0))
        throw new Error(`expected a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(t)}`);
    if (Number(t) > max)
        throw new Error(`expected an integer from ${allowZero ? 0 : 1} to ${max}, got ${JSON.stringify(t)}`);
    return Number(t);
});
/** Unit names in Requires=/After= may carry a systemd-style suffix: libpng.service is unit libpng. */
export const unitRef = (s) => s.replace(/\.(service|target|unit|ini|ya?ml)$/i, '');
/** Known sections and keys (lower-case) -> how each applies. A null map means free-form keys. */
const SECTIONS = {
    dependencies: {
        requires: (u, e) => dependencies(u, e, 'requires'),
        after: (u, e) => dependencies(u, e, 'after'),
    },
    service: {
        user: (u, e) => (u.user = str(e).trim()),
        group: (u, e) => (u.group = str(e).trim()),
        workingdirectory: (u, e) => (u.workingDirectory = str(e).trim()),
        // A task has at most LIMITS.maxAttemptsMax attempts: the first and this many retries.
        restart: (u, e) => (u.retries = /^(never|no)$/i.test(str(e).trim()) ? 0 : posInt(e, true, LIMITS.maxAttemptsMax - 1)),
        limitmem: (u, e) => (u.limitMem = size(e)),
        limitdisk: (u, e) => (u.limitDisk = size(e)),
        maxtime: (u, e) => (u.maxTimeMs = duration(e)),
        killgrace: (u, e) => (u.killGraceMs = duration(e) ?? 0),
        jail: (u, e) => (u.jail = bool(e)),
        network: (u, e) => (u.network = bool(e)),
        ratelimit: (u, e) => (u.flow.rate = (wrap(e, () => parseRate(str(e).trim(), `${e.section}.${e.key}`)), e)),
        concurrencylimit: (u, e) => (u.flow.concurrency = (posInt(e, false, 1_000_000), e)),
        limitkey: (u, e) => (u.flow.key = (wrap(e, () => parseFlowKey(str(e).trim(), `${e.section}.${e.key}`)), e)),
        loglimit: (u, e) => {
            const s = size(e);
            if (s === null)
                throw new ValidationError(where(e), 'LogLimit must be a size (captured output must be bounded)');
            u.logLimitBytes = s.bytes;
        },
    },
    command: {
        command: (u, e) => (u.command = words(e)),
        shell: (u, e) => (u.shell = bool(e)),
    },
    args: { args: (u, e) => u.args.push(...words(e)) },
    environment: null,
    checks: null,
    setup: null,
    runif: {
        requires: (u, e) => runIf(u).requires.push({ name: str(e).trim(), argv: nonEmpty(e, words(e)), text: str(e), at: where(e) }),
        cron: (u, e) => scheduleKey(u, e, 'cron'),
        every: (u, e) => scheduleKey(u, e, 'every'),
        timezone: (u, e) => scheduleKey(u, e, 'timezone'),
        overlap: (u, e) => scheduleKey(u, e, 'overlap'),
        catchup: (u, e) => scheduleKey(u, e, 'catchup'),
    },
    runner: {
        command: (u, e) => (u.runnerArgv = words(e)),
        processes: (u, e) => (u.runnerSet.processes = posInt(e)),
        concurrency: (u, e) => (u.runnerSet.concurrency = posInt(e)),
        recycleafter: (u, e) => (u.runnerSet.recycleAfter = posInt(e)),
    },
};
const FREE_FORM = {
    environment: (u, e) => {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key))
            throw new ValidationError(where(e), `invalid environment variable name "${e.key}"`);
        u.env[e.key] = str(e);
    },
    checks: (u, e) => u.checks.push({ name: e.key, argv: nonEmpty(e, words(e)), text: str(e), at: where(e) }),
    setup: (u, e) => u.setup.push({ name: e.key, argv: nonEmpty(e, words(e)), text: str(e), at: where(e) }),
};
const KNOWN_SECTIONS = 'Dependencies, Service, Checks, Setup, Environment, Args, Command, RunIf, Runner';
function dependencies(u, e, kind) {
    const names = list(e);
    if (names.length === 0)
        throw new ValidationError(where(e), `${e.key}= names no unit (write unit names, or remove the line)`);
    for (const written of names) {
        const name = unitRef(written);
        (kind === 'requires' ? u.requires : u.after).push(name);
        u.refs.push({ kind, name, written, at: where(e) });
    }
}
const runIf = (u) => (u.runIf ??= { requires: [], triggers: [], overlap: 'allow', catchup: 'skip' });
function scheduleKey(u, e, key) {
    const seen = u.schedule[key];
    if (seen)
        throw new ValidationError(where(e), `RunIf.${e.key} is given twice (first at line ${seen.line})`);
    u.schedule[key] = e;
    runIf(u);
}
/** [RunIf] cron=, every=, timezone=, overlap=, catchup= -> triggers, each problem at its line. */
function buildSchedule(u) {
    const s = u.schedule;
    if (!u.runIf)
        return;
    const value = (e) => str(e).trim();
    const tz = s.timezone ? value(s.timezone) : undefined;
    if (s.timezone) {
        if (!s.cron)
            throw new ValidationError(where(s.timezone), 'RunIf.timezone applies to cron= only, and this unit has no cron=');
        const p = timezoneProblem(tz);
        if (p)
            throw new ValidationError(where(s.timezone), p);
    }
    if (s.cron) {
        const p = cronProblem(value(s.cron), tz);
        if (p)
            throw new ValidationError(where(s.cron), p);
        u.runIf.triggers.push({ kind: 'cron', value: value(s.cron), ...(tz ? { timezone: tz } : {}), at: where(s.cron) });
    }
    if (s.every) {
        const every = parseEvery(value(s.every));
        if ('problem' in every)
            throw new ValidationError(where(s.every), every.problem);
        u.runIf.triggers.push({ kind: 'every', value: value(s.every), everyMs: every.ms, at: where(s.every) });
    }
    for (const key of ['overlap', 'catchup']) {
        const e = s[key];
        if (!e)
            continue;
        const allowed = key === 'overlap' ? ['allow', 'forbid'] : ['skip', 'once'];
        const v = value(e).toLowerCase();
        if (!allowed.includes(v))
            throw new ValidationError(where(e), `RunIf.${e.key} must be ${allowed.join(' or ')}, got ${JSON.stringify(value(e))}`);
        if (u.runIf.triggers.length === 0)
            throw new ValidationError(where(e), `RunIf.${e.key} applies to a schedule (cron= or every=), and this unit has none`);
        if (key === 'overlap')
            u.runIf.overlap = v;
        else
            u.runIf.catchup = v;
    }
}
/** [Service] RateLimit=, ConcurrencyLimit=, LimitKey= -> one rule on the unit's task name. */
function buildFlowLimit(u, name) {
    const { rate, concurrency, key } = u.flow;
    if (!rate && !concurrency) {
        if (key)
            throw new ValidationError(where(key), `${key.key}= splits a limit into buckets, and this unit has none: add RateLimit= and/or ConcurrencyLimit=`);
        return null;
    }
    const spec = {
        id: `unit:${name}`,
        name,
        ...(rate ? { rate: str(rate).trim() } : {}),
        ...(concurrency ? { concurrency: Number(str(concurrency).trim()) } : {}),
        ...(key ? { key: str(key).trim() } : {}),
    };
    const first = [rate, concurrency, key].filter((e) => e !== undefined).sort((a, b) => a.line - b.line)[0];
    // Each value was checked at its line; this catches what only the whole rule can say.
    wrap(first, () => validateLimit(spec, 0));
    return { spec, at: where(first) };
}
function nonEmpty(e, argv) {
    if (argv.length === 0)
        throw new ValidationError(where(e), `${e.section}.${e.key} is empty`);
    return argv;
}
export function buildUnit(p) {
    const name = validateName(p.name, `${p.file}: unit name`);
    // Every section header is checked, an empty one too, at the header itself.
    for (const sec of p.sections ?? []) {
        if (!(sec.name.toLowerCase() in SECTIONS))
            throw new ValidationError(where(sec), `unknown section [${sec.name}] (known: ${KNOWN_SECTIONS})`);
    }
    const u = {
        requires: [], after: [], refs: [], at: {}, argv: [], shell: false, env: {}, workingDirectory: null, user: null, group: null, retries: null,
        limitMem: null, limitDisk: null, maxTimeMs: null, killGraceMs: UNIT_DEFAULTS.killGraceMs, jail: false, network: true,
        logLimitBytes: UNIT_DEFAULTS.logLimitBytes, checks: [], setup: [], runIf: null, runner: null, command: null, args: [], runnerArgv: null, runnerSet: {}, schedule: {}, flow: {}, flowLimit: null,
    };
    let networkSet = false;
    for (const e of p.entries) {
        const sectionKey = e.section.toLowerCase();
        if (!(sectionKey in SECTIONS)) {
            throw new ValidationError(where(e), `unknown section [${e.section}] (known: ${KNOWN_SECTIONS})`);
        }
        const keys = SECTIONS[sectionKey];
        if (keys === null) {
            FREE_FORM[sectionKey](u, e);
            continue;
        }
        const apply = keys[e.key.toLowerCase()];
        if (!apply)
            throw new ValidationError(where(e), `unknown key "${e.key}" in [${e.section}] (known: ${Object.keys(keys).join(', ')})`);
        if (sectionKey === 'service' && e.key.toLowerCase() === 'network')
            networkSet = true;
        apply(u, e);
        // The last one written is the one that applies.
        u.at[`${sectionKey}.${e.key.toLowerCase()}`] = where(e);
    }
    buildSchedule(u);
    u.flowLimit = buildFlowLimit(u, name);
    // A jail has no network unless the unit asks for it; outside a jail the network is the host's.
    if (u.jail && !networkSet)
        u.network = false;
    if (u.runnerArgv) {
        u.runner = {
            argv: u.runnerArgv,
            processes: u.runnerSet.processes ?? UNIT_DEFAULTS.runnerProcesses,
            concurrency: u.runnerSet.concurrency ?? UNIT_DEFAULTS.runnerConcurrency,
            recycleAfter: u.runnerSet.recycleAfter ?? null,
        };
    }
    else if (Object.keys(u.runnerSet).length > 0) {
        throw new ValidationError(`${p.file}`, '[Runner] needs a Command');
    }
    if (!u.runner) {
        if (!u.command || u.command.length === 0) {
            throw new ValidationError(`${p.file}`, 'missing command: a unit needs [Command] command=... (or a [Runner] Command=...)');
        }
        u.argv = u.shell ? [[...u.command, ...u.args].join(' ')] : [...u.command, ...u.args];
    }
    else if (u.command) {
        throw new ValidationError(`${p.file}`, 'a unit has either [Command] or [Runner], not both');
    }
    const dir = path.dirname(path.resolve(p.file));
    const { command: _c, args: _a, runnerArgv: _r, runnerSet: _s, schedule: _sc, flow: _f, ...spec } = u;
    return { ...spec, name, file: p.file, dir, format: p.format, version: createHash('sha256').update(p.source).digest('hex').slice(0, 16) };
}
//# sourceMappingURL=spec.js.map