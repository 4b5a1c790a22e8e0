import { describe, expect, it } from 'vitest';
import { ValidationError } from '../model/errors.js';
import { formatOutboxCursor, parseOutboxCursor } from './outbox-cursor.js';

describe('outbox cursor', () => {
  it('is a bare event id when nothing beyond it is settled (what older versions wrote and read)', () => {
    expect(formatOutboxCursor({ after: '42', published: [] })).toBe('42');
    expect(parseOutboxCursor('42', 'c')).toEqual({ after: '42', published: [] });
  });

  it('records the messages settled beyond its event, and reads them back', () => {
    const p = { after: '42', published: ['event:45', 'done:7:46'] };
    expect(parseOutboxCursor(formatOutboxCursor(p), 'c')).toEqual(p);
  });

  it('refuses anything else, naming the cursor', () => {
    for (const bad of ['', 'abc', '{"after":42,"published":[]}', '{"after":"4x","published":[]}', '{"after":"4","published":[1]}', '[1]']) {
      expect(() => parseOutboxCursor(bad, 'bus-outbox:x')).toThrow(ValidationError);
    }
    expect(() => parseOutboxCursor('abc', 'bus-outbox:x')).toThrow(/cursor bus-outbox:x: is not an outbox position/);
  });
});
