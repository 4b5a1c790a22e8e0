/** docs/configuration.md, generated from the schema (`npm run gen:docs`; a test checks it is current). */
import type { TSchema } from '../vendor/typebox.js';
import { exactDuration } from './display.js';
import { documentedFields, isStructured, variantsInside } from './fields.js';
import { CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE } from './load.js';
import type { SettingDoc } from './schema.js';
import { allSections, allSettings, kindOf, type Setting } from './settings.js';
import { describe } from './check.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultText(s: Pick<Setting, 'doc'>, required = false): string {
  if (s.doc.default === undefined) return s.doc.defaultText ?? (required ? 'required' : 'not set');
  const d = s.doc.default;
  if (s.doc.duration && typeof d === 'number') return `\`${exactDuration(d)}\``;
  if (Array.isArray(d)) return d.length ? `\`[${d.join(', ')}]\`` : '`[]`';
  return `\`${String(d)}\``;
}

const docOf = (schema: TSchema) => ({ doc: schema as unknown as SettingDoc & { default?: unknown } });
const reloadCell = (r: string) => (r === 'live' ? '**live**' : 'restart');

/** The fields of a structured setting (a list of groups), and each type of what is told apart by type (providers), once per section. */
function fieldTables(settings: Setting[]): string[] {
  const out: string[] = [];
  const variants = new Map<string, TSchema>();
  for (const s of settings.filter(isStructured)) {
    for (const [type, v] of variantsInside(s.schema)) variants.set(type, v);
    if (kindOf(s.schema) === 'Union') continue;
    const list = kindOf(s.schema) === 'Array';
    out.push(`### \`${s.key}${list ? '[]' : ''}\``, '', list ? `Each item of \`${s.key}\`:` : `The fields of \`${s.key}\`:`, '');
    out.push('| field | what | takes | default | reload |', '|---|---|---|---|---|');
    for (const f of documentedFields(s.schema, s.doc.reload)) {
      const d = docOf(f.schema);
      out.push(`| \`${f.key}\` | ${cell(d.doc.description ?? '')} | ${cell(describe(f.schema))} | ${cell(defaultText(d, f.required))} | ${reloadCell(f.reload)} |`);
    }
    out.push('');
  }
  for (const [type, v] of variants) {
    const d = docOf(v);
    const title = (v as { title?: string }).title ?? 'mapping';
    out.push(`### A ${title} of \`type: ${type}\``, '', `${d.doc.description ?? ''}`, '');
    const fields = documentedFields(v, 'restart').filter((f) => f.key !== 'type');
    if (fields.length === 0) {
      out.splice(out.length - 2, 2, `${d.doc.description ?? ''} It takes nothing but \`type: ${type}\`.`, '');
      continue;
    }
    out.push('| field | what | takes | default | reload |', '|---|---|---|---|---|');
    for (const f of fields) {
      const fd = docOf(f.schema);
      out.push(`| \`${f.key}\` | ${cell(fd.doc.description ?? '')} | ${cell(describe(f.schema))} | ${cell(defaultText(fd, f.required))} | ${reloadCell(f.reload)} |`);
    }
    out.push('');
  }
  return out;
}

const EXAMPLE = `store:
  url: postgres://taskframe@db.internal:5432/jobs
log:
  level: info
worker:
  module: ./handlers.mjs        # relative to this file
  concurrency: 32               # live: change it and the worker follows
  queues: [default, emails]     # live
  lease: 1m
maintenance:
  retention: 7d
server:
  port: 8080
  tokensFile: ./tokens.txt
scheduler:
  workflows: [./nightly.yaml]
autoscale:                      # taskframe autoscale (docs/autoscale.md)
  provider: { type: keda }
  groups:
    - name: emails
      policy: { latencyTarget: 5s, maxWorkers: 20 }   # live: the next decision uses it
`;

