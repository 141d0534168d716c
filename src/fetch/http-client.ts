/**
 * The one way feedloom reaches the outside world. Every request goes through
 * the SSRF guard (IP literals before sending, resolved addresses at connect
 * time), a total-time budget, a cap on decoded bytes and per-host politeness;
 * redirects are followed here, hop by hop, so each hop is checked again.
 */
import { Agent } from 'undici';
import type { Readable } from 'node:stream';
import { FetchError } from '../core/errors.js';
import type { ConditionalHeaders, FetchedDocument } from '../core/model.js';
import { readDecodedBody, tooLargeError } from './decoded-body.js';
import { statusError, toFetchError, type AbortState } from './fetch-errors.js';
import { guardedConnector } from './guarded-connector.js';
import { startBudget } from './budget.js';
import { HostLimiter, type Release } from './host-limiter.js';
import { RedirectChain } from './redirect-chain.js';
import { requestOptionHeaders, type RequestOptions } from './request-options.js';
import { contentTypeOf, flattenHeaders, parseMaxAge, type RawHeaders } from './response-headers.js';
import { assertHostPermitted, defaultPort, isAllowedHost, parseFetchUrl, socketHost } from './ssrf.js';

export interface HttpClientOptions {
  allowHosts: string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Requests in flight to one host at a time (default 4). */
  perHostConcurrency?: number;
  /** Minimum milliseconds between request starts to one host (default 25); hosts in allowHosts are exempt. */
  minHostGapMs?: number;
}

