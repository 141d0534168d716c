/**
 * The tables of the store. Written once for both dialects; the only branch is
 * the integer key of `articles`, which SQLite spells `integer primary key` (a
 * rowid alias) and PostgreSQL `bigserial`.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';

export function initialSchema(dialect: StoreDialect): Migration {
  return {
    // Migrations see the database as it was when they were written, not as the
    // current `Database` type describes it, hence the untyped Kysely.
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('feeds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text')
        .addColumn('user_title', 'text')
        .addColumn('site_url', 'text')
        .addColumn('kind', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_poll_seconds', 'integer')
        .addColumn('full_text', 'text', (c) => c.notNull())
        .addColumn('include_terms', 'text', (c) => c.notNull())
        .addColumn('exclude_terms', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_fetched_at', 'text')
        .addColumn('last_success_at', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_fetch_at', 'text')
        .addColumn('article_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feeds_next_fetch_at').on('feeds').columns(['next_fetch_at']).execute();
      await db.schema.createIndex('feeds_created').on('feeds').columns(['created_at', 'id']).execute();

      await db.schema
        .createTable('articles')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        // No foreign key: articles outlive a deleted feed unless it is purged.
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('title', 'text')
        .addColumn('authors', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('updated_at', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('content_html', 'text', (c) => c.notNull())
        .addColumn('content_text', 'text', (c) => c.notNull())
        .addColumn('image_url', 'text')
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('word_count', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('sort_at', 'text', (c) => c.notNull())
        .addColumn('source_feed_url', 'text', (c) => c.notNull())
        .addColumn('source_feed_title', 'text')
        .addColumn('source_site_url', 'text')
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .addColumn('row_updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('articles_feed_guid', ['feed_id', 'guid'])
        .execute();
      await db.schema.createIndex('articles_url').on('articles').columns(['url']).execute();
      await db.schema.createIndex('articles_content_hash').on('articles').columns(['content_hash']).execute();
      await db.schema.createIndex('articles_newest').on('articles').columns(['sort_at', 'id']).execute();
      await db.schema.createIndex('articles_feed_newest').on('articles').columns(['feed_id', 'sort_at', 'id']).execute();

      await db.schema
        .createTable('items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('guid_hash', 'text', (c) => c.notNull())
        .addColumn('item_hash', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.references('articles.id').onDelete('set null'))
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('items_feed_guid_hash', ['feed_id', 'guid_hash'])
        .execute();
      await db.schema
        .createIndex('items_pending')
        .on('items')
        .columns(['updated_at', 'id'])
        .where(sql.ref('status'), '=', 'pending')
        .execute();
      await db.schema.createIndex('items_article').on('items').columns(['article_id']).execute();

      await db.schema
        .createTable('article_sources')
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_sources_pk', ['article_id', 'feed_id', 'guid'])
        .execute();
      await db.schema.createIndex('article_sources_feed').on('article_sources').columns(['feed_id']).execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('feed_ids', 'text')
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('deliveries_once', ['article_id', 'webhook_id', 'event', 'content_hash'])
        .execute();
      await db.schema.createIndex('deliveries_webhook_newest').on('deliveries').columns(['webhook_id', 'created_at', 'id']).execute();
      await db.schema
        .createIndex('deliveries_due')
        .on('deliveries')
        .columns(['next_attempt_at'])
        .where(sql.ref('status'), '=', 'pending')
        .execute();

      await db.schema
        .createTable('fetch_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('new_items', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('fetch_log_feed_newest').on('fetch_log').columns(['feed_id', 'at', 'id']).execute();
    },
  };
}
