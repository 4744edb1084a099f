// The headless entry: `node dist/cli.js trace FILE` prints every quantity of chosen iterations as JSON
// Lines (or aligned tables), `train FILE` trains and reports the final loss and throughput.
// Exit codes: 0 ok, 1 usage, 2 an invalid network file (positioned messages on stderr).
// A CSV file the network names must be a regular file inside the network file's folder or the current
// folder (or below them), at most 64 MB unless --max-csv-mb says more. Records stream to stdout in
// chunks, so a network of millions of weights is traced without one huge string.

import { writeSync } from 'fs';
import { dirname, resolve } from 'path';
import { formatError, type NetworkSpec } from './engine/spec';
import { DEFAULT_MAX_CSV_BYTES, loadNetworkFileAsync } from './engine/load';
import { traceIterations, writeIterationJson, writeIterationTable } from './engine/trace';
import { Trainer } from './engine/trainer';

const USAGE = `usage:
  node dist/cli.js trace FILE [--iterations N] [--every K] [--format json|table] [--max-csv-mb M]
  node dist/cli.js train FILE [--iterations N] [--max-csv-mb M]`;

function fail(message: string, code: number): never {
  process.stderr.write(message + '\n');
  process.exit(code);
}

function parseArgs(argv: string[]): { command: string; file: string; flags: Map<string, string> } {
  const [command, file, ...rest] = argv;
  if (!command || !file || !['trace', 'train'].includes(command)) fail(USAGE, 1);
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i];
    if (!['--iterations', '--every', '--format', '--max-csv-mb'].includes(key) || rest[i + 1] === undefined) fail(`unknown or incomplete option ${key}\n${USAGE}`, 1);
    flags.set(key.slice(2), rest[i + 1]);
  }
  return { command, file, flags };
}

function wholeNumber(flags: Map<string, string>, key: string): number | undefined {
  const v = flags.get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`--${key} must be a whole number of at least 1, not "${v}"`, 1);
  return n;
}

/** A trainer for the spec, or exit 2 naming the file when its buffers cannot be allocated. */
function trainerFor(spec: NetworkSpec): Trainer {
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
function writeOut(chunk: string): void {
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

async function main(): Promise<void> {
  const { command, file, flags } = parseArgs(process.argv.slice(2));
  const megabytes = wholeNumber(flags, 'max-csv-mb');
  const result = await loadNetworkFileAsync(file, {
    roots: [dirname(resolve(file)), process.cwd()],
    maxCsvBytes: megabytes !== undefined ? megabytes * 1024 * 1024 : DEFAULT_MAX_CSV_BYTES,
    capHint: '--max-csv-mb raises it',
  });
  if (!result.spec) fail(result.errors.map(formatError).join('\n'), 2);
  const iterations = wholeNumber(flags, 'iterations');
  if (command === 'trace') {
    const format = flags.get('format') ?? 'json';
    if (format !== 'json' && format !== 'table') fail(`--format must be json or table, not "${format}"`, 1);
    const trainer = trainerFor(result.spec);
    let first = true;
    const write = writeOut;
    traceIterations(trainer, { iterations, every: wholeNumber(flags, 'every') }, () => {
      if (format === 'json') writeIterationJson(trainer, write);
      else {
        if (!first) write('\n\n');
        writeIterationTable(trainer, write);
        write('\n');
        first = false;
      }
    });
    return;
  }
  const trainer = trainerFor(result.spec);
  const total = Math.min(iterations ?? trainer.totalIterations, trainer.totalIterations);
  const started = process.hrtime.bigint();
  trainer.runIterations(total);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const samples = total * Math.min(result.spec.batch.size, result.spec.data.inputs.rows);
  process.stdout.write(
    JSON.stringify({
      network: result.spec.name,
      iterations: total,
      epochs: trainer.epoch,
      loss: trainer.lossValue,
      seconds: Number(seconds.toFixed(4)),
      iterationsPerSecond: Math.round(total / seconds),
      samplesPerSecond: Math.round(samples / seconds),
    }) + '\n',
  );
}

// a reader that stops early (| head) is no error
process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
main().catch((e: Error) => fail(e.stack ?? String(e), 1));
