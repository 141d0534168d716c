/**
 * Reading articles in the API's shape: the row plus its feed as `source`.
 * The source comes from the live feed (so a renamed feed shows its new
 * title) and from the copy on the article once the feed is deleted.
 */
import type { Kysely } from 'kysely';
import type { Article, ArticleEnclosure, CleanArticle, FeedSource } from '../core/model.js';
import { unpackHtml } from './article-html.js';
import type { Database } from './schema.js';
import { fromJson } from './values.js';

export function selectArticles(db: Kysely<Database>) {
  return db
    .selectFrom('articles')
    .leftJoin('feeds', 'feeds.id', 'articles.feed_id')
    .select([
      'articles.seq',
      'articles.id',
      'articles.feed_id',
      'articles.guid',
      'articles.url',
      'articles.title',
      'articles.authors',
      'articles.published_at',
      'articles.updated_at',
      'articles.summary',
      'articles.content_html_deflated',
      'articles.content_text',
      'articles.image_url',
      'articles.image_alt',
      'articles.enclosures',
      'articles.categories',
      'articles.language',
      'articles.word_count',
      'articles.content_hash',
      'articles.fetched_at',
      'articles.sort_at',
      'articles.source_feed_url',
      'articles.source_feed_title',
      'articles.source_site_url',
      'feeds.id as live_feed_id',
      'feeds.url as live_feed_url',
      'feeds.title as live_feed_title',
      'feeds.user_title as live_feed_user_title',
      'feeds.site_url as live_site_url',
    ]);
}

export type ArticleRow = Awaited<ReturnType<ReturnType<typeof selectArticles>['executeTakeFirstOrThrow']>>;

/** What an article is made of besides its content: who it is, where it came from, when it was read. */
export interface ArticleIdentity {
  id: string;
  feedId: string;
  guid: string;
  fetchedAt: string;
  seq: number;
  source: FeedSource;
}

/**
 * The one shape of an article the store hands out, field by field: a read
 * (toArticle) and a save's result (article-save.ts) build it here, so a
 * webhook made from either carries the same JSON. The normalize stage's
 * provenance is not part of it.
 */
export function articleOf(content: Omit<CleanArticle, 'guid' | 'provenance' | 'enclosures'> & { enclosures: ArticleEnclosure[] }, identity: ArticleIdentity): Article {
  return {
    id: identity.id,
    feedId: identity.feedId,
    guid: identity.guid,
    url: content.url,
    title: content.title,
    authors: content.authors,
    publishedAt: content.publishedAt,
    updatedAt: content.updatedAt,
    summary: content.summary,
    contentHtml: content.contentHtml,
    contentText: content.contentText,
    imageUrl: content.imageUrl,
    // Only when the source gave one: articles of ordinary feeds keep their shape.
    ...(content.imageAlt !== null && content.imageAlt !== undefined ? { imageAlt: content.imageAlt } : {}),
    enclosures: content.enclosures,
    categories: content.categories,
    language: content.language,
    wordCount: content.wordCount,
    contentHash: content.contentHash,
    fetchedAt: identity.fetchedAt,
    seq: identity.seq,
    source: identity.source,
  };
}

export function toArticle(row: ArticleRow): Article {
  const live = row.live_feed_id !== null && row.live_feed_url !== null;
  return articleOf(
    {
      url: row.url,
      title: row.title,
      authors: fromJson<string[]>(row.authors, 'articles.authors', row.id),
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      summary: row.summary,
      contentHtml: unpackHtml(row.content_html_deflated, row.id),
      contentText: row.content_text,
      imageUrl: row.image_url,
      imageAlt: row.image_alt,
      enclosures: row.enclosures === null ? [] : fromJson<ArticleEnclosure[]>(row.enclosures, 'articles.enclosures', row.id),
      categories: fromJson<string[]>(row.categories, 'articles.categories', row.id),
      language: row.language,
      wordCount: row.word_count,
      contentHash: row.content_hash,
    },
    {
      id: row.id,
      feedId: row.feed_id,
      guid: row.guid,
      fetchedAt: row.fetched_at,
      seq: Number(row.seq),
      source: live
        ? { feedUrl: row.live_feed_url ?? row.source_feed_url, feedTitle: row.live_feed_user_title ?? row.live_feed_title, siteUrl: row.live_site_url }
        : { feedUrl: row.source_feed_url, feedTitle: row.source_feed_title, siteUrl: row.source_site_url },
    },
  );
}