export interface GetOptions {
  conditional?: ConditionalHeaders;
  /** The feed's own headers, user agent and basic auth: sent to the origin of `url` only, never across a redirect to another. */
  request?: RequestOptions | null;
  accept?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface PostOptions {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PostResult {
  status: number;
  headers: Record<string, string>;
  /** First 64 KiB of the response body at most. */
  bodyText: string;
}

export interface ApiRequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  /** Largest response body read (decoded); more is a RESPONSE_TOO_LARGE FetchError. */
  maxBytes: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export const DEFAULT_ACCEPT = [
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/rdf+xml;q=0.9',
  'application/xml;q=0.9',
  'text/xml;q=0.9',
  'application/json;q=0.8',
  'text/html;q=0.7',
  '*/*;q=0.5',
].join(', ');

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const POST_BODY_LIMIT = 64 * 1024;
/** Bytes of an unwanted body (redirect, error) read to keep the connection reusable; more closes it. */
const DISCARD_LIMIT = 16 * 1024;

interface Hop {
  url: URL;
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

export class HttpClient {
  private readonly agent: Agent;
  private readonly limiter: HostLimiter;
  private readonly options: Required<HttpClientOptions>;

  constructor(options: HttpClientOptions) {
    this.options = { ...options, perHostConcurrency: options.perHostConcurrency ?? 4, minHostGapMs: options.minHostGapMs ?? 25 };
    this.limiter = new HostLimiter(this.options.perHostConcurrency);
    this.agent = new Agent({
      connect: guardedConnector({ allowHosts: options.allowHosts, connectTimeoutMs: Math.min(options.timeoutMs, 10_000) }),
      keepAliveTimeout: 4_000,
      maxResponseSize: -1,
    });
  }

  /** A 2xx body (decoded) or a 304; any other outcome throws FetchError. */
  async get(url: string, options: GetOptions = {}): Promise<FetchedDocument> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const maxBytes = options.maxBytes ?? this.options.maxBytes;
    // The budget starts with the first request, not while waiting for the host's turn.
    const abort: AbortState = { budget: null, caller: options.signal };
    const budgetSignal = (): AbortSignal => (abort.budget ??= startBudget(timeoutMs, options.signal)).signal;

    let current = parseFetchUrl(url);
    const origin = current.origin;
    const chain = new RedirectChain(url, this.options.maxRedirects);
    // A redirect to the same host keeps its slot: queueing again would spend the budget waiting.
    let slot = null as { host: string; release: Release } | null;
    try {
      for (;;) {
        assertHostPermitted(current, this.options.allowHosts);
        if (slot?.host !== current.host) {
          slot?.release();
          slot = { host: current.host, release: await this.waitForHost(current, abort.budget?.signal ?? options.signal) };
        }
        const own = current.origin === origin ? options.request : null;
        const hop = await this.sendGet(current, this.requestHeaders(options, own ?? null), budgetSignal(), timeoutMs);
        if (REDIRECT_STATUSES.has(hop.status)) {
          await discard(hop.body, budgetSignal());
          current = chain.follow(hop.status, current, redirectTarget(hop));
          continue;
        }
        if (hop.status === 304 || (hop.status >= 200 && hop.status < 300)) {
          return await this.document(url, hop, maxBytes, chain.permanent, budgetSignal());
        }
        await discard(hop.body, budgetSignal());
        throw statusError(hop.status, current.href, hop.headers);
      }
    } catch (err) {
      throw toFetchError(err, current.href, abort);
    } finally {
      slot?.release();
      abort.budget?.dispose();
    }
  }

  /**
   * One request for a webhook delivery: same guard, no redirects followed,
   * any status returned (the caller decides what counts as delivered).
   */
  async post(url: string, options: PostOptions): Promise<PostResult> {
    const target = parseFetchUrl(url);
    assertHostPermitted(target, this.options.allowHosts);
    const budget = startBudget(options.timeoutMs, options.signal);
    const headers = { ...lowerCaseKeys(options.headers), 'user-agent': this.options.userAgent };
    try {
      const hop = await this.send(target, 'POST', headers, budget.signal, options.timeoutMs, options.body);
      const bodyText = await readPrefix(hop.body, POST_BODY_LIMIT);
      return { status: hop.status, headers: hop.headers, bodyText };
    } catch (err) {
      throw toFetchError(err, target.href, { budget, caller: options.signal });
    } finally {
      budget.dispose();
    }
  }

  /**
   * One request to an API (the WordPress REST API): any method, the caller's
   * headers (credentials included), same guard and total budget, no redirects
   * followed (credentials must not travel to another host), any status
   * returned with its body read up to `maxBytes`.
   */
  async request(url: string, options: ApiRequestOptions): Promise<RawResponse> {
    const target = parseFetchUrl(url);
    assertHostPermitted(target, this.options.allowHosts);
    const budget = startBudget(options.timeoutMs, options.signal);
    const headers = { ...lowerCaseKeys(options.headers ?? {}), 'user-agent': this.options.userAgent };
    try {
      const hop = await this.send(target, options.method, headers, budget.signal, options.timeoutMs, options.body);
      const declared = Number(hop.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        hop.body.destroy();
        throw tooLargeError(target.href, options.maxBytes);
      }
      const body = await readDecodedBody(hop.body, hop.headers['content-encoding'] ?? null, options.maxBytes, target.href, budget.signal);
      return { status: hop.status, headers: hop.headers, body };
    } catch (err) {
      throw toFetchError(err, target.href, { budget, caller: options.signal });
    } finally {
      budget.dispose();
    }
  }

  /** Closes the keep-alive pools; requests still running finish first. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Closes every connection now, aborting requests still waiting on a server (a subscriber that never answers). */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }

  private waitForHost(url: URL, signal: AbortSignal | undefined): Promise<Release> {
    const gap = isAllowedHost(socketHost(url), defaultPort(url), this.options.allowHosts) ? 0 : this.options.minHostGapMs;
    return this.limiter.acquire(url.host, gap, signal);
  }

  private requestHeaders(options: GetOptions, request: RequestOptions | null): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: options.accept ?? DEFAULT_ACCEPT,
      // The feed's own choices override the defaults above, never what follows.
      ...(request ? requestOptionHeaders(request) : {}),
      'accept-encoding': 'gzip, deflate, br',
    };
    const etag = options.conditional?.etag;
    const lastModified = options.conditional?.lastModified;
    if (etag) headers['if-none-match'] = etag;
    if (lastModified) headers['if-modified-since'] = lastModified;
    return headers;
  }

  /**
   * A GET, sent again once when the connection closed before any answer came:
   * a kept-alive socket the server closed just as we reused it (servers and
   * clients time idle sockets out on their own clocks). Only GET: it is
   * idempotent, and nothing of the answer was read.
   */
  private async sendGet(url: URL, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<Hop> {
    try {
      return await this.send(url, 'GET', headers, signal, timeoutMs);
    } catch (err) {
      if (signal.aborted || !closedBeforeAnswer(err)) throw err;
      return this.send(url, 'GET', headers, signal, timeoutMs);
    }
  }

  private async send(
    url: URL,
    method: ApiRequestOptions['method'],
    headers: Record<string, string>,
    signal: AbortSignal,
    timeoutMs: number,
    body?: string | Uint8Array,
  ): Promise<Hop> {
    const response = await this.agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      body,
      signal,
      // Backstops only: the total budget is the signal, these reset on every byte.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    // An error on a body nobody reads any more must not become an uncaught exception.
    response.body.on('error', () => undefined);
    return { url, status: response.statusCode, headers: flattenHeaders(response.headers as RawHeaders), body: response.body };
  }

  private async document(
    requestedUrl: string,
    hop: Hop,
    maxBytes: number,
    permanentRedirect: boolean,
    signal: AbortSignal,
  ): Promise<FetchedDocument> {
    const url = hop.url.href;
    let body: Uint8Array = new Uint8Array(0);
    if (hop.status === 304 || hop.status === 204) {
      await discard(hop.body, signal);
    } else {
      const declared = Number(hop.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        hop.body.destroy();
        throw tooLargeError(url, maxBytes);
      }
      try {
        body = await readDecodedBody(hop.body, hop.headers['content-encoding'] ?? null, maxBytes, url, signal);
      } catch (err) {
        hop.body.destroy();
        throw err;
      }
    }
    return {
      requestedUrl,
      url,
      status: hop.status,
      headers: hop.headers,
      body,
      contentType: contentTypeOf(hop.headers),
      etag: hop.headers.etag ?? null,
      lastModified: hop.headers['last-modified'] ?? null,
      permanentRedirect,
      maxAgeSeconds: parseMaxAge(hop.headers['cache-control']),
    };
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function redirectTarget(hop: Hop): URL {
  const location = hop.headers.location;
  if (location === undefined || location.trim() === '') {
    throw new FetchError('BAD_RESPONSE', `${hop.url.href} answered ${hop.status} without a Location`, {
      url: hop.url.href,
      httpStatus: hop.status,
    });
  }
  let resolved: URL;
  try {
    resolved = new URL(location.trim(), hop.url);
  } catch {
    throw new FetchError('BAD_RESPONSE', `${hop.url.href} redirects to an unparsable Location ${JSON.stringify(location)}`, {
      url: hop.url.href,
      httpStatus: hop.status,
    });
  }
  return parseFetchUrl(resolved.href);
}

/** Drops a body we do not want, reading a little so the connection can be reused. */
async function discard(body: Readable, signal: AbortSignal | undefined): Promise<void> {
  const dumpable = body as Readable & { dump?: (opts: { limit: number; signal?: AbortSignal }) => Promise<void> };
  try {
    if (dumpable.dump !== undefined) await dumpable.dump({ limit: DISCARD_LIMIT, ...(signal ? { signal } : {}) });
    else body.destroy();
  } catch {
    body.destroy();
  }
}

/** The first `limit` bytes of a body as text; the rest is not read. */
async function readPrefix(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = limit - total;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    total += Math.min(chunk.length, room);
    if (total >= limit) break;
  }
  body.destroy();
  return new TextDecoder().decode(Buffer.concat(chunks, total));
}

/** undici's "other side closed" and a reset: the socket died before a response started. */
const CLOSED_BEFORE_ANSWER_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

function closedBeforeAnswer(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CLOSED_BEFORE_ANSWER_CODES.has(code);
}
