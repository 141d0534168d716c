/** The Article object of API.md, and what preview returns (the same, before it has ids). */
import { Type } from '@fastify/type-provider-typebox';
import { Cursor, FullText, HttpUrl, Id, Limit, Nullable, Timestamp } from './common.js';
import { FeedKind, FeedRulesIn } from './feed.js';

const cleanArticleFields = {
  guid: Type.String(),
  url: Nullable(Type.String()),
  title: Nullable(Type.String()),
  authors: Type.Array(Type.String()),
  publishedAt: Nullable(Timestamp),
  updatedAt: Nullable(Timestamp),
  summary: Type.String(),
  contentHtml: Type.String(),
  contentText: Type.String(),
  imageUrl: Nullable(Type.String()),
  imageAlt: Type.Optional(Nullable(Type.String({ description: "the image's alt text, when the source gives one (a WordPress featured image)" }))),
  categories: Type.Array(Type.String()),
  language: Nullable(Type.String()),
  wordCount: Type.Integer(),
  contentHash: Type.String(),
  enclosures: Type.Optional(
    Type.Array(
      Type.Object({
        url: Type.String(),
        type: Nullable(Type.String()),
        length: Nullable(Type.Number()),
        medium: Nullable(Type.String()),
        title: Nullable(Type.String()),
      }),
      { description: 'attachments: RSS/Atom enclosures, Media RSS content and thumbnails, JSON Feed attachments' },
    ),
  ),
};

export const CleanArticle = Type.Object(cleanArticleFields);

export const Article = Type.Object({
  id: Type.String(),
  feedId: Type.String(),
  ...cleanArticleFields,
  fetchedAt: Timestamp,
  seq: Type.Optional(Type.Integer({ description: 'ingestion sequence: the after= cursor' })),
  source: Type.Object({
    feedUrl: Type.String(),
    feedTitle: Nullable(Type.String()),
    siteUrl: Nullable(Type.String()),
  }),
  sources: Type.Optional(
    Type.Array(
      Type.Object({
        feedId: Type.String(),
        guid: Type.String(),
        url: Nullable(Type.String()),
        title: Nullable(Type.String()),
        similarity: Type.Number({ description: 'Jaccard similarity of the two texts\' word shingles; 1 for the same text' }),
        seenAt: Timestamp,
      }),
      { description: 'other feeds that carried the same story (the same or a near-duplicate text), oldest first' },
    ),
  ),
});

export const ListArticlesQuery = Type.Object({
  feedId: Type.Optional(Id),
  since: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'ISO-8601 date or date-time' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'full-text search over title and text' })),
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Cursor),
  after: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,15}$',
      description: 'ingestion cursor: articles whose seq is above this one, oldest first (0 for the beginning)',
    }),
  ),
});

export const PreviewBody = Type.Object(
  { url: HttpUrl, fullText: Type.Optional(FullText), rules: Type.Optional(FeedRulesIn) },
  { additionalProperties: false },
);

export const PreviewResponse = Type.Object({
  feed: Type.Object({ title: Nullable(Type.String()), siteUrl: Nullable(Type.String()), kind: FeedKind }),
  items: Type.Array(CleanArticle),
});

/** GET /v1/articles/:id/provenance: how the article was made. */
export const ArticleProvenance = Type.Object({
  extractor: Type.Enum(['feed', 'fulltext', 'site-rule', 'wordpress', 'unknown'], {
    description: 'where the body came from; unknown for articles stored before provenance was recorded',
  }),
  fullTextReason: Nullable(Type.String({ description: 'why the article page was fetched' })),
  rules: Type.Array(
    Type.Object({
      rule: Type.String(),
      removed: Type.Integer(),
      samples: Type.Array(Type.String(), { description: 'the first words of what the rule removed' }),
    }),
  ),
  skipped: Nullable(Type.String({ description: 'why the item was not published as an article' })),
  sources: Type.Array(
    Type.Object({ feedId: Type.String(), guid: Type.String(), url: Nullable(Type.String()), similarity: Type.Number() }),
    { description: 'other feeds that carried the same story' },
  ),
});
