import { describe, expect, it } from 'vitest';
import { resolveSpec } from './spec.js';

const now = 1_000_000;

describe('resolveSpec', () => {
  it('fills defaults', () => {
    expect(resolveSpec({ name: 'a.b' }, now)).toMatchObject({ name: 'a.b', queue: 'default', priority: 0, maxAttempts: 3, runAt: now, payload: null, key: null, triggerRule: 'all_success' });
  });

  it.each([
    [{ name: 'bad name' }, /task.name: "bad name" has forbidden characters/],
    [{ name: '' }, /task.name: must be a non-empty string/],
    [{ name: 'a', queue: 'q;drop' }, /task.queue: "q;drop" has forbidden characters/],
    [{ name: 'a', priority: 1001 }, /task.priority: must be between -1000 and 1000/],
    [{ name: 'a', priority: 1.5 }, /task.priority: must be an integer/],
    [{ name: 'a', maxAttempts: 0 }, /task.maxAttempts: must be between 1 and 1000/],
    [{ name: 'a', delay: '3 weeks' }, /task.delay: malformed duration/],
    [{ name: 'a', delay: '1s', runAt: 5 }, /task.delay: give delay or runAt, not both/],
    [{ name: 'a', backoff: { kind: 'linear' } }, /task.backoff.kind: must be one of exponential, fibonacci, fixed/],
    [{ name: 'a', backoff: { baseMs: 10, capMs: 5 } }, /task.backoff.capMs: must be a number >= baseMs/],
    [{ name: 'a', dependsOn: ['x'] }, /task.dependsOn\[0\]: "x" is not a task id/],
    [{ name: 'a', triggerRule: 'sometimes' }, /task.triggerRule: must be one of/],
    [{ name: 'a', colour: 'red' }, /task.colour: unknown option/],
    [{ name: 'a', payload: { big: 'x'.repeat(1_100_000) } }, /task.payload: is \d+ bytes; the limit is 1048576/],
    [{ name: 'a', payload: { n: 1n } }, /task.payload: is not JSON-serialisable/],
    // Keys built from a value that was not there.
    [{ name: 'a', dedupKey: 'undefined:3' }, /task.dedupKey: "undefined:3" holds "undefined": it was built from a value that is not there \(in a handler, the task's own id is ctx.task.id/],
    [{ name: 'a', dedupKey: 'tree:null:0' }, /task.dedupKey: "tree:null:0" holds "null"/],
    [{ name: 'a', dedupKey: 'part/NaN' }, /holds "NaN"/],
    [{ name: 'a', key: 'job:[object Object]' }, /task.key: "job:\[object Object\]" holds "\[object/],
  ])('rejects bad input, case %#', (spec, message) => {
    expect(() => resolveSpec(spec as never, now)).toThrow(message);
  });

  it('keeps keys whose words merely contain null or undefined', () => {
    for (const k of ['nullable:1', 'null-island:2', 'undefined_behaviour', 'tree:42:0']) expect(resolveSpec({ name: 'a', dedupKey: k, key: k }, now)).toMatchObject({ dedupKey: k, key: k });
  });
});
