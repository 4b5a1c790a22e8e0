/**
 * Bearer-token auth with scopes. Tokens are compared in constant time (SHA-256 digests of equal
 * length, every configured token checked, no early exit) and never logged or echoed. A token in
 * the query string is refused outright: URLs end up in proxy logs and browser history.
 *
 * Scopes: admin (everything), producer (enqueue and read), worker (claim and report results).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../model/errors.js';
import { HttpAuthError } from './errors.js';
import { checkTokens } from './token-checks.js';
export const SCOPES = ['admin', 'producer', 'worker'];
const QUERY_TOKEN_KEYS = ['token', 'access_token', 'api_key', 'apikey', 'auth', 'authorization', 'bearer'];
function digest(s) {
    return createHash('sha256').update(s, 'utf8').digest();
}
/**
 * Refuses a token set the server must not start with (ValidationError naming the token, never its
 * secret): unknown or missing scopes, and what token-checks.ts refuses (trivial secrets, a secret
 * used twice, a name used twice). Checked when the configuration is read, before the store opens.
 */
export function validateTokens(tokens) {
    tokens.forEach((t, i) => {
        if (!Array.isArray(t.scopes) || t.scopes.length === 0)
            throw new ValidationError(`tokens[${i}].scopes`, `token "${t.name}": must list at least one of ${SCOPES.join(', ')}`);
        t.scopes.forEach((s, j) => {
            if (!SCOPES.includes(s))
                throw new ValidationError(`tokens[${i}].scopes[${j}]`, `token "${t.name}": "${s}" is not a scope (one of ${SCOPES.join(', ')})`);
        });
    });
    checkTokens(tokens);
}
export class TokenAuth {
    entries;
    constructor(tokens) {
        validateTokens(tokens);
        this.entries = tokens.map((t) => ({ name: t.name, scopes: [...t.scopes], hash: digest(t.token) }));
    }
    get size() {
        return this.entries.length;
    }
    /** The principal for a presented token, or null. Time does not depend on which token matched. */
    identify(presented) {
        const h = digest(presented);
        let found = null;
        for (const e of this.entries) {
            if (timingSafeEqual(h, e.hash) && found === null)
                found = { name: e.name, scopes: e.scopes };
        }
        return found;
    }
    /** Authenticates a request and checks it has one of `allowed` (admin always passes). */
    authorize(req, allowed) {
        const q = req.query;
        if (q && typeof q === 'object' && QUERY_TOKEN_KEYS.some((k) => k in q)) {
            throw new HttpAuthError(401, 'UNAUTHORIZED', 'tokens in the query string are refused (they leak into logs); send "Authorization: Bearer <token>"');
        }
        const header = req.headers.authorization;
        if (!header)
            throw new HttpAuthError(401, 'UNAUTHORIZED', 'missing "Authorization: Bearer <token>" header');
        const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
        if (!m)
            throw new HttpAuthError(401, 'UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
        const principal = this.identify(m[1]);
        if (!principal)
            throw new HttpAuthError(401, 'UNAUTHORIZED', 'invalid token');
        if (!principal.scopes.includes('admin') && !allowed.some((s) => principal.scopes.includes(s))) {
            throw new HttpAuthError(403, 'FORBIDDEN', `token "${principal.name}" lacks scope ${allowed.join(' or ')}`);
        }
        return principal;
    }
}
/** TASKFRAME_TOKENS: "name:scope[+scope]:secret,…" (the secret is never shown in errors). */
export function parseTokenEnv(text, source = 'TASKFRAME_TOKENS') {
    return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((entry, i) => {
        const parts = entry.split(':');
        if (parts.length !== 3)
            throw new ValidationError(`${source}[${i}]`, 'expected "name:scope[+scope]:secret" (secret not shown)');
        return { name: parts[0], scopes: parts[1].split('+'), token: parts[2] };
    });
}
/** A tokens file: one "name scope[+scope] secret" per line; blank lines and # comments ignored. */
export function parseTokenFile(text, file) {
    const out = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const parts = line.split(/\s+/);
        if (parts.length !== 3)
            throw new ValidationError(`${file}:${i + 1}`, 'expected "name scope[+scope] secret" (secret not shown)');
        out.push({ name: parts[0], scopes: parts[1].split('+'), token: parts[2] });
    });
    return out;
}
//# sourceMappingURL=auth.js.map