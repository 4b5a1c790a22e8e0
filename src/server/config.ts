/**
 * Server configuration: a JSON file, overridden by environment variables, overridden by flags.
 * Token secrets come from the environment (TASKFRAME_TOKENS), a tokens file
 * (TASKFRAME_TOKENS_FILE or `tokensFile`), or the config file's `tokens` entries, each of which
 * names its secret directly, by file (`tokenFile`) or by variable (`tokenEnv`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateBridgeConfig, type BridgeConfig } from '../bus/bridge.js';
import { ValidationError } from '../model/errors.js';
import { parseTokenEnv, parseTokenFile, validateTokens, type Scope, type TokenConfig } from './auth.js';

export interface ServerConfig {
  host: string;
  port: number;
  db: string | undefined;
  tokens: TokenConfig[];
  bodyLimit?: number;
  /** Run maintenance (lease reaping, retention) under leader election; default true. */
  maintenance: boolean;
  retentionMs: number | null;
  logLevel: string;
  /** A bus bridge to run beside the API (see docs/bus.md), or null. */
  bridge: BridgeConfig | null;
  /** Workflow files whose triggers (cron, every, if, after) this server fires, as leader. */
  schedules: string[];
}

interface FileTokenEntry {
  name?: string;
  scopes?: Scope[];
  token?: string;
  tokenFile?: string;
  tokenEnv?: string;
}

interface ConfigFile {
  host?: string;
  port?: number;
  db?: string;
  tokensFile?: string;
  tokens?: FileTokenEntry[];
  bodyLimit?: number;
  maintenance?: boolean;
  retentionMs?: number | null;
  logLevel?: string;
  bridge?: unknown;
  schedules?: string[];
}

const FILE_KEYS = new Set(['host', 'port', 'db', 'tokensFile', 'tokens', 'bodyLimit', 'maintenance', 'retentionMs', 'logLevel', 'bridge', 'schedules']);

export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError(file, `cannot read config file: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(file, `is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ValidationError(file, 'must hold a JSON object');
  for (const k of Object.keys(parsed)) if (!FILE_KEYS.has(k)) throw new ValidationError(`${file}: ${k}`, `unknown setting (known: ${[...FILE_KEYS].join(', ')})`);
  return parsed as ConfigFile;
}

function tokensFromFileEntries(entries: FileTokenEntry[], file: string, env: NodeJS.ProcessEnv): TokenConfig[] {
  if (!Array.isArray(entries)) throw new ValidationError(`${file}: tokens`, 'must be an array');
  return entries.map((e, i) => {
    const field = `${file}: tokens[${i}]`;
    const sources = [e.token, e.tokenFile, e.tokenEnv].filter((x) => x !== undefined).length;
    if (sources !== 1) throw new ValidationError(field, 'give exactly one of token, tokenFile, tokenEnv');
    let token: string;
    if (e.tokenFile !== undefined) token = fs.readFileSync(path.resolve(path.dirname(file), e.tokenFile), 'utf8').trim();
    else if (e.tokenEnv !== undefined) {
      const v = env[e.tokenEnv];
      if (!v) throw new ValidationError(`${field}.tokenEnv`, `environment variable ${e.tokenEnv} is not set`);
      token = v;
    } else token = e.token!;
    return { name: e.name ?? `token${i}`, scopes: e.scopes ?? [], token };
  });
}

export function loadServerConfig(flags: { config?: string; host?: string; port?: string | number; db?: string; schedule?: string[] }, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const configPath = flags.config ?? env.TASKFRAME_SERVER_CONFIG;
  const file: ConfigFile = configPath ? readConfigFile(configPath) : {};
  const tokens: TokenConfig[] = [];
  if (file.tokens) tokens.push(...tokensFromFileEntries(file.tokens, configPath!, env));
  const tokensFile = env.TASKFRAME_TOKENS_FILE ?? (file.tokensFile && configPath ? path.resolve(path.dirname(configPath), file.tokensFile) : undefined);
  if (tokensFile) {
    let text: string;
    try {
      text = fs.readFileSync(tokensFile, 'utf8');
    } catch (err) {
      throw new ValidationError(tokensFile, `cannot read tokens file: ${(err as Error).message}`);
    }
    tokens.push(...parseTokenFile(text, tokensFile));
  }
  if (env.TASKFRAME_TOKENS) tokens.push(...parseTokenEnv(env.TASKFRAME_TOKENS));
  // Tokens from every source together: a name or secret given in two sources is refused too.
  validateTokens(tokens);

  const portRaw = flags.port ?? env.TASKFRAME_PORT ?? file.port ?? 8080;
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError('port', `must be 0..65535, got ${String(portRaw)}`);
  return {
    host: flags.host ?? env.TASKFRAME_HOST ?? file.host ?? '127.0.0.1',
    port,
    db: flags.db ?? env.TASKFRAME_DB ?? file.db,
    tokens,
    bodyLimit: file.bodyLimit,
    maintenance: file.maintenance ?? true,
    retentionMs: file.retentionMs ?? null,
    logLevel: env.TASKFRAME_LOG_LEVEL ?? file.logLevel ?? 'info',
    bridge: file.bridge === undefined ? null : validateBridgeConfig(file.bridge, `${configPath}: bridge`),
    // Flags add to the file's list; the file's paths are relative to the file.
    schedules: [...(file.schedules ?? []).map((f) => path.resolve(path.dirname(configPath!), f)), ...(flags.schedule ?? [])],
  };
}
