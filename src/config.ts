import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { isValidEmail } from './core/audience/email-address.js';
import { DEFAULT_IMPORT_STORAGE, type ImportStorage } from './core/imports/retention.js';
import { parseSmppRoutes, SmppRouteError, type SmppRoute } from './delivery/sms/routes.js';
import type { HttpLimits } from './server/limits.js';
import type { SessionPolicy } from './core/audience/users/session-expiry.js';
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from './core/auth-throttle/window.js';

/** Everything Herald reads from its environment, validated once at start. */
export interface HeraldConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  tls: { certFile: string; keyFile: string; port: number } | null;
  secretKey: Buffer;
  logLevel: string;
  /** Largest request body any face accepts, in bytes. */
  bodyLimit: number;
  email: EmailConfig;
  /** SMPP routes (HERALD_SMPP_ROUTES); none: SMS waits in the queue. */
  sms: { routes: SmppRoute[] };
  /** From address of mail Herald sends itself (sender verification); null when none can be derived. */
  systemFrom: string | null;
  /** Bearer key of the operator API (/api/v1/operator/...); null: that API answers 403. */
  operatorKey: string | null;
  /** Timeouts and the connection cap of the HTTP(S) listeners. */
  http: HttpLimits;
  /** Proxies (addresses or CIDRs) whose X-Forwarded-For is believed; empty: none. */
  trustProxy: string[];
  /** Expiry of browser sessions (SSO). */
  sessions: SessionPolicy;
  /** Failed authentications allowed per client address and per login/key id in a window (HERALD_AUTH_*). */
  authThrottle: ThrottlePolicy;
  /** Import file retention (HERALD_IMPORT_RETENTION_DAYS) and per-account upload quota (HERALD_UPLOAD_QUOTA). */
  importStorage: ImportStorage;
}

export interface EmailConfig {
  /** SMTP relays (smtp:// or smtps:// URLs with optional user:password); none: email waits in the queue. */
  relays: string[];
  /** Connections kept open per relay (per sending thread). */
  poolSize: number;
  /** Threads that compose and send mail beside the dispatcher; 0 sends on the main thread. */
  threads: number;
  /** Domain of the return path (bounces+REF@domain) and of the inbound listener's addresses. */
  bounceDomain: string;
  /** Inbound SMTP listener for bounces and complaints; null: not started. */
  inbound: { host: string; port: number } | null;
  /** Run a dispatcher inside `herald serve` (off when separate `herald worker` processes send). */
  dispatcher: boolean;
  /** How long a dispatcher's claim on a message lasts: after a crash, its messages wait this long. */
  leaseMs: number;
  /** Callback targets in loopback or private ranges are refused unless the operator allows them. */
  allowPrivateCallbacks: boolean;
}

function parseRelays(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((r) => r.trim()).filter((r) => r !== '').map((r) => {
    let url: URL;
    try {
      url = new URL(r);
    } catch {
      throw new ConfigError(`HERALD_SMTP_RELAYS: "${r}" is not a URL (smtp://user:pass@host:587 or smtps://host:465)`);
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError(`HERALD_SMTP_RELAYS: "${r}" must start with smtp:// or smtps://`);
    if (url.hostname === '') throw new ConfigError(`HERALD_SMTP_RELAYS: "${r}" has no host`);
    return r;
  });
}

function parseFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseCount(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return Number(raw);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function parsePort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError(`${name} must be a TCP port number between 1 and 65535, got "${raw}"`);
  }
  return Number(raw);
}