export function configurationMarkdown(): string {
  const out: string[] = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run gen:docs`. Do not edit by hand. -->',
    '',
    'Every taskframe process reads one configuration: the defaults below, overridden by a file,',
    'overridden by `TASKFRAME_*` environment variables, overridden by flags.',
    '',
    `- **The file** is \`--config FILE\`, else the file named by \`$${CONFIG_FILE_ENV}\`, else \`${DEFAULT_CONFIG_FILE}\` in the`,
    '  working directory when there is one. It is YAML (so JSON works too). Paths in it are relative to',
    '  the file\'s folder. An unknown setting is refused with a suggestion ("did you mean',
    '  `worker.concurrency`?") and its `file:line:column`; so is a value of the wrong type or out of range.',
    '- **Environment variables** are listed per setting. Lists are comma-separated (`TASKFRAME_WORKER_QUEUES=a,b`),',
    '  booleans are `true/false`, `1/0`, `yes/no` or `on/off`, and an empty variable counts as unset. A bad',
    '  value is refused naming the variable; a `TASKFRAME_*` variable a letter or two from a setting\'s is',
    '  pointed out (it sets nothing).',
    '- **Flags** are listed per setting; a command takes the flags of the settings it uses (`taskframe worker',
    '  --help`). `--config`, `--db`, `--log-level` and `--log-format` go with every command.',
    '- **Durations** are milliseconds or text: `500ms`, `30s`, `2m`, `1h30m`, `7d`.',
    '- **Lists of mappings and providers** (`autoscale.groups`, `autoscale.provider`) are written in the file',
    '  only. Each of their fields is listed below with its own default and reload kind, is checked like a',
    '  setting (`autoscale.groups[0].policy.minWorkers` at its `file:line:column`), and `taskframe config`',
    '  shows it on a line of its own.',
    '',
    '`taskframe config` prints the effective settings, where each came from (default, `file:line:column`,',
    '`env NAME`, `flag --name`) and whether it reloads live; `taskframe config --json` prints the same for',
    'scripts. Secrets (tokens, passwords in URLs) are never printed. The TypeScript API takes options',
    'objects; `loadConfig()` reads this same configuration for a program that wants it.',
    '',
    '## Reloading',
    '',
    'A running process reads its configuration again on `SIGHUP`, and when the config file changes',
    '(unless `reload.watch` is false). Settings marked **live** below take effect at once (a worker',
    'takes more tasks, or fewer, when `worker.concurrency` changes; it serves the new `worker.queues`;',
    'the log level changes; the autoscaler\'s next decision uses a group\'s new `policy`). A changed',
    'setting marked **restart** is logged as needing a restart and the process keeps its old value. A',
    'configuration that is refused on reload is logged, and the process keeps the settings it has. The',
    'long-running commands (`worker`, `server`, `bridge`, `schedule`, `autoscale`) do this; a process',
    'started in a terminal therefore takes the terminal\'s hang-up for a reload too: stop it with Ctrl-C',
    'or SIGTERM.',
    '',
    '## Example',
    '',
    '```yaml',
    EXAMPLE.trimEnd(),
    '```',
    '',
  ];
  for (const sec of allSections()) {
    out.push(`## \`${sec.key}\``, '', `${sec.description}${sec.optional ? ' Optional: the section exists only when given.' : ''}`, '');
    const own = allSettings().filter((s) => s.path.slice(0, -1).join('.') === sec.key);
    if (own.length === 0) continue;
    out.push('| setting | what | takes | default | environment | flag | reload |', '|---|---|---|---|---|---|---|');
    for (const s of own) {
      out.push(
        `| \`${s.key}\` | ${cell(s.doc.description)} | ${cell(describe(s.schema))} | ${cell(defaultText(s))} | ${s.doc.env ? `\`${s.doc.env}\`` : ''} | ${s.doc.flag ? `\`${s.doc.flag}\`` : ''} | ${reloadCell(s.doc.reload)} |`,
      );
    }
    out.push('', ...fieldTables(own));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
