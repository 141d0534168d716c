/**
 * Issue 12: an article keeps its item's attachments (enclosures, Media RSS),
 * and a feed says when its last document had to be salvaged (`lastWarning`).
 */
import type { Kysely, Migration } from 'kysely';

export function enclosuresAndWarnings(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // JSON list of {url, type, length, medium, title}; null on articles stored before this column existed.
      await db.schema.alterTable('articles').addColumn('enclosures', 'text').execute();
      await db.schema.alterTable('feeds').addColumn('last_warning', 'text').execute();
    },
  };
}
