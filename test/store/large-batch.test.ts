/**
 * enqueueMany takes any number of tasks the store can hold, atomically (issue 14, item 20:
 * 150,000 and more crashed with "Maximum call stack size exceeded" in the write queue on both
 * stores). One size well past where it broke, on each driver; a failing entry at the very end
 * still leaves nothing written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ManualClock } from '../../src/model/clock.js';
import { pgHostPort, serviceAvailable } from '../helpers/services.js';
import { freshStore, type DriverName, type TestStore } from '../helpers/stores.js';

const N = 150_000;
const { host, port } = pgHostPort();
const drivers: DriverName[] = (await serviceAvailable('PostgreSQL', host, port)) ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(drivers)('a very large enqueueMany: %s', (driver) => {
  let ts: TestStore | undefined;
  afterEach(async () => {
    await ts?.cleanup();
    ts = undefined;
  });

  it(`${N.toLocaleString('en-US')} tasks go in one call, all or none`, async () => {
    ts = await freshStore(driver);
    const engine = new Engine({ store: ts.store, clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    const specs = Array.from({ length: N }, (_, i) => ({ name: 'bulk', payload: i }));

    // The last entry names a dependency that does not exist: the whole call is refused.
    await expect(engine.enqueueMany([...specs.slice(1), { name: 'bad', dependsOn: ['999999999'] }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await engine.countLive()).toEqual({});

    const tasks = await engine.enqueueMany(specs);
    expect(tasks).toHaveLength(N);
    expect(tasks[N - 1]).toMatchObject({ name: 'bulk', payload: N - 1, state: 'pending' });
    // Ids ascend in the caller's order (the claim tiebreak).
    expect(tasks.every((t, i) => i === 0 || BigInt(t.id) > BigInt(tasks[i - 1]!.id))).toBe(true);
    expect(await engine.countLive()).toEqual({ pending: N });
    const [first] = await engine.claim({ queues: ['default'], workerId: 'w', limit: 1, leaseMs: 1000 });
    expect(first!.payload).toBe(0);
    await engine.flush();
  });
});
