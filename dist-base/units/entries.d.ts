/**
 * The common shape both unit formats are read into before validation: a list of
 * section/key/value entries, each remembering where it was written. One builder
 * (spec.ts) turns entries into a UnitSpec, so INI and YAML mean exactly the same thing and
 * every error names the file and line the user wrote.
 */
export interface UnitEntry {
    section: string;
    key: string;
    /** A string as written, or an already split list (YAML arrays: no word splitting). */
    value: string | string[];
    file: string;
    line: number;
    column: number;
}
/** A section header as written (`[Service]`, or a YAML top-level map key): checked even when empty. */
export interface UnitSection {
    name: string;
    file: string;
    line: number;
    column: number;
}
/** What either parser reads a unit file into. */
export interface UnitSource {
    entries: UnitEntry[];
    sections: UnitSection[];
}
export declare function where(e: Pick<UnitEntry, 'file' | 'line' | 'column'>): string;
