// `trace FILE`: every quantity of chosen iterations as JSON Lines (or aligned tables), streamed in chunks,
// so a network of millions of weights is traced without one huge string.

import { traceIterations, writeIterationJson, writeIterationTable } from '../engine/trace';
import { CSV_OPTION, choice, loadSpec, trainerFor, wholeNumber, writeOut, type Command } from './io';

export const trace: Command = {
  usage: 'trace FILE [--iterations N] [--every K] [--format json|table] [--max-csv-mb M]',
  positionals: 1,
  options: ['--iterations', '--every', '--format', CSV_OPTION],
  async run([file], flags) {
    const spec = await loadSpec(file, flags);
    const format = choice(flags, 'format', ['json', 'table'] as const);
    const iterations = wholeNumber(flags, 'iterations');
    const trainer = trainerFor(spec);
    let first = true;
    traceIterations(trainer, { iterations, every: wholeNumber(flags, 'every') }, () => {
      if (format === 'json') writeIterationJson(trainer, writeOut);
      else {
        if (!first) writeOut('\n\n');
        writeIterationTable(trainer, writeOut);
        writeOut('\n');
        first = false;
      }
    });
  },
};
