/**
 * The transition table (src/model/state.ts) is what guards the SQL. Every state comparison in a
 * WHERE clause of either driver's statements is found here and must name exactly the states the
 * table lets that statement's operation start from; every state a statement sets must be one the
 * operation may lead to; and the claim and lease guards must read exactly like the predicates of
 * the partial indexes they rely on (SQLite matches a partial index's predicate by its text).
 */
import { describe, expect, it } from 'vitest';
import { LEASED_STATES, SOURCE_STATES, TARGET_STATES, type TaskOperation, type TaskState } from '../../src/model/state.js';
import { SQL as PG_SQL, CLAIMABLE as PG_CLAIMABLE } from '../../src/store/postgres/statements.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/schema.js';
import { stateGuard } from '../../src/store/sql-rules.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { CLAIMABLE as SQLITE_CLAIMABLE, SIZED_SQL, SQL as SQLITE_SQL } from '../../src/store/sqlite/statements.js';

/** What a statement is part of: an operation of the table, or `leased` (a lease holder's call that changes no state: heartbeat, setting its attempts). */
type Guarded = TaskOperation | 'leased';

const statesFor = (g: Guarded): readonly TaskState[] => (g === 'leased' ? LEASED_STATES : SOURCE_STATES[g]);

/** Statements of each driver with a state guard, and the operations they carry out. */
const SQLITE_GUARDED: Record<string, Guarded[]> = {
  claim: ['claim'],
  claimCandidates: ['claim'],
  claimOne: ['claim'],
  claimIds: ['claim'],
  priorityBelow: ['claim'],
  nextRunAt: ['claim'],
  completeGuarded: ['complete'],
  'sized:succeed': ['complete'],
  liveRunningGuarded: ['fail', 'skip'],
  toRetrying: ['fail'],
  unclaimGuarded: ['unclaim'],
  heartbeatGuarded: ['leased'],
  heartbeatProgressGuarded: ['leased'],
  setMaxAttemptsGuarded: ['leased'],
  leaseExpired: ['expireLease'],
  expireToPending: ['expireLease'],
  unblockMany: ['dependencyFinished'],
  collapseUpdate: ['collapse'],
};

const PG_GUARDED: Record<string, Guarded[]> = {
  claim: ['claim'],
  claimAlone: ['claim'],
  nextRunAt: ['claim'],
  completeMany: ['complete'],
  completeAndClaim: ['complete', 'claim'],
  completeGuarded: ['complete'],
  heartbeatMany: ['leased'],
  heartbeatProgressGuarded: ['leased'],
  setMaxAttemptsGuarded: ['leased'],
  liveRunningGuarded: ['fail', 'skip'],
  toRetrying: ['fail'],
  unclaimGuarded: ['unclaim'],
  leaseExpired: ['expireLease'],
  expireToPending: ['expireLease'],
  unblockMany: ['dependencyFinished'],
  collapseUpdate: ['collapse'],
};

/** Statements that set a state literal, and the operation whose target it must be. */
const SQLITE_SETS: Record<string, TaskOperation> = {
  claim: 'claim', claimOne: 'claim', claimIds: 'claim', toRetrying: 'fail', unclaimGuarded: 'unclaim', expireToPending: 'expireLease',
  markCancelled: 'cancel', resetForRetry: 'retryByHand',
};
const PG_SETS: Record<string, TaskOperation> = {
  claim: 'claim', claimAlone: 'claim', completeAndClaim: 'claim', toRetrying: 'fail', unclaimGuarded: 'unclaim',
  expireToPending: 'expireLease', markCancelled: 'cancel',
};

const STATE = `(?:\\b[a-z_]+\\.)?state\\b|\\(t\\.state \\|\\| ''\\)`;
const COMPARISON = new RegExp(`(${STATE})\\s*(?:(=|<>)\\s*'([a-z_]+)'|IN\\s*\\(([^)]*)\\))`, 'g');

