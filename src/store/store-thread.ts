/**
 * The entry of the store thread (started by threaded-store.ts): opens the
 * store from workerData and answers calls of its methods. Calls run
 * concurrently, as they would on the main thread: the store orders its own
 * statements (one SQLite connection behind Kysely's mutex).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../core/logger.js';
import { secretBoxFor } from '../core/secret-box.js';
import { thrownOf } from '../core/thrown-error.js';
import { openStore } from './index.js';
import { storeMethods, type StoreCall, type StoreReply, type StoreThreadData, type StoreThreadHello } from './store-thread-protocol.js';

const port = parentPort;
if (!port) throw new Error('store-thread runs as a worker thread of threaded-store');
const data = workerData as StoreThreadData;

try {
  const store = await openStore(data.databaseUrl, {
    log: createLogger(data.logLevel).child({ thread: 'store' }),
    defaultPollSeconds: data.defaultPollSeconds,
    secretBox: secretBoxFor(data.secretKeys),
    nearDuplicates: data.nearDuplicates,
  });
  const methods = storeMethods(store);
  port.on('message', ({ id, method, args }: StoreCall) => {
    const run = methods.get(method);
    const answer = run ? run(...args) : Promise.reject(new Error(`the store has no method ${method}`));
    answer.then(
      (result) => port.postMessage({ id, result } satisfies StoreReply),
      (err: unknown) => port.postMessage({ id, error: thrownOf(err) } satisfies StoreReply),
    );
  });
  port.postMessage({ kind: 'ready', dialect: store.dialect, methods: [...methods.keys()] } satisfies StoreThreadHello);
} catch (err) {
  port.postMessage({ kind: 'failed', error: thrownOf(err) } satisfies StoreThreadHello);
}
