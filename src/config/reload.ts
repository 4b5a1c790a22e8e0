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
import { valueAt, type LoadedConfig, type SettingSource } from './load.js';
import { keyOf, type SubPath } from './problem.js';
import type { TSchema } from '../vendor/typebox.js';
import { allSettings } from './settings.js';

export interface Change {
  /** The setting, or a field inside one: "worker.concurrency", "autoscale.groups[0].policy.maxWorkers". */
  key: string;
  /** The schema of what changed, with its documentation (for showing its values: changeText). */
  schema: TSchema;
  from: unknown;
  to: unknown;
  source: SettingSource;
}

export interface ReloadReport {
  trigger: 'SIGHUP' | 'file' | 'call';
  /** Live settings that changed: the 'reloaded' listener applies them. */
  applied: Change[];
  /** Changed settings that take effect only after a restart. */
  needsRestart: Change[];
}

export interface ConfigReloaderEvents {
  reloaded: [report: ReloadReport, config: LoadedConfig];
  error: [err: Error];
}

export interface ConfigReloaderOptions {
  /** Watch the config file for changes (SIGHUP works either way). Default true. */
  watch?: boolean;
  /** Quiet time after the last change of the file before it is read: editors write in steps. */
  settleMs?: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function setAt(values: unknown, path: SubPath, value: unknown): void {
  let node = values as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Whether the object that would hold this path exists. */
function holds(values: unknown, path: SubPath): boolean {
  let node = values;
  for (const p of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[p];
  }
  return node !== null && typeof node === 'object';
}

export class ConfigReloader extends EventEmitter<ConfigReloaderEvents> {
  private config: LoadedConfig;
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastText: string | null = null;
  private readonly onHangup = () => void this.reload('SIGHUP');

  constructor(
    private readonly load: () => LoadedConfig,
    initial: LoadedConfig,
    private readonly options: ConfigReloaderOptions = {},
  ) {
    super();
    this.config = initial;
    this.lastText = this.readFile();
  }

  /** The settings in effect: live ones as last reloaded, the others as the process started. */
  get current(): LoadedConfig {
    return this.config;
  }

  start(): this {
    process.on('SIGHUP', this.onHangup);
    const file = this.config.file;
    if (file && this.options.watch !== false) {
      try {
        // The folder, not the file: editors and deploy tools replace the file by renaming.
        this.watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
          if (name === null || name === path.basename(file)) this.fileChanged();
        });
        this.watcher.on('error', (err) => this.emitError(err));
      } catch (err) {
        this.emitError(err as Error);
      }
    }
    return this;
  }

  stop(): void {
    process.off('SIGHUP', this.onHangup);
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reads the configuration again; null (and an 'error' event) when it is refused. */
  reload(trigger: ReloadReport['trigger'] = 'call'): ReloadReport | null {
    let next: LoadedConfig;
    try {
      this.lastText = this.readFile();
      next = this.load();
    } catch (err) {
      this.emitError(err as Error);
      return null;
    }
    const report: ReloadReport = { trigger, applied: [], needsRestart: [] };
    const values = structuredClone(this.config.values);
    const sources = new Map(this.config.sources);
    for (const s of allSettings()) {
      const from = valueAt(this.config.values, s.key);
      const to = valueAt(next.values, s.key);
      if (same(from, to)) continue;
      // A structured setting changes field by field (a group's policy live, its provider not).
      const changes = isStructured(s) ? changesOf(s.schema, from, to, s.path, s.doc.reload) : [{ path: s.path, schema: s.schema, from, to, reload: s.doc.reload }];
      for (const c of changes) {
        const key = keyOf(c.path);
        const source = next.sources.get(key) ?? next.sources.get(s.key) ?? { kind: 'default' as const };
        const change: Change = { key, schema: c.schema, from: c.from, to: c.to, source };
        // A live field of a section or item the process did not start with has nothing to apply to.
        if (c.reload === 'live' && holds(values, c.path)) {
          setAt(values, c.path, structuredClone(c.to));
          if (c.to === undefined) sources.delete(key);
          else sources.set(key, source);
          report.applied.push(change);
        } else {
          report.needsRestart.push(change);
        }
      }
    }
    this.config = { values, sources, file: this.config.file, warnings: next.warnings };
    this.emit('reloaded', report, this.config);
    return report;
  }

  private fileChanged(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Touched but not changed (or our own read): nothing to do.
      if (this.readFile() === this.lastText) return;
      this.reload('file');
    }, this.options.settleMs ?? 100);
    this.timer.unref();
  }

  private readFile(): string | null {
    try {
      return this.config.file ? fs.readFileSync(this.config.file, 'utf8') : null;
    } catch {
      return null;
    }
  }

  private emitError(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}
