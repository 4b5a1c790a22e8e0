/**
 * What the autoscaler records after every pass, in one named value of the store (a cursor,
 * written with compare-and-set): per group the policy's state (so a new leader continues where
 * the last one stopped: the count, the cool-down, the moving averages), the last decision with
 * its inputs and reason, what the provider reported, and the recent decisions that changed
 * something. `autoscale status`, the dashboard, the metrics and the KEDA endpoint all read it.
 *
 * Why a cursor and not events or a table: the record is small and replaced as a whole each pass;
 * compare-and-set on it fences a leader that lost its lease; no schema change is needed.
 */
import type { Decision, GroupState } from './policy.js';

export const RECORD_NAME = 'autoscale';
export const LEADER_NAME = 'autoscale';
export const RECORD_VERSION = 1;

export interface WorkerCounts {
  running: number;
  starting: number;
  stopping: number;
}

/** A decision as kept in the history, with the provider's failure if it had one. */
export interface HistoryEntry extends Decision {
  error?: string;
}

export interface GroupRecord {
  queues: string[];
  provider: string;
  /** The group's lookahead (what counts as coming due), for readers of the record. */
  lookaheadMs: number;
  state: GroupState;
  last: HistoryEntry;
  /** What the provider reported after acting (null: it cannot say, or it failed). */
  workers: WorkerCounts | null;
  /** The provider's last failure, while it lasts (cleared by the next success). */
  providerError: { at: number; message: string } | null;
  /** Newest first: decisions that changed the count, and provider failures. */
  history: HistoryEntry[];
}

export interface AutoscaleRecord {
  version: number;
  leader: string;
  updatedAt: number;
  intervalMs: number;
  groups: Record<string, GroupRecord>;
}

/** Parses a stored record; anything unreadable counts as no record (a new one replaces it). */
export function decodeRecord(raw: string | null): AutoscaleRecord | null {
  if (raw === null) return null;
  try {
    const r = JSON.parse(raw) as AutoscaleRecord;
    if (r && typeof r === 'object' && r.version === RECORD_VERSION && r.groups && typeof r.groups === 'object') return r;
  } catch {
    // fall through
  }
  return null;
}

export function encodeRecord(r: AutoscaleRecord): string {
  return JSON.stringify(r);
}

/** The group's record after a pass: the decision, the provider's answer, and the history kept to `keep`. */
export function nextGroupRecord(
  prev: GroupRecord | undefined,
  p: { queues: string[]; provider: string; lookaheadMs: number; state: GroupState; decision: Decision; workers: WorkerCounts | null; error: string | null; keep: number },
): GroupRecord {
  const entry: HistoryEntry = p.error ? { ...p.decision, error: p.error } : p.decision;
  const changed = p.decision.desired !== p.decision.from;
  const errorChanged = (p.error ?? null) !== (prev?.providerError?.message ?? null);
  const history = changed || (p.error !== null && errorChanged) ? [entry, ...(prev?.history ?? [])].slice(0, p.keep) : (prev?.history ?? []).slice(0, p.keep);
  return {
    queues: p.queues,
    provider: p.provider,
    lookaheadMs: p.lookaheadMs,
    state: p.state,
    last: entry,
    workers: p.workers,
    providerError: p.error === null ? null : { at: p.decision.at, message: p.error },
    history,
  };
}
