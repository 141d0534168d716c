/** What every part of the store shares: the connection, its dialect and the store's options. */
import type { Kysely } from 'kysely';
import type { Logger } from '../core/logger.js';
import type { SecretBox } from '../core/secret-box.js';
import type { StoreDialect, WriteTransaction } from './connection.js';
import type { NearDuplicateSettings } from './near-duplicates.js';
import type { Database } from './schema.js';
import type { SearchIndex } from './search-index.js';

export interface StoreContext {
  db: Kysely<Database>;
  dialect: StoreDialect;
  write: WriteTransaction;
  /** Shown as a feed's `pollIntervalSeconds` when the user chose none. */
  defaultPollSeconds: number;
  log: Logger;
  /** Seals credentials (webhook secrets) before they are written, opens them for the one reader that needs them. */
  secrets: SecretBox;
  /** How alike another feed's copy must be to become a source of an earlier article, and how far back to look. */
  nearDuplicates: NearDuplicateSettings;
  /** SQLite's full-text index, filled behind the saves (search-index.ts); nothing to do on PostgreSQL. */
  searchIndex: SearchIndex;
}
