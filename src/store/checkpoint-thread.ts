/**
 * The entry of a SQLite checkpoint thread (started by checkpointer.ts). Its
 * own connection copies the write-ahead log back into the database file on a
 * timer, so a checkpoint's page copies and fsyncs run beside the event loop
 * instead of inside whichever commit crossed SQLite's threshold.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

const port = parentPort;
if (!port) throw new Error('checkpoint-thread runs as a worker thread of the store');
const { file, everyMs, closed } = workerData as { file: string; everyMs: number; closed: Int32Array };

const database = new SqliteDatabase(file, { fileMustExist: true });
// As the writing connection: a checkpoint syncs the log before copying and the file after.
database.pragma('synchronous = NORMAL');

const timer = setInterval(() => {
  try {
    // PASSIVE waits for no reader or writer: it copies what it can now and the rest on a later tick.
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}, everyMs);

port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  database.close();
  // The store waits on this before it closes its own connection (see Checkpointer.stop).
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
  port.close();
});
