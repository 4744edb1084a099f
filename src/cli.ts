// The headless entry: `node dist/cli.js trace FILE` prints every quantity of chosen iterations as JSON
// Lines (or aligned tables), `train FILE` trains and reports the final loss and throughput.
// Exit codes: 0 ok, 1 usage, 2 an invalid network file (positioned messages on stderr).

import { formatError, type NetworkSpec } from './engine/spec';
import { loadNetworkFile } from './engine/load';
import { formatRecordTable, trace } from './engine/trace';
import { Trainer } from './engine/trainer';

const USAGE = `usage:
  node dist/cli.js trace FILE [--iterations N] [--every K] [--format json|table]
  node dist/cli.js train FILE [--iterations N]`;

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
    if (!['--iterations', '--every', '--format'].includes(key) || rest[i + 1] === undefined) fail(`unknown or incomplete option ${key}\n${USAGE}`, 1);
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

function main(): void {
  const { command, file, flags } = parseArgs(process.argv.slice(2));
  const result = loadNetworkFile(file);
  if (!result.spec) fail(result.errors.map(formatError).join('\n'), 2);
  const iterations = wholeNumber(flags, 'iterations');
  if (command === 'trace') {
    const format = flags.get('format') ?? 'json';
    if (format !== 'json' && format !== 'table') fail(`--format must be json or table, not "${format}"`, 1);
    const trainer = trainerFor(result.spec);
    let first = true;
    trace(trainer, { iterations, every: wholeNumber(flags, 'every') }, (record) => {
      if (format === 'json') process.stdout.write(JSON.stringify(record) + '\n');
      else {
        process.stdout.write((first ? '' : '\n\n') + formatRecordTable(record) + '\n');
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

main();
