/** How many items a feed's include/exclude filters dropped, kept on the feed (the fetch log counts per fetch). */
import type { Kysely, Migration } from 'kysely';

export function filteredCount(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('feeds').addColumn('filtered_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
