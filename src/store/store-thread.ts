/**
 * The entry of the store thread (started by threaded-store.ts): opens the
 * store from workerData and answers calls of its methods. Calls run
 * concurrently, as they would on the main thread: the store orders its own
 * statements (one SQLite connection behind Kysely's mutex).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../core/errors.js';
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
  // An answer that cannot be cloned (a bug) fails its call, not the thread and every call with it.
  const reply = (answer: StoreReply, method: string): void => {
    try {
      port.postMessage(answer);
    } catch (err) {
      port.postMessage({ id: answer.id, error: thrownOf(new Error(`store.${method}: its answer cannot be sent back: ${errorMessage(err)}`)) } satisfies StoreReply);
    }
  };
  port.on('message', ({ id, method, args }: StoreCall) => {
    const run = methods.get(method);
    const answer = run ? run(...args) : Promise.reject(new Error(`the store has no method ${method}`));
    answer.then(
      (result) => reply({ id, result }, method),
      (err: unknown) => reply({ id, error: thrownOf(err) }, method),
    );
  });
  port.postMessage({ kind: 'ready', dialect: store.dialect, methods: [...methods.keys()] } satisfies StoreThreadHello);
} catch (err) {
  port.postMessage({ kind: 'failed', error: thrownOf(err) } satisfies StoreThreadHello);
}
