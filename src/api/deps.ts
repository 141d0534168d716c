/**
 * What the HTTP API is built from. The API owns none of these: the CLI (or a
 * test) opens them, hands them over, and closes them after the server.
 */
import type { Config } from '../../config/index.js';
import type { Logger } from '../core/logger.js';
import type { HttpClient } from '../fetch/http-client.js';
import type { ItemCleaner } from '../normalize/index.js';
import type { Queues } from '../queue/queues.js';
import type { Store } from '../store/types.js';

export interface ApiDeps {
  config: Config;
  store: Store;
  queues: Queues;
  http: HttpClient;
  log: Logger;
  /** Preview cleans in the normalize pool when the service runs one. */
  cleaner?: ItemCleaner | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: ApiDeps;
  }
}
