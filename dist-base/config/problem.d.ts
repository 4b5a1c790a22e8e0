/**
 * A problem with a value, found by the schema check or by a rule between settings: where it is
 * (a path from the root of the configuration, or from the value checked) and what is wrong. The
 * loader turns it into a ValidationError naming file:line:column, the variable or the flag.
 */
export type SubPath = Array<string | number>;
export declare class Problem extends Error {
    readonly at: SubPath;
    /** An unknown key: points at the key rather than its value. */
    readonly atKey: boolean;
    constructor(at: SubPath, message: string, 
    /** An unknown key: points at the key rather than its value. */
    atKey?: boolean);
}
/** "server.tokens[0].name" */
export declare function keyOf(p: SubPath): string;
