/**
 * Argument parsing for every command: node's parseArgs in strict mode, so an
 * unknown or misspelt flag is an error with the usage (exit 2), never ignored.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../core/errors.js';

/** A command line the CLI cannot run: exit 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommand<O extends Options>(args: string[], options: O, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    // parseArgs names the flag ("Unknown option '--prot'"); the usage says what is accepted.
    throw new UsageError(errorMessage(err), usage);
  }
}

/** A whole number in range, for flags like --port and --poll. */
export function intFlag(name: string, value: string | undefined, min: number, max: number, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`, usage);
  }
  return number;
}
