export { assertFetchableUrl, isAllowedHost, isBlockedAddress } from './ssrf.js';
export { DEFAULT_ACCEPT, HttpClient, type GetOptions, type HttpClientOptions, type PostOptions, type PostResult, type RawResponse, type ApiRequestOptions } from './http-client.js';
export { commonFeedPaths, discoverFeedLinks } from './discover.js';
