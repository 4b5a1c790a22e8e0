import { afterAll, describe, expect, it } from 'vitest';
import { openBus } from '../../src/bus/open.js';
import { ValidationError } from '../../src/model/errors.js';
import { busConformance } from './conformance.js';
import { BUS_TARGETS, dropTopics } from './helpers.js';

afterAll(() => dropTopics());

for (const target of BUS_TARGETS) busConformance(target);

describe('openBus', () => {
  it('rejects an unknown scheme or an empty URL, naming the field', async () => {
    await expect(openBus('kafka://x:9092')).rejects.toBeInstanceOf(ValidationError);
    await expect(openBus('kafka://x:9092')).rejects.toThrow(/bus: unsupported bus URL/);
    await expect(openBus('')).rejects.toBeInstanceOf(ValidationError);
    await expect(openBus('file:')).rejects.toThrow(/directory/);
  });
});
