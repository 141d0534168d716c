/**
 * The migrations, in code rather than files on disk so a bundled or compiled
 * build finds them without a path. Names sort in the order they apply; never
 * rename or edit one that has shipped, add the next instead.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../connection.js';
import { initialSchema } from './001-initial-schema.js';
import { fullTextSearch } from './002-full-text-search.js';
import { wordpressSources } from './010-wordpress-sources.js';
import { articleImageAlt } from './010b-article-image-alt.js';
import { destinations } from './011-destinations.js';
import { cleaning } from './013-cleaning.js';
import { enclosuresAndWarnings } from './014-enclosures-and-warnings.js';
import { scheduleAndPush } from './015-schedule-and-push.js';
import { webhookRotation } from './016-webhook-rotation.js';
import { ingestCursor } from './016b-ingest-cursor.js';
import { searchStemming } from './016c-search-stemming.js';
import { filteredCount } from './016d-filtered-count.js';
import { nearDuplicates } from './018-near-duplicates.js';
import { stagedItemBodies } from './019-staged-item-bodies.js';
import { leanerIndexes } from './019b-leaner-indexes.js';
import { deflatedArticleHtml } from './020-deflated-article-html.js';
import { deferredSearchIndex } from './021-deferred-search-index.js';

export class StoreMigrations implements MigrationProvider {
  constructor(private readonly dialect: StoreDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '001-initial-schema': initialSchema(this.dialect),
      '002-full-text-search': fullTextSearch(this.dialect),
      '010-wordpress-sources': wordpressSources(this.dialect),
      '010b-article-image-alt': articleImageAlt(),
      '011-destinations': destinations(this.dialect),
      '013-cleaning': cleaning(),
      '014-enclosures-and-warnings': enclosuresAndWarnings(),
      '015-schedule-and-push': scheduleAndPush(),
      '016-webhook-rotation': webhookRotation(),
      '016b-ingest-cursor': ingestCursor(),
      '016c-search-stemming': searchStemming(this.dialect),
      '016d-filtered-count': filteredCount(),
      '018-near-duplicates': nearDuplicates(this.dialect),
      '019-staged-item-bodies': stagedItemBodies(this.dialect),
      '019b-leaner-indexes': leanerIndexes(this.dialect),
      '020-deflated-article-html': deflatedArticleHtml(this.dialect),
      '021-deferred-search-index': deferredSearchIndex(this.dialect),
    };
  }
}
