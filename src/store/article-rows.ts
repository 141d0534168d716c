/**
 * Reading articles in the API's shape: the row plus its feed as `source`.
 * The source comes from the live feed (so a renamed feed shows its new
 * title) and from the copy on the article once the feed is deleted.
 */
import type { Kysely } from 'kysely';
import type { Article, ArticleEnclosure } from '../core/model.js';
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

export function toArticle(row: ArticleRow): Article {
  const live = row.live_feed_id !== null && row.live_feed_url !== null;
  return {
    id: row.id,
    feedId: row.feed_id,
    guid: row.guid,
    url: row.url,
    title: row.title,
    authors: fromJson<string[]>(row.authors, 'articles.authors', row.id),
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    summary: row.summary,
    contentHtml: unpackHtml(row.content_html_deflated, row.id),
    contentText: row.content_text,
    imageUrl: row.image_url,
    // Only when the source gave one: articles of ordinary feeds keep their shape.
    ...(row.image_alt !== null ? { imageAlt: row.image_alt } : {}),
    enclosures: row.enclosures === null ? [] : fromJson<ArticleEnclosure[]>(row.enclosures, 'articles.enclosures', row.id),
    categories: fromJson<string[]>(row.categories, 'articles.categories', row.id),
    language: row.language,
    wordCount: row.word_count,
    contentHash: row.content_hash,
    fetchedAt: row.fetched_at,
    seq: Number(row.seq),
    source: live
      ? { feedUrl: row.live_feed_url ?? row.source_feed_url, feedTitle: row.live_feed_user_title ?? row.live_feed_title, siteUrl: row.live_site_url }
      : { feedUrl: row.source_feed_url, feedTitle: row.source_feed_title, siteUrl: row.source_site_url },
  };
}
