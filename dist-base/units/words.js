/**
 * Small value grammars of unit files: shell-like word splitting (no expansion, quotes and
 * backslashes only), sizes (256M, 8G, infinity) and booleans (yes/no, true/false, on/off, 1/0).
 * Each throws a plain Error the caller wraps with the file:line of the value.
 */
export function splitWords(text) {
    const words = [];
    let cur = '';
    let inWord = false;
    let quote = null;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote === "'") {
            if (c === "'")
                quote = null;
            else
                cur += c;
        }
        else if (quote === '"') {
            if (c === '"')
                quote = null;
            else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]))
                cur += text[++i];
            else
                cur += c;
        }
        else if (c === "'" || c === '"') {
            quote = c;
            inWord = true;
        }
        else if (c === '\\' && i + 1 < text.length) {
            cur += text[++i];
            inWord = true;
        }
        else if (c === ' ' || c === '\t' || c === '\n') {
            if (inWord)
                words.push(cur);
            cur = '';
            inWord = false;
        }
        else {
            cur += c;
            inWord = true;
        }
    }
    if (quote)
        throw new Error(`unterminated ${quote} quote in ${JSON.stringify(text)}`);
    if (inWord)
        words.push(cur);
    return words;
}
const SIZE_UNITS = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
/** Bytes, or null for infinity. */
const MAX_SIZE_BYTES = 1024 * 1024 ** 4;
export function parseSize(text) {
    const t = text.trim();
    if (/^(infinity|unlimited|none)$/i.test(t))
        return null;
    const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(t);
    if (!m)
        throw new Error(`malformed size ${JSON.stringify(text)} (use e.g. 512K, 256M, 8G or infinity)`);
    const bytes = Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]);
    if (bytes <= 0)
        throw new Error(`size must be above zero, got ${JSON.stringify(text)}`);
    // Past this, sizes lose precision as numbers (and no machine has it): refused, not rounded.
    if (!(bytes <= MAX_SIZE_BYTES))
        throw new Error(`size must be at most 1024T, got ${JSON.stringify(text)}`);
    return bytes;
}
export function parseBool(text) {
    const t = text.trim().toLowerCase();
    if (['yes', 'true', 'on', '1'].includes(t))
        return true;
    if (['no', 'false', 'off', '0'].includes(t))
        return false;
    throw new Error(`expected yes or no, got ${JSON.stringify(text)}`);
}
//# sourceMappingURL=words.js.map