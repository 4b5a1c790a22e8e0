/**
 * Reloading a running process's settings: on SIGHUP, or when the config file changes. The
 * configuration is read again whole (a bad one is refused and the process keeps its settings);
 * settings marked live in the schema take effect through the 'reloaded' event, and every other
 * changed setting is reported as needing a restart (the process keeps running with its old value).
 * Tests call reload() directly.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { changesOf, isStructured } from './fields.js';
import { valueAt } from './load.js';
import { keyOf } from './problem.js';
import { allSettings } from './settings.js';
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
function setAt(values, path, value) {
    let node = values;
    for (const p of path.slice(0, -1))
        node = (node[p] ??= {});
    const last = path[path.length - 1];
    if (value === undefined)
        delete node[last];
    else
        node[last] = value;
}
/** Whether the object that would hold this path exists. */
function holds(values, path) {
    let node = values;
    for (const p of path.slice(0, -1)) {
        if (node === null || typeof node !== 'object')
            return false;
        node = node[p];
    }
    return node !== null && typeof node === 'object';
}
export class ConfigReloader extends EventEmitter {
    load;
    options;
    config;
    watcher = null;
    timer = null;
    lastText = null;
    onHangup = () => void this.reload('SIGHUP');
    constructor(load, initial, options = {}) {
        super();
        this.load = load;
        this.options = options;
        this.config = initial;
        this.lastText = this.readFile();
    }
    /** The settings in effect: live ones as last reloaded, the others as the process started. */
    get current() {
        return this.config;
    }
    start() {
        process.on('SIGHUP', this.onHangup);
        const file = this.config.file;
        if (file && this.options.watch !== false) {
            try {
                // The folder, not the file: editors and deploy tools replace the file by renaming.
                this.watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
                    if (name === null || name === path.basename(file))
                        this.fileChanged();
                });
                this.watcher.on('error', (err) => this.emitError(err));
            }
            catch (err) {
                this.emitError(err);
            }
        }
        return this;
    }
    stop() {
        process.off('SIGHUP', this.onHangup);
        this.watcher?.close();
        this.watcher = null;
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
    }
    /** Reads the configuration again; null (and an 'error' event) when it is refused. */
    reload(trigger = 'call') {
        let next;
        try {
            this.lastText = this.readFile();
            next = this.load();
        }
        catch (err) {
            this.emitError(err);
            return null;
        }
        const report = { trigger, applied: [], needsRestart: [] };
        const values = structuredClone(this.config.values);
        const sources = new Map(this.config.sources);
        for (const s of allSettings()) {
            const from = valueAt(this.config.values, s.key);
            const to = valueAt(next.values, s.key);
            if (same(from, to))
                continue;
            // A structured setting changes field by field (a group's policy live, its provider not).
            const changes = isStructured(s) ? changesOf(s.schema, from, to, s.path, s.doc.reload) : [{ path: s.path, schema: s.schema, from, to, reload: s.doc.reload }];
            for (const c of changes) {
                const key = keyOf(c.path);
                const source = next.sources.get(key) ?? next.sources.get(s.key) ?? { kind: 'default' };
                const change = { key, schema: c.schema, from: c.from, to: c.to, source };
                // A live field of a section or item the process did not start with has nothing to apply to.
                if (c.reload === 'live' && holds(values, c.path)) {
                    setAt(values, c.path, structuredClone(c.to));
                    if (c.to === undefined)
                        sources.delete(key);
                    else
                        sources.set(key, source);
                    report.applied.push(change);
                }
                else {
                    report.needsRestart.push(change);
                }
            }
        }
        this.config = { values, sources, file: this.config.file, warnings: next.warnings };
        this.emit('reloaded', report, this.config);
        return report;
    }
    fileChanged() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.timer = null;
            // Touched but not changed (or our own read): nothing to do.
            if (this.readFile() === this.lastText)
                return;
            this.reload('file');
        }, this.options.settleMs ?? 100);
        this.timer.unref();
    }
    readFile() {
        try {
            return this.config.file ? fs.readFileSync(this.config.file, 'utf8') : null;
        }
        catch {
            return null;
        }
    }
    emitError(err) {
        if (this.listenerCount('error') > 0)
            this.emit('error', err);
    }
}
//# sourceMappingURL=reload.js.map