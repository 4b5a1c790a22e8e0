/**
 * A completion with consequences (a dependent to unblock, a parent to tell) cannot go by the
 * one-statement completion: the driver sends a batch of only such completions straight to a
 * transaction, knowing from the claim which tasks have them (src/store/postgres/claimed.ts),
 * instead of sending the statement first for nothing. Counted by statement text. The note taken at
 * claim time may be stale (a dependent added while the task runs): the statement then refuses the
 * completion and the transaction takes it, as before.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { TaskClaimOp } from '../../src/store/store.js';
import { freshPostgres, type TestStore } from '../helpers/stores.js';
import { PG_UP } from './pg-available.js';

/** The texts of the statements sent by every pg client of this process while `fn` runs. */
async function statements(fn: () => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, q: unknown, ...rest: unknown[]) {
    sent.push(String(typeof q === 'string' ? q : (q as { text?: string }).text).replace(/\s+/g, ' ').trim());
    return (query as (...a: unknown[]) => unknown).call(this, q, ...rest);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

const completionStatements = (sent: string[]) => sent.filter((s) => s.startsWith('WITH moved AS')).length;
const began = (sent: string[]) => sent.some((s) => s.startsWith('BEGIN'));

describe.skipIf(!PG_UP)('PostgreSQL: completions with consequences go straight to a transaction', () => {
  let ts: TestStore;
  let engine: Engine;
  const op: TaskClaimOp = { queues: ['default'], workerId: 'w', limit: 1, leaseMs: 60_000 };
  beforeEach(async () => {
    ts = await freshPostgres();
    engine = new Engine({ store: ts.store });
  });
  afterEach(async () => {
    await engine.flush();
    await ts.cleanup();
  });

  it('the step of a chain: one completion statement, in the transaction that also claims the next step', async () => {
    await engine.enqueueMany([{ name: 'a' }, { name: 'b', after: [0] }]);
    const [a] = await ts.store.writeBatch({ now: Date.now(), taskClaim: [op] }).then((r) => r.taskClaim[0]!);
    let next: string[] = [];
    const sent = await statements(async () => {
      const r = await ts.store.writeBatch({ now: Date.now(), taskComplete: [{ id: a!.id, leaseToken: a!.leaseToken, result: null }], taskClaim: [op] });
      expect(r.taskComplete[0]).toMatchObject({ ok: true });
      next = r.taskClaim[0]!.map((t) => t.name);
    });
    expect(next).toEqual(['b']);
    expect(completionStatements(sent)).toBe(1);
    expect(began(sent)).toBe(true);
  });

  it('a subtask too (it has a parent); a plain task still completes by the one statement alone', async () => {
    const parent = await engine.enqueue('p', null);
    await engine.enqueue('child', null, { parentId: parent.id });
    await engine.enqueue('plain', null);
    const got = await ts.store.writeBatch({ now: Date.now(), taskClaim: [{ ...op, limit: 3 }] }).then((r) => r.taskClaim[0]!);
    const byName = new Map(got.map((t) => [t.name, t]));
    const done = (name: string) => ({ id: byName.get(name)!.id, leaseToken: byName.get(name)!.leaseToken, result: null });
    const child = await statements(async () => {
      const r = await ts.store.writeBatch({ now: Date.now(), taskComplete: [done('child')], taskClaim: [op] });
      expect(r.taskComplete[0]).toMatchObject({ ok: true });
    });
    expect([completionStatements(child), began(child)]).toEqual([1, true]);
    const plain = await statements(async () => {
      const r = await ts.store.writeBatch({ now: Date.now(), taskComplete: [done('plain')], taskClaim: [op] });
      expect(r.taskComplete[0]).toMatchObject({ ok: true });
    });
    expect([completionStatements(plain), began(plain)]).toEqual([1, false]);
  });

  it('a dependent added while the task runs (the note is stale) is still unblocked by its completion', async () => {
    const c = await engine.enqueue('c', null);
    const [claimed] = await ts.store.writeBatch({ now: Date.now(), taskClaim: [op] }).then((r) => r.taskClaim[0]!);
    expect(claimed!.id).toBe(c.id);
    const d = await engine.enqueue('d', null, { dependsOn: [c.id] });
    const sent = await statements(async () => {
      const r = await ts.store.writeBatch({ now: Date.now(), taskComplete: [{ id: c.id, leaseToken: claimed!.leaseToken, result: null }], taskClaim: [op] });
      expect(r.taskComplete[0]).toMatchObject({ ok: true });
      expect(r.taskClaim[0]!.map((t) => t.id)).toEqual([d.id]);
    });
    // Tried alone first (refused there: it has a dependent now), then in the transaction.
    expect(completionStatements(sent)).toBe(2);
  });
});
