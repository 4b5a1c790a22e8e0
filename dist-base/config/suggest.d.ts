/** "Did you mean …?" for a misspelt or misplaced setting name. */
/** Edits between two words, case-insensitive: insert, delete, replace, or swap two neighbours ("tokne"). */
export declare function editDistance(a: string, b: string): number;
export interface Candidate {
    /** What to suggest ("concurrency", or "worker.concurrency" for a setting elsewhere). */
    suggestion: string;
    /** The name compared with the unknown one. */
    name: string;
    /** Old names of the setting, compared exactly. */
    formerly?: string[];
}
/** The best suggestion for `word` among the candidates, or null: former names first, then the closest name. */
export declare function suggest(word: string, candidates: Candidate[]): string | null;
