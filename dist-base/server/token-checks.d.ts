export declare const MIN_TOKEN_LENGTH = 16;
/** How many characters of the secret are left once guessable parts are taken out. */
export declare function unguessableLength(secret: string, name?: string): number;
/** Why this secret is refused, or null. Never quotes the secret. */
export declare function secretProblem(secret: string, name: string): string | null;
/** Refuses a token set with a trivial secret, a secret used twice, or a name used twice. */
export declare function checkTokens(tokens: Array<{
    name: string;
    token: string;
    scopes: readonly string[];
}>): void;
