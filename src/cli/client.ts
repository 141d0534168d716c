/**
 * The CLI's client of a running service: JSON over HTTP with the bearer token,
 * a timeout on every request, and the API's error shape turned into one line.
 */
import { FeedloomError, errorMessage } from '../core/errors.js';

const REQUEST_TIMEOUT_MS = 60_000;

export interface ClientOptions {
  url: string;
  token: string | null;
}

export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  async request<T>(method: string, path: string, body?: { json?: unknown; raw?: string; contentType?: string }): Promise<{ status: number; data: T; text: string }> {
    const headers: Record<string, string> = { accept: 'application/json, text/x-opml' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let payload: string | undefined;
    if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body?.raw !== undefined) {
      headers['content-type'] = body.contentType ?? 'text/plain';
      payload = body.raw;
    }
    const target = new URL(path, this.options.url).href;
    let response: Response;
    try {
      response = await fetch(target, { method, headers, body: payload, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (err) {
      const cause = err instanceof Error && err.cause ? errorMessage(err.cause) : errorMessage(err);
      throw new FeedloomError(
        'API_UNREACHABLE',
        `cannot reach the feedloom API at ${this.options.url} (${cause}); is "feedloom start" running? Set --url or FEEDLOOM_URL`,
      );
    }
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    const data = (isJson && text !== '' ? JSON.parse(text) : null) as T;
    if (response.status >= 400) {
      const problem = (data ?? {}) as { code?: string; message?: string; feedId?: string; webhookId?: string };
      throw new FeedloomError(problem.code ?? `HTTP_${response.status}`, problem.message ?? `${method} ${path} answered ${response.status}`, {
        details: { ...problem, httpStatus: response.status },
      });
    }
    return { status: response.status, data, text };
  }
}
