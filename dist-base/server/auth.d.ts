import type { FastifyRequest } from 'fastify';
export declare const SCOPES: readonly ["admin", "producer", "worker"];
export type Scope = (typeof SCOPES)[number];
export interface TokenConfig {
    /** A label for logs and metrics (never the secret). */
    name: string;
    token: string;
    scopes: Scope[];
}
export interface Principal {
    name: string;
    scopes: Scope[];
}
/**
 * Refuses a token set the server must not start with (ValidationError naming the token, never its
 * secret): unknown or missing scopes, and what token-checks.ts refuses (trivial secrets, a secret
 * used twice, a name used twice). Checked when the configuration is read, before the store opens.
 */
export declare function validateTokens(tokens: TokenConfig[]): void;
export declare class TokenAuth {
    private readonly entries;
    constructor(tokens: TokenConfig[]);
    get size(): number;
    /** The principal for a presented token, or null. Time does not depend on which token matched. */
    identify(presented: string): Principal | null;
    /** Authenticates a request and checks it has one of `allowed` (admin always passes). */
    authorize(req: FastifyRequest, allowed: Scope[]): Principal;
}
/** TASKFRAME_TOKENS: "name:scope[+scope]:secret,…" (the secret is never shown in errors). */
export declare function parseTokenEnv(text: string, source?: string): TokenConfig[];
/** A tokens file: one "name scope[+scope] secret" per line; blank lines and # comments ignored. */
export declare function parseTokenFile(text: string, file: string): TokenConfig[];
