/**
 * The one typed configuration of feedloom, read from the environment (and a
 * `.env` file in the working directory). Every key is documented in README.md
 * with its default; an invalid value stops the start with a message naming
 * the variable.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parse as parseDotenv } from 'dotenv';
import { MIN_PASSPHRASE_CHARS } from '../src/core/secret-box.js';

export interface Config {
  port: number;
  host: string;
  apiToken: string | null;
  redisUrl: string;
  /** REDIS_URL was given: `feedloom start` never runs an embedded redis-server then. */
  redisUrlSet: boolean;
  /** auto: an embedded redis-server when REDIS_URL is unset and nothing answers on the default address. */
  embeddedRedis: 'auto' | 'always' | 'never';
  /** Where an embedded redis-server keeps its append-only file. */
  redisDataDir: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  allowHosts: string[];
  minPollSeconds: number;
  maxPollSeconds: number;
  defaultPollSeconds: number;
  fetchTimeoutMs: number;
  /** How long POST /v1/feeds waits for discovery before answering; a slower host is resolved in the background. */
  registrationWaitMs: number;
  fetchMaxBytes: number;
  fetchMaxRedirects: number;
  /** Simultaneous requests to one host from one process. */
  fetchPerHostConcurrency: number;
  userAgent: string;
  failingAfter: number;
  webhookTimeoutMs: number;
  webhookMaxAttempts: number;
  webhookBackoffBaseMs: number;
  webhookBackoffMaxMs: number;
  /** Most items taken from one feed document (newest first). */
  maxItemsPerFeed: number;
  fetchConcurrency: number;
  articleConcurrency: number;
  /** Worker threads that clean article bodies and parse fetched feeds (NORMALIZE_THREADS); 0: on the event loop. */
  normalizeThreads: number;
  /** STORE_THREAD: `on` runs a SQLite store in a thread of its own (threaded-store.ts); `off` on the event loop. PostgreSQL: always in process. */
  storeThread: 'on' | 'off';
  deliverConcurrency: number;
  /** How often the reconciler looks for due feeds and pending deliveries. */
  reconcileIntervalMs: number;
  /** Hosts whose iframes (video embeds) survive sanitizing. */
  embedHosts: string[];
  /** Directory of ftr-site-config site configs (`example.com.txt`); null: no site rules. */
  siteConfigDir: string | null;
  /** Learned boilerplate: items a feed needs before its repeated blocks are dropped, the share of recent items a block must be in, and how many items "recent" is. */
  boilerplateMinItems: number;
  boilerplateSharePercent: number;
  boilerplateWindow: number;
  /** NEAR_DUPLICATE_PERCENT: how alike (Jaccard, percent) another feed's copy must be to become a source; 0 is off. */
  nearDuplicatePercent: number;
  /** NEAR_DUPLICATE_WINDOW_DAYS: how far back a copy's earlier article is looked for. */
  nearDuplicateWindowDays: number;
  rateLimitMax: number;
  rateLimitWindowMs: number;
  bodyLimitBytes: number;
  /** Which proxies' X-Forwarded-For the API believes (Fastify trustProxy): none, every hop, or the proxies' addresses/CIDRs. */
  trustProxy: boolean | string[];
  logLevel: string;
  /** How long a worker waits for in-flight jobs at SIGTERM before closing anyway. */
  shutdownGraceMs: number;
  /** The JavaScript heap may grow this much past its live size before a full GC (0: V8's own choice, up to 300%). */
  heapGrowthPercent: number;
  /** A job whose worker stops renewing its lock for this long (crash, hang) is taken over by another worker. */
  jobLockMs: number;
  /** Webhook deliveries in flight to one subscriber from one process, so a slow subscriber cannot hold every slot. */
  webhookPerSubscriberConcurrency: number;
  /** Key that encrypts stored credentials (see src/core/secret-box.ts for the accepted forms); null: none set. */
  secretKey: string | null;
  /** Former keys, still accepted to open values sealed before a rotation. */
  secretKeysPrevious: string[];
  /** Time one WordPress REST call (or featured image download) may take. */
  wordpressTimeoutMs: number;
  /** Largest featured image downloaded for a WordPress post. */
  wordpressMaxImageBytes: number;
  /** NODE_ENV=production: stricter about what is missing (no credentials stored without SECRET_KEY). */
  production: boolean;
  /** How long the secret a rotation replaced keeps signing deliveries beside the new one. */
  webhookSecretOverlapSeconds: number;
  /** Safety poll of a feed a WebSub hub pushes (bounded by MIN/MAX_POLL_SECONDS). */
  websubPollSeconds: number;
  /** The service's own public base URL; WebSub callbacks live under it (null: no WebSub). */
  publicUrl: string | null;
  /** Days of fetch history kept. */
  fetchLogDays: number;
  /** Articles and finished deliveries older than this are deleted (0: kept for ever). */
  retentionDays: number;
  /** The lease asked of WebSub hubs (they may grant another). */
  websubLeaseSeconds: number;
}

