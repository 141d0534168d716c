/**
 * What crosses between the main thread and the store thread: the options the
 * thread opens the store with (plain data: the secret box and the logger are
 * rebuilt from what they are made of), calls of the store's methods by name
 * ("feeds.get"), and their answers. Arguments and results are the store's own
 * types, which are structured-clone data (dates, maps, plain objects).
 */
import type { SecretKeyConfig } from '../core/secret-box.js';
import type { ThrownError } from '../core/thrown-error.js';
import type { NearDuplicateSettings } from './near-duplicates.js';
import type { Store } from './types.js';

export interface StoreThreadData {
  databaseUrl: string;
  defaultPollSeconds: number;
  secretKeys: SecretKeyConfig;
  nearDuplicates: NearDuplicateSettings;
  logLevel: string;
}

/** The thread's first message: the store opened (and which methods it has), or why it did not. */
export type StoreThreadHello = { kind: 'ready'; dialect: Store['dialect']; methods: string[] } | { kind: 'failed'; error: ThrownError };

export interface StoreCall {
  id: number;
  method: string;
  args: unknown[];
}

export type StoreReply = { id: number; result: unknown } | { id: number; error: ThrownError };

/** Each message carries the calls (or answers) of one turn of its sender's event loop (core/message-batch.ts). */
export interface StoreCalls {
  calls: StoreCall[];
}

export interface StoreReplies {
  replies: StoreReply[];
}

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * The store's methods by dotted name: "ping", "feeds.get", … Read from the
 * store object itself, so the thread's list is the store's and never a
 * second list to keep in step.
 */
export function storeMethods(store: Store): Map<string, Method> {
  const methods = new Map<string, Method>();
  for (const [name, value] of Object.entries(store)) {
    if (typeof value === 'function') methods.set(name, value as Method);
    else if (value !== null && typeof value === 'object') {
      for (const [inner, fn] of Object.entries(value as Record<string, unknown>)) {
        if (typeof fn === 'function') methods.set(`${name}.${inner}`, fn as Method);
      }
    }
  }
  return methods;
}
