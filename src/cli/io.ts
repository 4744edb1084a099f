// What every command of the command line shares: failing with an exit code, reading options, loading
// the network file with the CLI's CSV rules, and writing large outputs to stdout without queueing them.
// Exit codes: 0 ok, 1 usage (or, for compare, a divergence), 2 an invalid input file.

import { writeSync } from 'fs';
import { dirname, resolve } from 'path';
import { DEFAULT_MAX_CSV_BYTES, loadNetworkFileAsync } from '../engine/load';
import { formatError, type NetworkSpec } from '../engine/spec';
import { Trainer } from '../engine/trainer';

/** One command: `node dist/cli.js <name> <positionals…> [options]`. */
export interface Command {
  /** the usage line after `node dist/cli.js ` */
  readonly usage: string;
  /** how many positional arguments it takes (the network file first) */
  readonly positionals: number;
  /** the options that take a value, with their dashes: '--iterations', '-o' */
  readonly options: readonly string[];
  run(args: readonly string[], flags: Options): Promise<void> | void;
}

/** The options given, by name without dashes ('iterations', 'o'). */
export type Options = ReadonlyMap<string, string>;

export function fail(message: string, code: number): never {
  process.stderr.write(message + '\n');
  process.exit(code);
}

/** A whole-number option of at least 1, or undefined when not given; exit 1 otherwise. */
export function wholeNumber(flags: Options, key: string): number | undefined {
  const v = flags.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`--${key} must be a whole number of at least 1, not "${v}"`, 1);
  return n;
}

/** One of `choices` (the first when not given); exit 1 otherwise. */
export function choice<T extends string>(flags: Options, key: string, choices: readonly T[]): T {
  const v = flags.get(key) ?? choices[0];
  if (!(choices as readonly string[]).includes(v)) fail(`--${key} must be ${choices.join(' or ')}, not "${v}"`, 1);
  return v as T;
}

/** The option every command that reads a network file takes. */
export const CSV_OPTION = '--max-csv-mb';

/**
 * Loads the network file; exit 2 with positioned messages when it is invalid. A CSV file it names must be a
 * regular file inside the network file's folder or the current folder (or below), at most 64 MB unless
 * --max-csv-mb says more.
 */
export async function loadSpec(file: string, flags: Options): Promise<NetworkSpec> {
  const megabytes = wholeNumber(flags, 'max-csv-mb');
  const result = await loadNetworkFileAsync(file, {
    roots: [dirname(resolve(file)), process.cwd()],
    maxCsvBytes: megabytes !== undefined ? megabytes * 1024 * 1024 : DEFAULT_MAX_CSV_BYTES,
    capHint: '--max-csv-mb raises it',
  });
  if (!result.spec) fail(result.errors.map(formatError).join('\n'), 2);
  return result.spec;
}

/** A trainer for the spec, or exit 2 naming the file when its buffers cannot be allocated. */
export function trainerFor(spec: NetworkSpec): Trainer {
  try {
    return new Trainer(spec, { record: false });
  } catch (e) {
    fail(`${spec.file}:1:1: cannot allocate this network's buffers: ${(e as Error).message}`, 2);
  }
}

/**
 * Writes to stdout synchronously: process.stdout queues what a slow pipe has not taken yet, which for
 * a trace of millions of numbers is gigabytes. A full non-blocking pipe (EAGAIN) is waited on.
 */
export function writeOut(chunk: string): void {
  const bytes = Buffer.from(chunk, 'utf8');
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(1, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      else if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      else throw e;
    }
  }
}