export const VERSION = '0.1.0';
export const PROJECT_URL = 'https://github.com/feedloom/feedloom';

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function str(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = str(env, name, fallback).toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function list(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = str(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(', ')}), got "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return value;
}

/** A directory that must exist at start (a typo would otherwise only show as rules that never apply); null when unset. */
function directory(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  let isDirectory = false;
  try {
    isDirectory = statSync(value).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new ConfigError(`${name} must name an existing directory, got "${value}"`);
  return value;
}

// Keys are case-sensitive, so not through list(), which lowercases host names.
function secretKeys(env: Env, name: string): string[] {
  const keys = (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const key of keys) {
    if (key.length < MIN_PASSPHRASE_CHARS) {
      throw new ConfigError(
        `${name} must be 32 bytes as base64 (openssl rand -base64 32), 64 hex characters or a passphrase of at least ${MIN_PASSPHRASE_CHARS} characters`,
      );
    }
  }
  return keys;
}

/**
 * TRUST_PROXY: unset/false (the socket's address is the client), true (every
 * hop: only when nothing but the proxy can reach the port), or
 * comma-separated proxy addresses/CIDRs (the safe choice). No hop count:
 * Fastify 5 fails closed on one, since it cannot vouch for the nearest peer.
 */
function trustProxy(env: Env): boolean | string[] {
  const raw = str(env, 'TRUST_PROXY', 'false').toLowerCase();
  if (raw === 'false') return false;
  if (raw === 'true') return true;
  const entries = list(env, 'TRUST_PROXY', []);
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 6 ? 128 : 32));
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    if (!named && (isIP(address) === 0 || !prefixOk)) {
      throw new ConfigError(
        `TRUST_PROXY must be true, false, or comma-separated proxy addresses or CIDRs (e.g. 10.0.0.0/8,loopback), got "${entry}"`,
      );
    }
  }
  return entries;
}

/** Reads `.env` (if any) under the real environment: a variable already set wins. */
export function loadEnv(cwd = process.cwd(), env: Env = process.env): Env {
  const file = `${cwd}/.env`;
  if (!existsSync(file)) return env;
  return { ...parseDotenv(readFileSync(file)), ...env };
}

