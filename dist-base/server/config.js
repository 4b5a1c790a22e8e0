/**
 * Server configuration, from the one configuration of every taskframe process (src/config/:
 * a file, overridden by environment variables, overridden by flags; the `server`, `store`,
 * `log`, `maintenance`, `scheduler` and `bridge` sections).
 * Token secrets come from the environment (TASKFRAME_TOKENS), a tokens file
 * (TASKFRAME_TOKENS_FILE or `server.tokensFile`), or the config file's `server.tokens` entries,
 * each of which names its secret directly, by file (`tokenFile`) or by variable (`tokenEnv`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateBridgeConfig } from '../bus/bridge.js';
import { loadConfig } from '../config/load.js';
import { ValidationError } from '../model/errors.js';
import { parseTokenEnv, parseTokenFile, validateTokens } from './auth.js';
function tokensFromFileEntries(entries, file, env) {
    if (!Array.isArray(entries))
        throw new ValidationError(`${file}: tokens`, 'must be an array');
    return entries.map((e, i) => {
        const field = `${file}: tokens[${i}]`;
        const sources = [e.token, e.tokenFile, e.tokenEnv].filter((x) => x !== undefined).length;
        if (sources !== 1)
            throw new ValidationError(field, 'give exactly one of token, tokenFile, tokenEnv');
        let token;
        if (e.tokenFile !== undefined)
            token = fs.readFileSync(path.resolve(path.dirname(file), e.tokenFile), 'utf8').trim();
        else if (e.tokenEnv !== undefined) {
            const v = env[e.tokenEnv];
            if (!v)
                throw new ValidationError(`${field}.tokenEnv`, `environment variable ${e.tokenEnv} is not set`);
            token = v;
        }
        else
            token = e.token;
        return { name: e.name ?? `token${i}`, scopes: e.scopes ?? [], token };
    });
}
/** The server's settings from a loaded configuration; `schedules` adds workflow files (--schedule). */
export function serverConfig(loaded, env = process.env, schedules = []) {
    const c = loaded.values;
    const configPath = loaded.file ?? 'config';
    const tokens = [];
    if (c.server.tokens)
        tokens.push(...tokensFromFileEntries(c.server.tokens, configPath, env));
    const tokensFile = c.server.tokensFile;
    if (tokensFile) {
        let text;
        try {
            text = fs.readFileSync(tokensFile, 'utf8');
        }
        catch (err) {
            throw new ValidationError(tokensFile, `cannot read tokens file: ${err.message}`);
        }
        tokens.push(...parseTokenFile(text, tokensFile));
    }
    const listSource = loaded.sources.get('server.tokenList');
    if (c.server.tokenList)
        tokens.push(...parseTokenEnv(c.server.tokenList, listSource?.kind === 'env' ? listSource.name : `${configPath}: server.tokenList`));
    // Tokens from every source together: a name or secret given in two sources is refused too.
    validateTokens(tokens);
    return {
        host: c.server.host,
        port: c.server.port,
        db: c.store.url,
        tokens,
        bodyLimit: c.server.bodyLimit,
        maintenance: c.server.maintenance,
        retentionMs: c.maintenance.retention ?? null,
        logLevel: c.log.level ?? 'info',
        bridge: c.bridge === undefined ? null : validateBridgeConfig(c.bridge, `${configPath}: bridge`),
        // Flags add to the configured list (the file's paths are relative to the file).
        schedules: [...c.scheduler.workflows, ...schedules],
    };
}
/** Loads the configuration (a file, the environment, these flags) and takes the server's settings from it. */
export function loadServerConfig(flags, env = process.env) {
    const given = (key, value, flag) => (value === undefined ? {} : { [key]: { value: String(value), flag } });
    const loaded = loadConfig({
        ...(flags.config ? { file: flags.config } : {}),
        env,
        flags: { ...given('server.host', flags.host, '--host'), ...given('server.port', flags.port, '--port'), ...given('store.url', flags.db, '--db') },
    });
    return serverConfig(loaded, env, flags.schedule);
}
//# sourceMappingURL=config.js.map