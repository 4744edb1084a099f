// The answer to `backprop.predict`: what the network has learned at the current stop — its outputs on a
// grid over the inputs (one or two of them) and on the data's samples, computed by the engine's batched
// forward pass (src/engine/predict.ts) on the current parameters, without touching training or replay.

import { matrix } from '../engine/matrix';
import { confusion, gridInputs, predict, targetFunction, taskOf } from '../engine/predict';
import type { Trainer } from '../engine/trainer';
import { encodeMatrix } from '../protocol/buffers';
import { parseArguments } from '../protocol/dap';
import { MAX_SAMPLES, type PredictionResult } from '../protocol/prediction';
import type { Runner } from './runner';

/**
 * `backprop.predict`'s answer from its raw arguments; throws (with a sentence) when there is no network yet
 * or an export holds the trainer elsewhere (its parameters are not the ones on view).
 */
export function answerPredict(runner: Runner, raw: unknown): PredictionResult {
  if (runner.busy) throw new Error(runner.busy);
  return prediction(runner.trainer, parseArguments['backprop.predict'](raw).grid);
}

/** The learned function at the trainer's current stop, on a grid of `k` points per input (mutates nothing). */
export function prediction(trainer: Trainer, k: number): PredictionResult {
  const { inputs: X, targets: T, source } = trainer.spec.data;
  const layers = trainer.layers;
  const nIn = X.cols;
  const nOut = T.cols;
  // the samples drawn: all, or every stride-th
  const stride = Math.max(1, Math.ceil(X.rows / MAX_SAMPLES));
  const n = Math.ceil(X.rows / stride);
  const xs = stride === 1 ? X : matrix(n, nIn);
  const ts = stride === 1 ? T : matrix(n, nOut);
  if (stride > 1) {
    for (let s = 0; s < n; s++) {
      xs.data.set(X.data.subarray(s * stride * nIn, (s * stride + 1) * nIn), s * nIn);
      ts.data.set(T.data.subarray(s * stride * nOut, (s * stride + 1) * nOut), s * nOut);
    }
  }
  const ys = predict(layers, xs);
  const task = taskOf(T);
  let grid: PredictionResult['grid'];
  if (nIn <= 2) {
    const g = gridInputs(X, k);
    const outputs = predict(layers, g.inputs);
    const f = nIn === 1 && nOut === 1 ? targetFunction(source) : undefined;
    grid = {
      k,
      ranges: g.ranges,
      outputs: encodeMatrix(outputs.data, outputs.rows, outputs.cols),
      target: f ? encodeMatrix(g.inputs.data.map(f), k, 1) : undefined,
    };
  }
  return {
    iteration: trainer.iteration,
    position: trainer.position,
    task,
    inputs: nIn,
    outputs: nOut,
    grid,
    data: {
      total: X.rows,
      stride,
      inputs: nIn <= 2 ? encodeMatrix(xs.data, n, nIn) : undefined,
      targets: encodeMatrix(ts.data, n, nOut),
      outputs: encodeMatrix(ys.data, n, nOut),
    },
    accuracy: task === 'classification' ? confusion(ys, ts).accuracy : undefined,
  };
}
