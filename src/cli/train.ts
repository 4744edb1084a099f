// `train FILE`: trains (the whole file, or N iterations) and reports the final loss and throughput.

import { CSV_OPTION, loadSpec, trainerFor, wholeNumber, type Command } from './io';

export const train: Command = {
  usage: 'train FILE [--iterations N] [--max-csv-mb M]',
  positionals: 1,
  options: ['--iterations', CSV_OPTION],
  async run([file], flags) {
    const spec = await loadSpec(file, flags);
    const trainer = trainerFor(spec);
    const total = Math.min(wholeNumber(flags, 'iterations') ?? trainer.totalIterations, trainer.totalIterations);
    const started = process.hrtime.bigint();
    trainer.runIterations(total);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const samples = total * Math.min(spec.batch.size, spec.data.inputs.rows);
    process.stdout.write(
      JSON.stringify({
        network: spec.name,
        iterations: total,
        epochs: trainer.epoch,
        loss: trainer.lossValue,
        seconds: Number(seconds.toFixed(4)),
        iterationsPerSecond: Math.round(total / seconds),
        samplesPerSecond: Math.round(samples / seconds),
      }) + '\n',
    );
  },
};
