/**
 * Issue 11 (cleaning): how each article was made (provenance), the rules a
 * feed turns off, items skipped as not being articles, and the fingerprints
 * of the blocks that open and close a feed's items (learned boilerplate).
 */
import type { Kysely, Migration } from 'kysely';

export function cleaning(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // JSON {extractor, fullTextReason, rules: [{rule, removed, samples}], skipped}.
      await db.schema.alterTable('articles').addColumn('provenance', 'text').execute();
      // JSON {disable: [rule names]}.
      await db.schema.alterTable('feeds').addColumn('rules', 'text').execute();
      await db.schema.alterTable('feeds').addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('feeds').addColumn('last_skip_reason', 'text').execute();
      // How many items the feed's boilerplate fingerprints were taken from.
      await db.schema.alterTable('feeds').addColumn('boilerplate_items', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('feed_boilerplate')
        .addColumn('feed_id', 'text', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
        // 'head' | 'tail': the block's position counted from the start or from the end of the body.
        .addColumn('edge', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('seen', 'integer', (c) => c.notNull())
        .addColumn('last_seen_item', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_boilerplate_pk', ['feed_id', 'edge', 'fingerprint'])
        .execute();
    },
  };
}
