/**
 * The store: feeds, staged items, articles, webhooks and deliveries over
 * SQLite or PostgreSQL (see types.ts for the contract).
 */
import { sql } from 'kysely';
import { silentLogger, type Logger } from '../core/logger.js';
import { secretBoxFor, type SecretBox } from '../core/secret-box.js';
import { articleSaveStore } from './article-save.js';
import { articleReadStore } from './articles.js';
import { connect, locateDatabase, writeTransaction } from './connection.js';
import type { StoreContext } from './context.js';
import { deliveryStore } from './deliveries.js';
import { retentionStore } from './retention.js';
import { destinationStore } from './destinations.js';
import { feedSourceStore } from './feed-sources.js';
import { feedStore } from './feeds.js';
import { fetchLogStore } from './fetch-log.js';
import { fetchOutcomeStore } from './fetch-outcomes.js';
import { itemStore } from './items.js';
import { boilerplateStore } from './boilerplate.js';
import { migrateToLatest } from './migrate.js';
import { DEFAULT_NEAR_DUPLICATES, type NearDuplicateSettings } from './near-duplicates.js';
import { searchIndex } from './search-index.js';
import type { Store } from './types.js';
import { sealPlaintextSecrets, webhookStore } from './webhooks.js';
import { websubStore } from './websub.js';

export type * from './types.js';
export { locateDatabase, type StoreDialect } from './connection.js';

export interface OpenStoreOptions {
  log?: Logger;
  /** A feed's `pollIntervalSeconds` when the user chose none (config DEFAULT_POLL_SECONDS). */
  defaultPollSeconds?: number;
  /** Encrypts webhook secrets at rest; without one, the development key (outside production it protects nothing). */
  secretBox?: SecretBox;
  /** Near-duplicate detection across feeds (config NEAR_DUPLICATE_PERCENT, NEAR_DUPLICATE_WINDOW_DAYS). */
  nearDuplicates?: NearDuplicateSettings;
}

const DEFAULT_POLL_SECONDS = 900;

/**
 * Connects (creating a SQLite file's folder when needed). Does not migrate:
 * call `migrate()` once at start.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = locateDatabase(databaseUrl);
  const log = options.log ?? silentLogger;
  const db = connect(location, log);
  const write = writeTransaction(db, location.dialect);
  const ctx: StoreContext = {
    db,
    dialect: location.dialect,
    write,
    searchIndex: searchIndex({ db, dialect: location.dialect, write, log }),
    defaultPollSeconds: options.defaultPollSeconds ?? DEFAULT_POLL_SECONDS,
    log,
    secrets: options.secretBox ?? secretBoxFor({ secretKey: null, secretKeysPrevious: [], production: false }),
    nearDuplicates: options.nearDuplicates ?? DEFAULT_NEAR_DUPLICATES,
  };
  return {
    dialect: location.dialect,
    migrate: () => migrateToLatest(db, location.dialect, ctx.log, () => sealPlaintextSecrets(ctx)),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      // Nothing saved stays out of the index until some later search happens to catch it up.
      await ctx.searchIndex.close();
      await db.destroy();
    },
    feeds: { ...feedStore(ctx), ...fetchOutcomeStore(ctx), ...fetchLogStore(ctx) },
    sources: feedSourceStore(ctx),
    items: itemStore(ctx),
    boilerplate: boilerplateStore(ctx),
    articles: { ...articleReadStore(ctx), ...articleSaveStore(ctx) },
    webhooks: webhookStore(ctx),
    websub: websubStore(ctx),
    deliveries: deliveryStore(ctx),
    retention: retentionStore(ctx),
    destinations: destinationStore(ctx),
  };
}
