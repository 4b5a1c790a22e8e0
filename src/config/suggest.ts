/** "Did you mean …?" for a misspelt or misplaced setting name. */

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[y.length]!;
}

/** Close enough to be a typo: a third of the word, at least one edit, at most three. */
function close(word: string, candidate: string): boolean {
  return editDistance(word, candidate) <= Math.min(3, Math.max(1, Math.floor(candidate.length / 3)));
}

export interface Candidate {
  /** What to suggest ("concurrency", or "worker.concurrency" for a setting elsewhere). */
  suggestion: string;
  /** The name compared with the unknown one. */
  name: string;
  /** Old names of the setting, compared exactly. */
  formerly?: string[];
}

/** The best suggestion for `word` among the candidates, or null: former names first, then the closest name. */
export function suggest(word: string, candidates: Candidate[]): string | null {
  const former = candidates.find((c) => c.formerly?.includes(word));
  if (former) return former.suggestion;
  let best: { c: Candidate; d: number } | null = null;
  for (const c of candidates) {
    if (!close(word, c.name)) continue;
    const d = editDistance(word, c.name);
    if (!best || d < best.d) best = { c, d };
  }
  return best?.c.suggestion ?? null;
}
