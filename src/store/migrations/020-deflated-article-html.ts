/**
 * An article's HTML is stored deflated (../article-html.ts): the column
 * `content_html` (text) becomes `content_html_deflated` (blob / bytea). On
 * SQLite the HTML was a third of the store's bytes per article, kept as it
 * came; deflated it takes about a third of that.
 *
 * Stored articles are carried over in batches in key order, deflated here in
 * the process (neither engine can deflate in SQL). The new column is NOT NULL
 * with the empty value as its default, which SQLite requires to add such a
 * column and which reads back as empty HTML. On PostgreSQL each carried row
 * also clears its old HTML, so the old value's TOAST space becomes free for
 * reuse rather than staying behind a dropped column; the new column is stored
 * out of line without a second compression attempt (`storage external`), as
 * a deflated value does not compress again.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../connection.js';
import { packHtml } from '../article-html.js';

const BATCH = 500;

async function carryOver(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  let after: number | string = -1;
  for (;;) {
    const rows: { seq: number | string; content_html: string }[] = await db
      .selectFrom('articles')
      .select(['seq', 'content_html'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      await db
        .updateTable('articles')
        .set({ content_html_deflated: packHtml(row.content_html), ...(dialect === 'postgres' ? { content_html: null } : {}) })
        .where('seq', '=', row.seq)
        .execute();
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.seq;
  }
}

export function deflatedArticleHtml(dialect: StoreDialect): Migration {
  return {
    // Untyped like every migration: it is frozen in time, the schema type moves on.
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') {
        await sql`alter table articles add column content_html_deflated bytea not null default ''::bytea`.execute(db);
        await sql`alter table articles alter column content_html_deflated set storage external`.execute(db);
        await sql`alter table articles alter column content_html drop not null`.execute(db);
      } else {
        await sql`alter table articles add column content_html_deflated blob not null default x''`.execute(db);
      }
      await carryOver(db, dialect);
      await db.schema.alterTable('articles').dropColumn('content_html').execute();
    },
  };
}
