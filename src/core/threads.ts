/** Starting a worker thread from a module of this package, whether it runs compiled (dist/) or from sources (tests, tsx). */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The thread module `name` beside `importerUrl`: name.js in dist/, name.ts when the sources run. */
export function threadEntry(name: string, importerUrl: string): URL {
  return new URL(`./${name}${importerUrl.endsWith('.ts') ? '.ts' : '.js'}`, importerUrl);
}

/**
 * A thread for `entry`. TypeScript sources need tsx's loader in the thread
 * too, registered before the entry is imported: Node 20 does not apply a
 * parent's `--import` hooks to a worker's entry.
 */
export function startThread(entry: URL, options: Pick<WorkerOptions, 'workerData'> = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true, execArgv: [] });
}