export function loadConfig(env: Env = loadEnv()): Config {
  const minPollSeconds = int(env, 'MIN_POLL_SECONDS', 60, 1);
  const maxPollSeconds = int(env, 'MAX_POLL_SECONDS', 86_400, 1);
  if (maxPollSeconds < minPollSeconds) {
    throw new ConfigError(`MAX_POLL_SECONDS (${maxPollSeconds}) must not be below MIN_POLL_SECONDS (${minPollSeconds})`);
  }
  const defaultPollSeconds = int(env, 'DEFAULT_POLL_SECONDS', 900, minPollSeconds, maxPollSeconds);
  const databaseUrl = str(env, 'DATABASE_URL', './data/feedloom.db');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !/^(postgres|postgresql|sqlite|file):/i.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, a sqlite: URL or a file path, got "${databaseUrl}"`);
  }
  const webhookBackoffBaseMs = int(env, 'WEBHOOK_BACKOFF_BASE_MS', 5_000, 1);
  const webhookBackoffMaxMs = int(env, 'WEBHOOK_BACKOFF_MAX_MS', 36_000_000, 1);
  if (webhookBackoffMaxMs < webhookBackoffBaseMs) {
    throw new ConfigError('WEBHOOK_BACKOFF_MAX_MS must not be below WEBHOOK_BACKOFF_BASE_MS');
  }
  const apiToken = env.API_TOKEN?.trim() ? env.API_TOKEN.trim() : null;
  const currentKeys = secretKeys(env, 'SECRET_KEY');
  if (currentKeys.length > 1) throw new ConfigError('SECRET_KEY takes one key; former keys go in SECRET_KEY_PREVIOUS');
  return {
    port: int(env, 'PORT', 3000, 0, 65_535),
    host: str(env, 'HOST', '127.0.0.1'),
    apiToken,
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisUrlSet: (env.REDIS_URL ?? '').trim() !== '',
    embeddedRedis: oneOf(env, 'EMBEDDED_REDIS', 'auto', ['auto', 'always', 'never'] as const),
    redisDataDir: str(env, 'REDIS_DATA_DIR', './data/redis'),
    databaseUrl,
    queuePrefix: str(env, 'QUEUE_PREFIX', 'feedloom'),
    allowHosts: list(env, 'ALLOW_HOSTS', []),
    minPollSeconds,
    maxPollSeconds,
    defaultPollSeconds,
    fetchTimeoutMs: int(env, 'FETCH_TIMEOUT_MS', 20_000, 100),
    registrationWaitMs: int(env, 'REGISTRATION_WAIT_MS', 3_000, 0),
    fetchMaxBytes: int(env, 'FETCH_MAX_BYTES', 15 * 1024 * 1024, 1024),
    fetchMaxRedirects: int(env, 'FETCH_MAX_REDIRECTS', 5, 0, 20),
    fetchPerHostConcurrency: int(env, 'FETCH_PER_HOST_CONCURRENCY', 2, 1, 100),
    userAgent: str(env, 'USER_AGENT', `feedloom/${VERSION} (+${PROJECT_URL})`),
    failingAfter: int(env, 'FAILING_AFTER', 3, 1),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100),
    webhookMaxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    webhookBackoffBaseMs,
    webhookBackoffMaxMs,
    maxItemsPerFeed: int(env, 'MAX_ITEMS_PER_FEED', 500, 1, 100_000),
    fetchConcurrency: int(env, 'FETCH_CONCURRENCY', 20, 1, 1000),
    articleConcurrency: int(env, 'ARTICLE_CONCURRENCY', 8, 1, 1000),
    // One core stays with the event loop (fetches, the store, the API); the rest clean.
    normalizeThreads: int(env, 'NORMALIZE_THREADS', Math.max(1, availableParallelism() - 1), 0, 256),
    storeThread: oneOf(env, 'STORE_THREAD', 'on', ['on', 'off'] as const),
    deliverConcurrency: int(env, 'DELIVER_CONCURRENCY', 20, 1, 1000),
    reconcileIntervalMs: int(env, 'RECONCILE_INTERVAL_MS', 15_000, 100),
    // Opt-in: embeds are third-party code and tracking; an operator who wants videos names their hosts.
    embedHosts: list(env, 'EMBED_HOSTS', []),
    siteConfigDir: directory(env, 'SITE_CONFIG_DIR'),
    boilerplateMinItems: int(env, 'BOILERPLATE_MIN_ITEMS', 5, 2),
    boilerplateSharePercent: int(env, 'BOILERPLATE_SHARE_PERCENT', 60, 1, 100),
    boilerplateWindow: int(env, 'BOILERPLATE_WINDOW', 50, 2, 10_000),
    // 0 turns near-duplicate detection off; measured separations are in docs/configuration.md.
    nearDuplicatePercent: int(env, 'NEAR_DUPLICATE_PERCENT', 50, 0, 100),
    nearDuplicateWindowDays: int(env, 'NEAR_DUPLICATE_WINDOW_DAYS', 7, 1, 3650),
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 600, 1),
    rateLimitWindowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 100),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 2 * 1024 * 1024, 1024),
    trustProxy: trustProxy(env),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 25_000, 0),
    heapGrowthPercent: int(env, 'HEAP_GROWTH_PERCENT', 50, 0, 300),
    jobLockMs: int(env, 'JOB_LOCK_MS', 30_000, 1_000),
    webhookPerSubscriberConcurrency: int(env, 'WEBHOOK_PER_SUBSCRIBER_CONCURRENCY', 4, 1, 1000),
    wordpressTimeoutMs: int(env, 'WORDPRESS_TIMEOUT_MS', 30_000, 100),
    wordpressMaxImageBytes: int(env, 'WORDPRESS_MAX_IMAGE_BYTES', 10 * 1024 * 1024, 1024),
    secretKey: currentKeys[0] ?? null,
    secretKeysPrevious: secretKeys(env, 'SECRET_KEY_PREVIOUS'),
    production: str(env, 'NODE_ENV', 'development').toLowerCase() === 'production',
    webhookSecretOverlapSeconds: int(env, 'WEBHOOK_SECRET_OVERLAP_SECONDS', 86_400, 0, 30 * 86_400),
    websubPollSeconds: int(env, 'WEBSUB_POLL_SECONDS', 21_600, 1),
    publicUrl: env.PUBLIC_URL?.trim() ? url(env, 'PUBLIC_URL', '', ['http:', 'https:']).replace(/\/+$/, '') : null,
    fetchLogDays: int(env, 'FETCH_LOG_DAYS', 14, 1, 3650),
    retentionDays: int(env, 'RETENTION_DAYS', 180, 0, 36_500),
    websubLeaseSeconds: int(env, 'WEBSUB_LEASE_SECONDS', 864_000, 60, 31_536_000),
  };
}
