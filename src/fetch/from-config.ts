import type { Config } from '../../config/index.js';
import { HttpClient } from './http-client.js';

/** The one HttpClient a process uses for feeds, article pages and webhooks, set from the configuration. */
export function httpClientFor(config: Config): HttpClient {
  return new HttpClient({
    allowHosts: config.allowHosts,
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.fetchMaxBytes,
    maxRedirects: config.fetchMaxRedirects,
    userAgent: config.userAgent,
    perHostConcurrency: config.fetchPerHostConcurrency,
  });
}
