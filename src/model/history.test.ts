import { describe, expect, it } from 'vitest';
import { auditStory, keepsSucceeded, taskStory, writesCreatedEvent, writesRoutineEvents } from './history.js';
import type { Task, TaskEvent } from './task.js';

const task = (over: Partial<Task>): Task => ({ id: '7', state: 'succeeded', attempt: 1, workerId: 'w', createdAt: 100, startedAt: 110, finishedAt: 120, ...over }) as Task;
const ev = (id: string, type: TaskEvent['type'], at: number, attempt: number, workerId: string | null = 'w'): TaskEvent => ({ id, taskId: '7', type, at, attempt, workerId, detail: null });

describe('history modes', () => {
  it('only full writes routine events; created is written whenever the row cannot show it', () => {
    expect([writesRoutineEvents('full'), writesRoutineEvents('compact'), writesRoutineEvents('none')]).toEqual([true, false, false]);
    expect(writesCreatedEvent('compact', 'pending', [])).toBe(false);
    expect(writesCreatedEvent('compact', 'scheduled', [])).toBe(true);
    expect(writesCreatedEvent('compact', 'pending', ['1'])).toBe(true);
  });

  it('none keeps a success only when something reads it later', () => {
    const plain = { hasDependents: false, parentId: null, runId: null, dedupKey: null, throttling: false };
    expect(keepsSucceeded('full', plain)).toBe(true);
    expect(keepsSucceeded('compact', plain)).toBe(true);
    expect(keepsSucceeded('none', plain)).toBe(false);
    for (const k of [{ hasDependents: true }, { parentId: '1' }, { runId: 'r' }, { dedupKey: 'd' }, { throttling: true }]) expect(keepsSucceeded('none', { ...plain, ...k })).toBe(true);
  });

  it('a full story comes back as it was', () => {
    const stored = [ev('1', 'created', 100, 0, null), ev('2', 'claimed', 110, 1), ev('3', 'succeeded', 120, 1)];
    expect(taskStory(task({}), stored)).toBe(stored);
    expect(auditStory([task({})], stored)).toBe(stored);
  });

  it('a compact story gets created, the last claim and the success back, each in its place', () => {
    const stored = [ev('5', 'claimed', 102, 1, 'a'), ev('6', 'retry_scheduled', 105, 1, 'a')];
    const story = taskStory(task({ attempt: 2 }), stored).map((e) => [e.type, e.at, e.attempt, e.workerId]);
    expect(story).toEqual([['created', 100, 0, null], ['claimed', 102, 1, 'a'], ['retry_scheduled', 105, 1, 'a'], ['claimed', 110, 2, 'w'], ['succeeded', 120, 2, 'w']]);
    // Events of the attempt the row shows come after its claim, even at the same instant.
    const running = task({ state: 'running', finishedAt: null });
    const progress = [ev('9', 'progress', 110, 1)];
    expect(taskStory(running, progress).map((e) => e.type)).toEqual(['created', 'claimed', 'progress']);
  });
});
