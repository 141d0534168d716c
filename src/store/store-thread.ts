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
import { batchedPoster } from '../core/message-batch.js';
import { thrownOf } from '../core/thrown-error.js';
import { openStore } from './index.js';
import { storeMethods, type StoreCalls, type StoreReplies, type StoreReply, type StoreThreadData, type StoreThreadHello } from './store-thread-protocol.js';

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
  const reply = batchedPoster<{ answer: StoreReply; method: string }>(
    (batch) => port.postMessage({ replies: batch.map(({ answer }) => answer) } satisfies StoreReplies),
    // An answer that cannot be cloned (a bug) fails its call, not the thread and every call with it.
    ({ answer, method }, err) => {
      const failed = new Error(`store.${method}: its answer cannot be sent back: ${errorMessage(err)}`);
      port.postMessage({ replies: [{ id: answer.id, error: thrownOf(failed) }] } satisfies StoreReplies);
    },
  );
  port.on('message', ({ calls }: StoreCalls) => {
    for (const { id, method, args } of calls) {
      const run = methods.get(method);
      const answer = run ? run(...args) : Promise.reject(new Error(`the store has no method ${method}`));
      answer.then(
        (result) => reply({ answer: { id, result }, method }),
        (err: unknown) => reply({ answer: { id, error: thrownOf(err) }, method }),
      );
    }
  });
  port.postMessage({ kind: 'ready', dialect: store.dialect, methods: [...methods.keys()] } satisfies StoreThreadHello);
} catch (err) {
  port.postMessage({ kind: 'failed', error: thrownOf(err) } satisfies StoreThreadHello);
}
