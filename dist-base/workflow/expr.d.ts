/**
 * The small, safe expression language of workflow files: `${{ needs.fetch.output.files }}`.
 * Parsed into a tree and walked; nothing is ever handed to eval or Function. Grammar:
 *
 *   expr    := or ;  or := and ('||' and)* ;  and := cmp ('&&' cmp)*
 *   cmp     := unary (('==' | '!=' | '<' | '<=' | '>' | '>=') unary)?
 *   unary   := '!' unary | '-' unary | postfix
 *   postfix := primary ('.' name | '[' expr ']')*
 *   primary := number | 'string' | "string" | true | false | null | name | name '(' args ')'
 *            | '(' expr ')' | '[' (expr (',' expr)*)? ']'
 *
 * A syntax error carries the column (offset) in the expression so callers can report
 * file:line:column.
 */
export type Expr = {
    k: 'lit';
    v: unknown;
    at: number;
} | {
    k: 'ref';
    name: string;
    at: number;
} | {
    k: 'get';
    obj: Expr;
    key: Expr;
    at: number;
} | {
    k: 'call';
    fn: string;
    args: Expr[];
    at: number;
} | {
    k: 'list';
    items: Expr[];
    at: number;
} | {
    k: 'not';
    e: Expr;
    at: number;
} | {
    k: 'neg';
    e: Expr;
    at: number;
} | {
    k: 'bin';
    op: string;
    l: Expr;
    r: Expr;
    at: number;
};
export declare class ExprError extends Error {
    /** Offset in the expression text where the problem is. */
    readonly offset: number;
    constructor(message: string, 
    /** Offset in the expression text where the problem is. */
    offset: number);
}
export declare const FUNCTIONS: Record<string, {
    arity: [number, number];
    fn: (...a: unknown[]) => unknown;
}>;
export declare function parseExpr(src: string): Expr;
/** Every path from a root name the expression reads, e.g. ['needs', 'fetch', 'output'], with its offset. */
export declare function exprRefs(e: Expr): Array<{
    path: Array<string | number | null>;
    at: number;
}>;
export declare function evalExpr(e: Expr, scope: Record<string, unknown>): unknown;
export declare function truthy(v: unknown): boolean;
/**
 * A string value in a workflow file: `${{ x }}` alone yields x's value (any JSON type); text
 * around or between expressions yields a string.
 */
export interface Template {
    whole: boolean;
    parts: Array<string | {
        expr: Expr;
        src: string;
        offset: number;
    }>;
}
export declare function parseTemplate(text: string): Template | null;
export declare function renderTemplate(t: Template, scope: Record<string, unknown>): unknown;
/** Parses a bare expression or one wrapped in ${{ }} (for `if:` and `foreach:`). */
export declare function parseCondition(text: string): {
    expr: Expr;
    offset: number;
};
/** Renders every string in a JSON value that holds an expression. */
export declare function renderValue(value: unknown, scope: Record<string, unknown>): unknown;
