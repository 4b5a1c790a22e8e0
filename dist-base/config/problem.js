export class Problem extends Error {
    at;
    atKey;
    constructor(at, message, 
    /** An unknown key: points at the key rather than its value. */
    atKey = false) {
        super(message);
        this.at = at;
        this.atKey = atKey;
    }
}
/** "server.tokens[0].name" */
export function keyOf(p) {
    return p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('');
}
//# sourceMappingURL=problem.js.map