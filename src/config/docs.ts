/** docs/configuration.md, generated from the schema (`npm run gen:docs`; a test checks it is current). */
import { exactDuration } from './display.js';
import { CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE } from './load.js';
import { allSections, allSettings, type Setting } from './settings.js';
import { describe } from './check.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultText(s: Setting): string {
  if (s.doc.default === undefined) return s.doc.defaultText ?? 'not set';
  const d = s.doc.default;
  if (s.doc.duration && typeof d === 'number') return `\`${exactDuration(d)}\``;
  if (Array.isArray(d)) return d.length ? `\`[${d.join(', ')}]\`` : '`[]`';
  return `\`${String(d)}\``;
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
    'the log level changes). A changed setting marked **restart** is logged as needing a restart and',
    'the process keeps its old value. A configuration that is refused on reload is logged, and the',
    'process keeps the settings it has. The long-running commands (`worker`, `server`, `bridge`,',
    '`schedule`) do this; a process started in a terminal therefore takes the terminal\'s hang-up for',
    'a reload too: stop it with Ctrl-C or SIGTERM.',
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
        `| \`${s.key}\` | ${cell(s.doc.description)} | ${cell(describe(s.schema))} | ${cell(defaultText(s))} | ${s.doc.env ? `\`${s.doc.env}\`` : ''} | ${s.doc.flag ? `\`${s.doc.flag}\`` : ''} | ${s.doc.reload === 'live' ? '**live**' : 'restart'} |`,
      );
    }
    out.push('');
  }
  // Settings at the top level are whole sections checked elsewhere (the autoscaler's).
  for (const s of allSettings().filter((x) => x.path.length === 1)) {
    out.push(`## \`${s.key}\``, '', `${s.doc.description} Optional; ${s.doc.reload === 'live' ? 'reloads live' : 'a change needs a restart'}.`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
