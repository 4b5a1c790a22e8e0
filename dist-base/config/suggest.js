/** "Did you mean …?" for a misspelt or misplaced setting name. */
/** Edits between two words, case-insensitive: insert, delete, replace, or swap two neighbours ("tokne"). */
export function editDistance(a, b) {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= x.length; i++) {
        for (let j = 1; j <= y.length; j++) {
            const cost = x[i - 1] === y[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[x.length][y.length];
}
/** Close enough to be a typo: a third of the word, at least one edit, at most three. */
function close(word, candidate) {
    return editDistance(word, candidate) <= Math.min(3, Math.max(1, Math.floor(candidate.length / 3)));
}
/** The best suggestion for `word` among the candidates, or null: former names first, then the closest name. */
export function suggest(word, candidates) {
    const former = candidates.find((c) => c.formerly?.includes(word));
    if (former)
        return former.suggestion;
    let best = null;
    for (const c of candidates) {
        if (!close(word, c.name))
            continue;
        const d = editDistance(word, c.name);
        if (!best || d < best.d)
            best = { c, d };
    }
    return best?.c.suggestion ?? null;
}
//# sourceMappingURL=suggest.js.map