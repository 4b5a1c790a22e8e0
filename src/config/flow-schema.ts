/**
 * The `flow:` section of the configuration (docs/flow-control.md): queues known before any task
 * reaches them, and limit rules that `taskframe server` and `taskframe worker` set in the store
 * when they start (the same as `taskframe limit set`; the same id replaces the rule, rules set at
 * run time under other ids stay). Each rule is checked when the configuration loads, by the
 * model's own validation, so a bad rule is named by file:line before anything starts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ValidationError } from '../model/errors.js';
import { validateLimit } from '../model/flow.js';
import { NAME_MAX_LENGTH, NAME_PATTERN } from './kinds.js';
import { Problem, type SubPath } from './problem.js';

const limit = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The rule\'s name.', defaultText: 'from queue, name and key (`queue=mail/key=payload.tenant`)' })),
    queue: Type.Optional(Type.String({ pattern: NAME_PATTERN, maxLength: NAME_MAX_LENGTH, description: 'Tasks of this queue.', defaultText: 'any queue (then `name` is required)' })),
    name: Type.Optional(Type.String({ pattern: NAME_PATTERN, maxLength: NAME_MAX_LENGTH, description: 'Tasks of this name.', defaultText: 'any name (then `queue` is required)' })),
    key: Type.Optional(Type.String({ minLength: 1, description: 'A bucket per value of `payload.<field path>` or `tag:<prefix>`.', defaultText: 'none: the scope is one bucket' })),
    rate: Type.Optional(Type.String({ minLength: 1, description: 'At most N claims per period per bucket: `100/1s`, `5000/1m`.', defaultText: 'no rate limit (then `concurrency` is required)' })),
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'At most K running at once per bucket.', defaultText: 'no concurrency limit (then `rate` is required)' })),
  },
  { additionalProperties: false, title: 'limit' },
);

export const flowSection = Type.Object(
  {
    queues: Type.Array(Type.String({ pattern: NAME_PATTERN, maxLength: NAME_MAX_LENGTH }), {
      default: [],
      description: 'Queues known before any task is enqueued to them, so limits may name them (a limit on a queue nobody uses is refused as a likely typo).',
      env: 'TASKFRAME_FLOW_QUEUES',
      reload: 'restart',
    }),
    limits: Type.Array(limit, {
      default: [],
      accepts: 'a list of limit rules (below)',
      description: 'Limit rules set in the store when `taskframe server` or `taskframe worker` starts (`taskframe limit` changes them at run time, without a restart).',
      reload: 'restart',
    }),
  },
  { description: 'Flow control: limits enforced when tasks are claimed, cluster-wide (docs/flow-control.md).' },
);

export type FlowSection = Static<typeof flowSection>;

/** Each rule as the model validates it; a problem names the rule's field. */
export function checkFlow(f: FlowSection | undefined, at: SubPath = ['flow']): void {
  if (!f) return;
  const ids = new Map<string, number>();
  f.limits.forEach((l, i) => {
    try {
      const v = validateLimit(l, 0);
      if (ids.has(v.id)) throw new Problem([...at, 'limits', i, 'id'], `rule "${v.id}" is given twice (also limits[${ids.get(v.id)}])`);
      ids.set(v.id, i);
    } catch (err) {
      if (err instanceof ValidationError) throw new Problem([...at, 'limits', i, err.field], err.message.slice(err.field.length + 2));
      throw err;
    }
  });
}
