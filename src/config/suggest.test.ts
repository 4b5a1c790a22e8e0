import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from './suggest.js';

describe('did you mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('tokne', 'token')).toBe(1);
    expect(editDistance('concurency', 'concurrency')).toBe(1);
    expect(editDistance('Queue', 'queues')).toBe(1);
  });

  it('suggests a former name first, then the closest name, and nothing far off', () => {
    const c = [
      { name: 'concurrency', suggestion: 'worker.concurrency' },
      { name: 'port', suggestion: 'server.port', formerly: ['port'] },
      { name: 'queues', suggestion: 'worker.queues' },
    ];
    expect(suggest('port', c)).toBe('server.port');
    expect(suggest('concurrancy', c)).toBe('worker.concurrency');
    expect(suggest('queue', c)).toBe('worker.queues');
    expect(suggest('colour', c)).toBeNull();
  });
});
