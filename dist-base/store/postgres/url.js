/**
 * The postgres:// URL: one host, or several in libpq's form for a primary with standbys,
 *
 *   postgres://USER[:PASSWORD]@HOST[:PORT][,HOST[:PORT]…]/DATABASE[?target_session_attrs=read-write&schema=NAME…]
 *
 * Hosts are tried in the order given. `target_session_attrs` says which server will do:
 * `any` (the first that answers; libpq's default), or `read-write` / `primary` (one that takes
 * writes, which a store needs after a failover has turned the old primary's standby into the
 * primary). `?schema=`, `?poolSize=` and `?prepare=` are taskframe's own; every other
 * parameter goes to `pg` unchanged. Pure: nothing here connects.
 */
import { StoreOpenError } from '../../model/errors.js';
export const DEFAULT_SCHEMA = 'taskframe';
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const SHAPE = 'postgres://USER[:PASSWORD]@HOST[:PORT][,HOST2[:PORT2]…]/DATABASE[?schema=NAME]';
const SESSION_ATTRS = ['any', 'read-write', 'primary'];
/** libpq knows these too, but a store that writes cannot live on a standby. */
const READ_ONLY_ATTRS = new Set(['read-only', 'standby', 'prefer-standby']);
/** `host:port` of every host, for messages. */
export function hostList(target) {
    return target.hosts.map((h) => `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}`).join(', ');
}
/** scheme, userinfo (with its @), authority (the hosts), and the rest (path, query, fragment). */
const PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:)\/\/([^@/?#]*@)?([^/?#]*)(.*)$/s;
/** Parses and checks the URL; see the header for the form. */
export function parsePgUrl(url, schemaOption) {
    const parts = PARTS.exec(url);
    const authority = parts?.[3] ?? '';
    if (!parts || !authority.includes(','))
        return parseOneHost(url, url, schemaOption);
    const [, scheme, userinfo = '', , rest] = parts;
    const pieces = authority.split(',');
    const hosts = pieces.map((piece, i) => parseHostPiece(url, piece, i, pieces.length));
    // Everything but the hosts is read once, from the URL with its first host.
    const first = parseOneHost(url, `${scheme}//${userinfo}${pieces[0]}${rest}`, schemaOption);
    return {
        ...first,
        hosts: hosts.map(({ host, port }) => ({ host, port, connectionString: withHost(first.connectionString, host, port) })),
    };
}
function parseHostPiece(url, piece, i, n) {
    const which = `host ${i + 1} of ${n}`;
    if (piece === '')
        throw new StoreOpenError(url, `${which} is empty (expected ${SHAPE})`);
    const m = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(.*))?$/.exec(piece);
    if (!m)
        throw new StoreOpenError(url, `${which} "${piece}" is not HOST[:PORT]`);
    const host = m[1].replace(/^\[|\]$/g, '');
    const portText = m[2];
    if (portText !== undefined && !(/^\d{1,5}$/.test(portText) && Number(portText) > 0 && Number(portText) < 65536)) {
        throw new StoreOpenError(url, `${which} ("${host}") has invalid port "${portText}" (expected 1-65535)`);
    }
    try {
        new URL(`postgres://${piece}/x`);
    }
    catch {
        throw new StoreOpenError(url, `${which} "${piece}" is not a valid host name`);
    }
    return { host, port: portText === undefined ? 5432 : Number(portText) };
}
function withHost(connectionString, host, port) {
    const u = new URL(connectionString);
    u.hostname = host.includes(':') ? `[${host}]` : host;
    u.port = String(port);
    return u.toString();
}
/** `url` is what the user gave (for messages); `text` the one-host URL to parse. */
function parseOneHost(url, text, schemaOption) {
    let u;
    try {
        u = new URL(text);
    }
    catch {
        throw new StoreOpenError(url, `not a valid URL (expected ${SHAPE})`);
    }
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
        throw new StoreOpenError(url, `unsupported scheme "${u.protocol}" (use postgres://)`);
    if (!u.hostname)
        throw new StoreOpenError(url, 'no host in URL (expected postgres://USER@HOST[:PORT]/DATABASE)');
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!database)
        throw new StoreOpenError(url, 'no database name in URL (expected postgres://USER@HOST[:PORT]/DATABASE)');
    if (u.port && !(Number(u.port) > 0 && Number(u.port) < 65536))
        throw new StoreOpenError(url, `invalid port "${u.port}"`);
    const schema = u.searchParams.get('schema') ?? schemaOption ?? DEFAULT_SCHEMA;
    if (!IDENT_RE.test(schema)) {
        throw new StoreOpenError(url, `schema "${schema}" is not a plain identifier (letters, digits and _, at most 63, not starting with a digit)`);
    }
    const poolParam = u.searchParams.get('poolSize');
    const poolSize = poolParam === null ? undefined : Number(poolParam);
    if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0)) {
        throw new StoreOpenError(url, `poolSize must be a positive integer, got "${poolParam}"`);
    }
    const prepareParam = u.searchParams.get('prepare');
    if (prepareParam !== null && prepareParam !== 'true' && prepareParam !== 'false') {
        throw new StoreOpenError(url, `prepare must be true or false, got "${prepareParam}"`);
    }
    const sessionAttrs = parseSessionAttrs(url, u.searchParams.get('target_session_attrs'));
    for (const own of ['schema', 'poolSize', 'prepare', 'target_session_attrs'])
        u.searchParams.delete(own);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const port = Number(u.port || 5432);
    return {
        url,
        connectionString: u.toString(),
        hosts: [{ host, port, connectionString: u.toString() }],
        sessionAttrs,
        schema,
        host,
        port,
        database,
        user: decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || 'postgres',
        poolSize,
        prepare: prepareParam !== 'false',
    };
}
function parseSessionAttrs(url, value) {
    if (value === null)
        return 'any';
    if (SESSION_ATTRS.includes(value))
        return value;
    if (READ_ONLY_ATTRS.has(value)) {
        throw new StoreOpenError(url, `target_session_attrs=${value} is not supported: the store writes, so it needs ${SESSION_ATTRS.join(', ')}`);
    }
    throw new StoreOpenError(url, `target_session_attrs must be one of ${SESSION_ATTRS.join(', ')}, got "${value}"`);
}
//# sourceMappingURL=url.js.map