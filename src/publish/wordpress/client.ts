/**
 * A small WordPress REST API client over the guarded HttpClient: Basic auth
 * with an application password, a total timeout and a response size cap on
 * every call, and one error type that says whether trying again can help.
 */
import { FetchError, errorMessage } from '../../core/errors.js';
import type { ApiRequestOptions, HttpClient } from '../../fetch/http-client.js';

export interface WordPressCredentials {
  /** The REST API root: `https://site/wp-json/` or `https://site/?rest_route=/`. */
  apiUrl: string;
  username: string;
  password: string;
}

export interface WordPressLimits {
  timeoutMs: number;
  /** Largest JSON answer read. */
  maxResponseBytes: number;
}

/**
 * A call that did not succeed. `retryable`: a timeout, a network error, a 5xx,
 * 408 or 429 (the same request may work later); any other 4xx is WordPress
 * refusing the request, which repeating cannot change.
 */
export class WordPressError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    /** WordPress' own error code (`rest_cannot_create`, `term_exists`, …) when it sent one. */
    readonly wpCode: string | null = null,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'WordPressError';
  }
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The URL of a route under an API root, in either of WordPress' two URL styles. */
export function endpointUrl(apiUrl: string, route: string, params: Record<string, string | number> = {}): string {
  const root = new URL(apiUrl);
  const path = route.replace(/^\/+/, '');
  let url: URL;
  if (root.searchParams.has('rest_route')) {
    url = root;
    url.searchParams.set('rest_route', `/${path}`);
  } else {
    url = new URL(path, root.href.endsWith('/') ? root.href : `${root.href}/`);
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
  return url.href;
}

export class WordPressClient {
  private readonly authorization: string;

  constructor(
    private readonly http: HttpClient,
    private readonly site: WordPressCredentials,
    private readonly limits: WordPressLimits,
  ) {
    // Application passwords are shown with spaces; WordPress accepts them with or without.
    this.authorization = `Basic ${Buffer.from(`${site.username}:${site.password}`, 'utf8').toString('base64')}`;
  }

  get apiUrl(): string {
    return this.site.apiUrl;
  }

  async get<T>(route: string, params: Record<string, string | number> = {}): Promise<T> {
    return this.call<T>('GET', route, { params });
  }

  async post<T>(route: string, json: unknown, params: Record<string, string | number> = {}): Promise<T> {
    return this.call<T>('POST', route, { params, body: JSON.stringify(json), contentType: 'application/json' });
  }

  /** Uploads bytes (a media file) with the headers WordPress reads the file name and type from. */
  async upload<T>(route: string, bytes: Uint8Array, file: { name: string; type: string }, params: Record<string, string | number> = {}): Promise<T> {
    return this.call<T>('POST', route, {
      params,
      body: bytes,
      contentType: file.type,
      extraHeaders: { 'content-disposition': `attachment; filename="${file.name}"` },
    });
  }

  private async call<T>(
    method: ApiRequestOptions['method'],
    route: string,
    options: { params: Record<string, string | number>; body?: string | Uint8Array; contentType?: string; extraHeaders?: Record<string, string> },
  ): Promise<T> {
    const url = endpointUrl(this.site.apiUrl, route, options.params);
    const what = `${method} ${route}`;
    let response;
    try {
      response = await this.http.request(url, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(options.contentType ? { 'content-type': options.contentType } : {}),
          ...options.extraHeaders,
        },
        ...(options.body !== undefined ? { body: options.body } : {}),
        timeoutMs: this.limits.timeoutMs,
        maxBytes: this.limits.maxResponseBytes,
      });
    } catch (err) {
      // A blocked address or a bad URL does not heal; a timeout or a refused connection may.
      const permanent = err instanceof FetchError && err.permanent;
      throw new WordPressError(`WordPress ${what} failed: ${errorMessage(err)}`, null, !permanent);
    }
    const text = new TextDecoder().decode(response.body);
    let json: unknown;
    try {
      json = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status >= 200 && response.status < 300) {
      if (json === undefined) {
        // PHP notices printed before the JSON, a caching plugin's HTML: a site problem that may be fixed.
        throw new WordPressError(`WordPress ${what} answered ${response.status} with a body that is not JSON: ${text.slice(0, 120)}`, response.status, true);
      }
      return json as T;
    }
    const wpCode = isRecord(json) && typeof json.code === 'string' ? json.code : null;
    const wpMessage = isRecord(json) && typeof json.message === 'string' ? json.message : text.replace(/\s+/g, ' ').trim().slice(0, 200);
    const data = isRecord(json) && isRecord(json.data) ? json.data : {};
    const retryable = response.status >= 500 || RETRYABLE_4XX.has(response.status);
    throw new WordPressError(
      `WordPress ${what} answered HTTP ${response.status}${wpCode ? ` ${wpCode}` : ''}: ${wpMessage || '(no message)'}`,
      response.status,
      retryable,
      wpCode,
      data,
    );
  }
}
