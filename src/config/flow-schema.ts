/**
 * The `flow:` section of the configuration (docs/flow-control.md): queues declared as known
 * before any task reaches them, and limit rules applied when `taskframe server` or
 * `taskframe worker` starts (an idempotent upsert by rule id: an unchanged rule is not written
 * again; a rule removed from the file stays in the store until `taskframe limit rm`, since
 * processes with other configuration files share the store). Each rule is checked field by
 * field like the HTTP API checks it, and a bad one is named at its file:line before anything starts.
 */
import { Type, type Static } from '../vendor/typebox.js';
import { parseFlowKey, parseRate, validateLimit } from '../model/flow.js';
import { ValidationError } from '../model/errors.js';
import { NAME_MAX_LENGTH, NAME_PATTERN } from './kinds.js';
import { Problem, type SubPath } from './problem.js';

const Name = (description: string) => Type.String({ pattern: NAME_PATTERN, maxLength: NAME_MAX_LENGTH, description });

const limit = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "The rule's id: setting the same id again replaces it.", defaultText: 'derived from queue, name and key, as `taskframe limit set` derives it' })),
    queue: Type.Optional(Name('Tasks of this queue (give queue, name or both).')),
    name: Type.Optional(Name('Tasks of this name.')),
    key: Type.Optional(Type.String({ minLength: 1, description: '`payload.<field path>` or `tag:<prefix>`: each value its own bucket with the whole rate and concurrency.', defaultText: 'none: the scope is one bucket' })),
    rate: Type.Optional(Type.String({ minLength: 1, description: 'At most N claims per period: `100/1s`, `5000/1m` (period at most 1d).', defaultText: 'no rate limit' })),
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'At most K running at once per bucket.', defaultText: 'no concurrency limit' })),
  },
  { additionalProperties: false, title: 'limit', description: 'A limit rule: a scope (queue and/or name), a rate and/or a concurrency, optionally per key.' },
);

export const flowSection = Type.Object(
  {
    queues: Type.Array(Name('A queue.'), {
      default: [],
      description: 'Queues known before any task was enqueued to them, so a limit may name them (a limit on a queue nobody knows is refused).',
      env: 'TASKFRAME_FLOW_QUEUES',
      reload: 'restart',
    }),
    limits: Type.Array(limit, {
      default: [],
      accepts: 'a list of limit rules (below)',
      description: 'Limit rules set when `taskframe server` or `taskframe worker` starts (an unchanged rule is not rewritten). Removing one here does not remove it from the store: `taskframe limit rm ID`.',
      reload: 'restart',
    }),
  },
  { description: 'Flow control (docs/flow-control.md): limit rules enforced when tasks are claimed, in every process.' },
);

export type FlowSection = Static<typeof flowSection>;

/** What the schema cannot say field by field: a parseable rate, a key naming something, a scope, a rate or a concurrency, unique ids. */
export function checkFlow(f: FlowSection | undefined, at: SubPath = ['flow']): void {
  if (!f) return;
  const ids = new Map<string, number>();
  f.limits.forEach((l, i) => {
    const here = [...at, 'limits', i];
    const problem = (field: string | null, fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const f2 = field ?? err.field.split('.').pop()!;
        throw new Problem(f2 && f2 in l ? [...here, f2] : here, err.message.replace(/^[^:]*: /, ''));
      }
    };
    if (l.rate !== undefined) problem('rate', () => parseRate(l.rate));
    if (l.key !== undefined) problem('key', () => parseFlowKey(l.key));
    problem(null, () => validateLimit(l, 0));
    const id = validateLimit(l, 0).id;
    if (ids.has(id)) throw new Problem(here, `a second rule with id "${id}" (also flow.limits[${ids.get(id)}]); give one an \`id\``);
    ids.set(id, i);
  });
}

/** The configuration's rules, as engine.flow.applyLimits takes them. */
export function configLimitRules(f: FlowSection): Array<{ spec: FlowSection['limits'][number]; where: string }> {
  return f.limits.map((spec, i) => ({ spec, where: `flow.limits[${i}]` }));
}
