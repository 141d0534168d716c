/**
 * The entry of a normalize thread (started by normalize-pool.ts): answers the
 * tasks the pool posts (cleaning an item, parsing a fetched feed), one at a
 * time (normalize-task.ts runs them).
 */
import { parentPort } from 'node:worker_threads';
import { answerTask, type TaskMessage } from './normalize-task.js';

const port = parentPort;
if (!port) throw new Error('normalize-thread runs as a worker thread of the normalize pool');
port.on('message', (message: TaskMessage) => port.postMessage(answerTask(message)));
