import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from './errors.js';
import { assertTransition, canTransition, FINISHED_STATES, stateMachineMarkdown, TASK_STATES, TRANSITIONS } from './state.js';

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
      expect(t).toMatchObject({ to: 'pending', by: 'retry by hand' });
    }
  });

  it('every state can be reached and every unfinished state can end', () => {
    for (const s of TASK_STATES) {
      if (s !== 'blocked' && s !== 'pending' && s !== 'scheduled') expect(TRANSITIONS.some((t) => t.to === s)).toBe(true);
      if (!FINISHED_STATES.includes(s)) expect(TRANSITIONS.some((t) => t.from === s && FINISHED_STATES.includes(t.to))).toBe(true);
    }
  });
});
