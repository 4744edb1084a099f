// `predict FILE`: trains (the whole file, or N iterations), then prints what the network has learned:
// its outputs on a grid over the inputs (K points for one input, K × K for two, spanning the data's range
// with a 10 % margin each side) or on the data set's own inputs, as { "inputs": [[…]], "outputs": [[…]] }.

import { gridInputs, predict as forward } from '../engine/predict';
import { toRows } from '../engine/matrix';
import { jsonNumber } from '../engine/trace';
import { CSV_OPTION, choice, fail, loadSpec, trainerFor, wholeNumber, writeOut, type Command } from './io';

/** Points per input of the grid when neither --grid nor --on is given */
const DEFAULT_GRID = 50;

/** Rows as JSON at full precision, a non-finite number as the trace writes it ("NaN", "Infinity", "-Infinity"). */
function rowsJson(rows: number[][]): string {
  return '[' + rows.map((r) => '[' + r.map(jsonNumber).join(',') + ']').join(',') + ']';
}

export const predict: Command = {
  usage: 'predict FILE [--iterations N] [--grid K | --on data] [--format json] [--max-csv-mb M]',
  positionals: 1,
  options: ['--iterations', '--grid', '--on', '--format', CSV_OPTION],
  async run([file], flags) {
    choice(flags, 'format', ['json'] as const);
    if (flags.has('grid') && flags.has('on')) fail('predict: give --grid K or --on data, not both', 1);
    const on = flags.has('on') ? choice(flags, 'on', ['data'] as const) : 'grid';
    const k = wholeNumber(flags, 'grid') ?? DEFAULT_GRID;
    const spec = await loadSpec(file, flags);
    const inputs = spec.data.inputs;
    if (on === 'grid' && inputs.cols > 2) fail(`predict: a grid covers one or two inputs; ${spec.name} has ${inputs.cols} (use --on data)`, 1);
    if (on === 'grid' && k < 2) fail('--grid must be at least 2', 1);
    const trainer = trainerFor(spec);
    trainer.runIterations(Math.min(wholeNumber(flags, 'iterations') ?? trainer.totalIterations, trainer.totalIterations));
    const points = on === 'data' ? inputs : gridInputs(inputs, k).inputs;
    const outputs = forward(trainer.layers, points);
    writeOut(`{"inputs":${rowsJson(toRows(points))},"outputs":${rowsJson(toRows(outputs))}}\n`);
  },
};