function parseSize(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d+)\s*(k|m|g)?b?$/i.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must be a size such as 1048576, 512k or 10m, got "${raw}"`);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(m[1]) * factor;
}

function parseDatabaseUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite), got "${raw}"`);
  }
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: "${raw}"`);
  }
  return raw;
}

/**
 * The secret key encrypts stored secrets (signature keys). Several processes sharing one PostgreSQL
 * database must share it, so it can come from the environment; otherwise it lives in the data dir.
 */
function loadSecretKey(env: Env, dataDir: string): Buffer {
  const raw = env.HERALD_SECRET_KEY;
  if (raw !== undefined && raw !== '') {
    const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) {
      throw new ConfigError('HERALD_SECRET_KEY must be 32 bytes, written as 64 hex characters or base64');
    }
    return key;
  }
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length !== 32) throw new ConfigError(`${file} does not hold a 64-hex-character key`);
    return key;
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}

/** HERALD_SYSTEM_FROM, else no-reply@ the bounce domain when that makes an address (not an IP). */
function systemFrom(env: Env, bounceDomain: string): string | null {
  const raw = env.HERALD_SYSTEM_FROM?.trim();
  if (raw) {
    if (!isValidEmail(raw)) throw new ConfigError(`HERALD_SYSTEM_FROM must be an email address, got "${raw}"`);
    return raw;
  }
  const fallback = `no-reply@${bounceDomain}`;
  return isValidEmail(fallback) ? fallback : null;
}

export function loadConfig(env: Env = process.env): HeraldConfig {
  const host = env.HERALD_HOST || '127.0.0.1';
  if (isIP(host) === 0 && !/^[a-z0-9.-]+$/i.test(host)) {
    throw new ConfigError(`HERALD_HOST must be an IP address or host name, got "${host}"`);
  }
  const port = parsePort(env, 'HERALD_PORT', 8080);
  const dataDir = path.resolve(env.HERALD_DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL);

  const publicUrl = (env.HERALD_PUBLIC_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new ConfigError(`HERALD_PUBLIC_URL must be an http(s) URL, got "${env.HERALD_PUBLIC_URL}"`);
  }

  const certFile = env.HERALD_TLS_CERT || '';
  const keyFile = env.HERALD_TLS_KEY || '';
  if ((certFile === '') !== (keyFile === '')) {
    throw new ConfigError('HERALD_TLS_CERT and HERALD_TLS_KEY must be set together');
  }
  for (const f of [certFile, keyFile]) {
    if (f !== '' && !existsSync(f)) throw new ConfigError(`TLS file not found: ${f}`);
  }
  const tls = certFile ? { certFile, keyFile, port: parsePort(env, 'HERALD_TLS_PORT', 8443) } : null;

  const logLevel = env.HERALD_LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`HERALD_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }

  return {
    host,
    port,
    dataDir,
    databaseUrl,
    publicUrl,
    tls,
    secretKey: loadSecretKey(env, dataDir),
    logLevel,
    bodyLimit: parseSize(env, 'HERALD_BODY_LIMIT', 1024 * 1024),
    systemFrom: systemFrom(env, env.HERALD_BOUNCE_DOMAIN || new URL(publicUrl).hostname),
    email: {
      relays: parseRelays(env.HERALD_SMTP_RELAYS),
      poolSize: parseCount(env, 'HERALD_SMTP_POOL', 5, 100),
      threads: env.HERALD_SMTP_THREADS === '0' ? 0 : parseCount(env, 'HERALD_SMTP_THREADS', 1, 16),
      bounceDomain: env.HERALD_BOUNCE_DOMAIN || new URL(publicUrl).hostname,
      inbound: env.HERALD_INBOUND_SMTP_PORT ? { host: env.HERALD_INBOUND_SMTP_HOST || host, port: parsePort(env, 'HERALD_INBOUND_SMTP_PORT', 2525) } : null,
      dispatcher: parseFlag(env, 'HERALD_DISPATCHER', true),
      leaseMs: parseCount(env, 'HERALD_SEND_LEASE_SECONDS', 300, 86_400) * 1000,
      allowPrivateCallbacks: parseFlag(env, 'HERALD_CALLBACKS_ALLOW_PRIVATE', false),
    },
    sms: { routes: smppRoutes(env.HERALD_SMPP_ROUTES) },
    operatorKey: operatorKey(env.HERALD_OPERATOR_KEY),
    http: {
      requestTimeoutMs: parseCount(env, 'HERALD_REQUEST_TIMEOUT_SECONDS', 30, 3600) * 1000,
      uploadTimeoutMs: parseCount(env, 'HERALD_UPLOAD_TIMEOUT_SECONDS', 1800, 86_400) * 1000,
      headersTimeoutMs: parseCount(env, 'HERALD_HEADERS_TIMEOUT_SECONDS', 10, 3600) * 1000,
      keepAliveTimeoutMs: parseCount(env, 'HERALD_KEEP_ALIVE_TIMEOUT_SECONDS', 5, 3600) * 1000,
      idleTimeoutMs: parseCount(env, 'HERALD_IDLE_TIMEOUT_SECONDS', 60, 86_400) * 1000,
      maxConnections: parseCount(env, 'HERALD_MAX_CONNECTIONS', 1000, 1_000_000),
    },
    trustProxy: trustedProxies(env.HERALD_TRUST_PROXY),
    sessions: {
      idleMs: parseCount(env, 'HERALD_SESSION_IDLE_MINUTES', 30, 7 * 24 * 60) * 60_000,
      absoluteMs: parseCount(env, 'HERALD_SESSION_MAX_HOURS', 12, 30 * 24) * 3_600_000,
    },
    authThrottle: {
      windowMs: parseCount(env, 'HERALD_AUTH_WINDOW_SECONDS', DEFAULT_THROTTLE_POLICY.windowMs / 1000, 86_400) * 1000,
      maxPerIp: parseCount(env, 'HERALD_AUTH_MAX_FAILURES_PER_IP', DEFAULT_THROTTLE_POLICY.maxPerIp, 1_000_000),
      maxPerCredential: parseCount(env, 'HERALD_AUTH_MAX_FAILURES_PER_CREDENTIAL', DEFAULT_THROTTLE_POLICY.maxPerCredential, 1_000_000),
    },
    importStorage: {
      retentionDays: parseCount(env, 'HERALD_IMPORT_RETENTION_DAYS', DEFAULT_IMPORT_STORAGE.retentionDays, 3650),
      uploadQuotaBytes: parseSize(env, 'HERALD_UPLOAD_QUOTA', DEFAULT_IMPORT_STORAGE.uploadQuotaBytes),
    },
  };
}

/** HERALD_TRUST_PROXY: comma-separated addresses, CIDR ranges or proxy-addr's names of ranges. */
function trustedProxies(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return value;
    const [address = '', prefix, extra] = value.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (family === 0 || !prefixOk || extra !== undefined) throw new ConfigError(`HERALD_TRUST_PROXY: "${value}" is not an IP address, CIDR range or loopback/linklocal/uniquelocal (e.g. 127.0.0.1, 10.0.0.0/8)`);
    return value;
  });
}

/** A guessable operator key would open every account's settings, so short ones are refused. */
function operatorKey(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16 || /\s/.test(raw)) throw new ConfigError('HERALD_OPERATOR_KEY must be at least 16 characters without spaces');
  return raw;
}

function smppRoutes(raw: string | undefined): SmppRoute[] {
  try {
    return parseSmppRoutes(raw);
  } catch (err) {
    if (err instanceof SmppRouteError) throw new ConfigError(`HERALD_SMPP_ROUTES: ${err.message}`);
    throw err;
  }
}