/** Every state comparison with literals in a statement, split into guards (WHERE) and assignments (SET). */
function stateComparisons(sql: string): { guards: string[][]; sets: string[] } {
  const guards: string[][] = [];
  const sets: string[] = [];
  for (const m of sql.matchAll(COMPARISON)) {
    const before = sql.slice(0, m.index);
    const lastSet = before.lastIndexOf(' SET ');
    const lastWhere = Math.max(before.lastIndexOf('WHERE'), before.lastIndexOf(' AND '), before.lastIndexOf(' ON '));
    const states = m[3] !== undefined ? [m[3]] : m[4]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
    if (m[2] === '<>') throw new Error(`a negated state guard reads poorly against the table: ${m[0]}`);
    if (lastSet > lastWhere) sets.push(...states);
    else guards.push(states);
  }
  return { guards, sets };
}

function statementsOf(driver: 'sqlite' | 'postgres'): Record<string, string> {
  if (driver === 'postgres') return { ...PG_SQL };
  const sized = Object.fromEntries(Object.entries(SIZED_SQL).map(([k, f]) => [`sized:${k}`, f(2)]));
  return { ...SQLITE_SQL, ...sized };
}

const key = (states: readonly string[]) => [...states].sort().join(',');

describe.each([
  ['sqlite', SQLITE_GUARDED, SQLITE_SETS],
  ['postgres', PG_GUARDED, PG_SETS],
] as const)('state guards of the %s driver', (driver, guarded, sets) => {
  const statements = statementsOf(driver);

  it('every guarded statement names exactly the states its operation starts from in the transition table', () => {
    const seen: string[] = [];
    for (const [name, sql] of Object.entries(statements)) {
      const { guards } = stateComparisons(sql);
      if (guards.length === 0) continue;
      seen.push(name);
      const expected = guarded[name];
      expect(expected, `${name} has a state guard (${guards.map((g) => g.join('|')).join('; ')}); list its operation here`).toBeDefined();
      const want = new Set(expected!.map((g) => key(statesFor(g))));
      expect(new Set(guards.map(key)), name).toEqual(want);
    }
    // A statement listed above but without a guard any more would make this test pass vacuously.
    expect(seen.sort()).toEqual(Object.keys(guarded).sort());
  });

  it('every state a statement sets is one its operation may lead to', () => {
    const seen: string[] = [];
    for (const [name, sql] of Object.entries(statements)) {
      const found = stateComparisons(sql).sets;
      if (found.length === 0) continue;
      seen.push(name);
      const op = sets[name as keyof typeof sets];
      expect(op, `${name} sets state ${found.join(', ')}; list its operation here`).toBeDefined();
      for (const s of found) expect(TARGET_STATES[op!], `${name} sets ${s}`).toContain(s);
    }
    expect(seen.sort()).toEqual(Object.keys(sets).sort());
  });
});

describe('guards and the partial indexes they use', () => {
  const predicate = (migrations: string[], index: string) => {
    const m = migrations.join('\n').match(new RegExp(`CREATE INDEX ${index} ON [^;]* WHERE ([^;]+);`));
    return m?.[1]?.trim();
  };

  it('the claim guard reads exactly like the claim index predicate, on both drivers', () => {
    expect(SQLITE_CLAIMABLE).toBe(stateGuard(SOURCE_STATES.claim));
    expect(PG_CLAIMABLE).toBe(stateGuard(SOURCE_STATES.claim));
    expect(predicate(SQLITE_MIGRATIONS, 'tasks_claim')).toBe(SQLITE_CLAIMABLE);
    expect(predicate(PG_MIGRATIONS, 'tasks_claim')).toBe(PG_CLAIMABLE);
  });

  it('the lease reaper reads like the lease index predicate', () => {
    expect(predicate(SQLITE_MIGRATIONS, 'tasks_lease')).toBe(stateGuard(SOURCE_STATES.expireLease));
    expect(predicate(PG_MIGRATIONS, 'tasks_lease')).toBe(stateGuard(SOURCE_STATES.expireLease));
  });

  it('the guard extraction itself sees guards and assignments', () => {
    expect(stateComparisons(`UPDATE tasks t SET state = 'running' WHERE t.state IN ('a', 'b') AND (t.state || '') = 'c'`)).toEqual({ guards: [['a', 'b'], ['c']], sets: ['running'] });
  });
});
