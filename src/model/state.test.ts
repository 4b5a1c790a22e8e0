import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from './errors.js';
import {
  assertTransition,
  canStart,
  canTransition,
  CLAIMABLE_STATES,
  FINISHED_STATES,
  INITIAL_STATES,
  LEASED_STATES,
  LIVE_STATES,
  SOURCE_STATES,
  stateMachineMarkdown,
  TARGET_STATES,
  TASK_STATES,
  TRANSITIONS,
} from './state.js';

describe('state machine', () => {
  it('docs/state-machine.md is generated from the transition table (run npm run gen:docs)', () => {
    const doc = fs.readFileSync(new URL('../../docs/state-machine.md', import.meta.url), 'utf8');
    expect(doc).toBe(stateMachineMarkdown());
  });

  it('refuses an illegal transition with a typed error', () => {
    expect(canTransition('pending', 'running')).toBe(true);
    expect(() => assertTransition('succeeded', 'running', { id: '1' })).toThrow(IllegalTransitionError);
    expect(() => assertTransition('succeeded', 'running')).toThrow('illegal state transition succeeded -> running');
  });

  it('only retry by hand leaves a finished state, and only back to pending', () => {
    for (const t of TRANSITIONS.filter((t) => FINISHED_STATES.includes(t.from))) {
      expect(t).toMatchObject({ to: 'pending', op: 'retryByHand' });
    }
  });

  it('every state can be reached and every unfinished state can end', () => {
    for (const s of TASK_STATES) {
      if (!(INITIAL_STATES as readonly string[]).includes(s)) expect(TRANSITIONS.some((t) => t.to === s)).toBe(true);
      if (!FINISHED_STATES.includes(s)) expect(TRANSITIONS.some((t) => t.from === s && FINISHED_STATES.includes(t.to))).toBe(true);
    }
    expect(INITIAL_STATES.some((s) => FINISHED_STATES.includes(s))).toBe(false);
  });
});

describe('the states each operation starts from (what the SQL guards say)', () => {
  it('a claim takes pending, scheduled and retrying tasks, in the order of the claim index predicate', () => {
    expect(SOURCE_STATES.claim).toEqual(['pending', 'scheduled', 'retrying']);
    expect(CLAIMABLE_STATES).toBe(SOURCE_STATES.claim);
    expect(TARGET_STATES.claim).toEqual(['running']);
  });

  it('every call of a lease holder, and lease expiry, start only where a claim leads', () => {
    expect(LEASED_STATES).toEqual(['running']);
    for (const op of ['complete', 'fail', 'skip', 'unclaim', 'expireLease'] as const) expect(SOURCE_STATES[op]).toEqual(LEASED_STATES);
  });

  it('cancel takes any live task; retry by hand any finished one but a success', () => {
    expect([...SOURCE_STATES.cancel].sort()).toEqual([...LIVE_STATES].sort());
    expect([...SOURCE_STATES.retryByHand].sort()).toEqual(FINISHED_STATES.filter((s) => s !== 'succeeded').sort());
  });

  it('dependencies settle only a blocked task; subtasks finish only a waiting parent', () => {
    expect(SOURCE_STATES.dependencyFinished).toEqual(['blocked']);
    expect(TARGET_STATES.dependencyFinished).toEqual(['pending', 'scheduled', 'skipped']);
    expect(SOURCE_STATES.subtaskFinished).toEqual(['waiting']);
    expect(TARGET_STATES.subtaskFinished).toEqual(['succeeded', 'failed']);
  });

  it('canStart asks the table', () => {
    expect(canStart('claim', 'retrying')).toBe(true);
    expect(canStart('claim', 'blocked')).toBe(false);
    expect(canStart('retryByHand', 'succeeded')).toBe(false);
    expect(canStart('subtaskFinished', 'running')).toBe(false);
  });
});
