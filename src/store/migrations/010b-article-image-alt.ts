/** The alt text of an article's image, when its source gives one (WordPress' featured media): a post published from it keeps it. */
import { sql, type Kysely, type Migration } from 'kysely';

export function articleImageAlt(): Migration {
  return {
    // Untyped like every migration: it is frozen in time, the schema type moves on.
    async up(db: Kysely<any>): Promise<void> {
      await sql`alter table articles add column image_alt text`.execute(db);
    },
  };
}
