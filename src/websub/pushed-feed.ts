/** Content a hub pushed, read like the document a poll would have fetched, so it takes the same path. */
import { FeedloomError } from '../core/errors.js';
import type { FetchedDocument } from '../core/model.js';
import type { LoadedFeed, PipelineDeps } from '../pipeline/feeds.js';
import { parseDocument } from '../pipeline/feeds.js';
import type { PushedContent } from '../queue/queues.js';

export function loadPushedFeed(
  push: PushedContent,
  feed: { url: string; etag: string | null; lastModified: string | null },
  config: PipelineDeps['config'],
): LoadedFeed {
  const headers: Record<string, string> = {};
  if (push.contentType !== null) headers['content-type'] = push.contentType;
  if (push.link !== null) headers.link = push.link;
  const document: FetchedDocument = {
    requestedUrl: feed.url,
    url: feed.url,
    status: 200,
    headers,
    body: Buffer.from(push.body, 'base64'),
    contentType: push.contentType,
    // The validators still describe what the last poll read; a push does not change them.
    etag: feed.etag,
    lastModified: feed.lastModified,
    permanentRedirect: false,
    maxAgeSeconds: null,
  };
  const parsed = parseDocument(document, config).feed;
  if (parsed === null) {
    throw new FeedloomError('NOT_A_FEED', 'the hub pushed a web page, not a feed', { details: { httpStatus: 200 } });
  }
  return { document, feed: parsed, feedUrl: feed.url };
}
