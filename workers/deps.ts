import type { Config } from '../config/index.js';
import type { Logger } from '../src/core/logger.js';
import type { ItemCleaner } from '../src/normalize/index.js';
import type { HttpClient } from '../src/fetch/http-client.js';
import type { DocumentParser } from '../src/pipeline/feeds.js';
import type { Queues } from '../src/queue/queues.js';
import type { Store } from '../src/store/types.js';
import type { FirstAttempts } from './first-attempts.js';

/** What every worker needs; built once by the service and shared. */
export interface WorkerDeps {
  config: Config;
  store: Store;
  queues: Queues;
  http: HttpClient;
  log: Logger;
  /** Runs normalize's CPU in the normalize pool (NORMALIZE_THREADS); absent: on the event loop. */
  cleaner?: ItemCleaner | undefined;
  /** First webhook attempts made without a queue job; set in a process that runs both the article and the deliver worker. */
  firstAttempts?: FirstAttempts | undefined;
  /** Set in a process that runs both the fetch and the article worker: a fetch cleans the few items it found itself (workers/fetch.ts). */
  inlineArticles?: boolean | undefined;
  /** Parses fetched feeds in the same pool; absent: on the event loop. */
  parser?: DocumentParser | undefined;
}
