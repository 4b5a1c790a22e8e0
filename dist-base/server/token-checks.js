/**
 * Server tokens are checked when the server starts, and a bad set is refused with a message
 * naming the token (never its secret): a secret too short or too easy to guess, one secret
 * given to two tokens (which one is it, and with which scopes?), two tokens with one name (logs
 * and /v1/whoami could not tell them apart).
 *
 * "Easy to guess" is measured without a download or a dictionary file: after taking out common
 * words and defaults (also written 1337-style: p4ssw0rd), the token's own name, runs like 123,
 * abc or 987, and characters repeated three or more times, at least GUESS_FLOOR characters must
 * remain, and the secret must not be one short part repeated (abab…, Summer24!Summer24!).
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../model/errors.js';
export const MIN_TOKEN_LENGTH = 16;
// Chosen so generated secrets pass: of a million random secrets each, 3 of 16 hex characters were
// refused (openssl rand -hex 8: run it again), none of 16 base64url characters, none of 48 hex
// characters (openssl rand -hex 24, which kept 32 or more).
const GUESS_FLOOR = 6;
const MIN_DISTINCT = 5;
/** Common passwords, defaults and words of this product: the first things anyone tries. */
const WORDS = [
    'password', 'passwd', 'secret', 'token', 'admin', 'administrator', 'root', 'master', 'changeme', 'change',
    'letmein', 'welcome', 'qwerty', 'qwertz', 'azerty', 'asdf', 'zxcv', 'default', 'example', 'sample', 'testing', 'test',
    'demo', 'guest', 'user', 'login', 'access', 'dragon', 'monkey', 'football', 'baseball', 'iloveyou', 'trustno',
    'shadow', 'sunshine', 'princess', 'superman', 'batman', 'starwars', 'hello', 'freedom', 'whatever', 'michael',
    'hunter', 'summer', 'winter', 'spring', 'autumn', 'taskframe', 'producer', 'worker', 'server', 'apikey', 'bearer',
    'production', 'prod', 'staging', 'develop', 'local', 'localhost', 'company', 'private', 'public', 'key',
];
const LEET = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
/** How many characters of the secret are left once guessable parts are taken out. */
export function unguessableLength(secret, name = '') {
    const lower = secret.toLowerCase();
    const plain = [...lower].map((c) => LEET[c] ?? c).join('');
    const taken = new Array(secret.length).fill(false);
    const take = (from, to) => {
        for (let i = from; i < to; i++)
            taken[i] = true;
    };
    for (const w of [...WORDS, ...(name.length >= 3 ? [name.toLowerCase()] : [])]) {
        for (const s of [lower, plain]) {
            for (let at = s.indexOf(w); at !== -1; at = s.indexOf(w, at + 1))
                take(at, at + w.length);
        }
    }
    // Runs of three or more: the same character, or consecutive letters or digits either way.
    const kind = (c) => (/[0-9]/.test(c) ? 'd' : /[a-z]/.test(c) ? 'a' : null);
    for (const step of [0, 1, -1]) {
        let start = 0;
        for (let i = 1; i <= lower.length; i++) {
            const continues = i < lower.length &&
                lower.charCodeAt(i) - lower.charCodeAt(i - 1) === step &&
                (step === 0 || (kind(lower[i]) !== null && kind(lower[i]) === kind(lower[i - 1])));
            if (!continues) {
                if (i - start >= 3)
                    take(start, i);
                start = i;
            }
        }
    }
    let left = 0;
    for (let i = 0; i < secret.length; i++)
        if (!taken[i] && /[a-z0-9]/i.test(secret[i]))
            left++;
    return left;
}
/** Why this secret is refused, or null. Never quotes the secret. */
export function secretProblem(secret, name) {
    if (secret.length < MIN_TOKEN_LENGTH)
        return `its secret must be at least ${MIN_TOKEN_LENGTH} characters (it has ${secret.length})`;
    const distinct = new Set(secret).size;
    if (distinct === 1)
        return 'its secret is one character repeated';
    if (distinct < MIN_DISTINCT)
        return `its secret uses only ${distinct} different characters`;
    for (let unit = 1; unit <= secret.length / 2; unit++) {
        if (secret.length % unit === 0 && secret.slice(unit) === secret.slice(0, -unit))
            return `its secret is one ${unit}-character part repeated`;
    }
    const left = unguessableLength(secret, name);
    if (left < GUESS_FLOOR) {
        return `its secret is too easy to guess: without common words, its own name, runs like 123 or abc and repeated characters, only ${left} of its ${secret.length} characters remain (at least ${GUESS_FLOOR} must)`;
    }
    return null;
}
const GENERATE = 'generate one with: openssl rand -hex 24';
/** Refuses a token set with a trivial secret, a secret used twice, or a name used twice. */
export function checkTokens(tokens) {
    const byName = new Map();
    const bySecret = new Map();
    tokens.forEach((t, i) => {
        const field = `tokens[${i}]`;
        if (typeof t.name !== 'string' || t.name.trim() === '')
            throw new ValidationError(`${field}.name`, 'every token needs a name (shown in logs and /v1/whoami instead of the secret)');
        if (typeof t.token !== 'string')
            throw new ValidationError(`${field}.token`, `token "${t.name}": its secret must be a string`);
        const problem = secretProblem(t.token, t.name);
        if (problem)
            throw new ValidationError(`${field}.token`, `token "${t.name}": ${problem}; ${GENERATE}`);
        const other = byName.get(t.name);
        if (other !== undefined)
            throw new ValidationError(`${field}.name`, `two tokens are named "${t.name}" (tokens[${other}] and tokens[${i}]); logs and /v1/whoami name a token, so each name must be one token`);
        byName.set(t.name, i);
        const digest = createHash('sha256').update(t.token, 'utf8').digest('hex');
        const same = bySecret.get(digest);
        if (same !== undefined) {
            const first = tokens[same];
            const scopes = [...first.scopes].sort().join('+') === [...t.scopes].sort().join('+') ? 'the same scopes' : `different scopes (${first.scopes.join('+')} and ${t.scopes.join('+')})`;
            throw new ValidationError(`${field}.token`, `tokens "${first.name}" and "${t.name}" have the same secret, with ${scopes}: a request could not tell which it is; give each token its own secret (${GENERATE})`);
        }
        bySecret.set(digest, i);
    });
}
//# sourceMappingURL=token-checks.js.map