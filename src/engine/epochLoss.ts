// The loss a person watches over an epoch: the mean of the samples' losses E_s over the epoch,
// computed from the per-iteration record of E. E of an iteration is its batch's Σ_s E_s (or the mean,
// with "reduction": "mean"), so it jumps with the batch's size (iris: 9 batches of 8, then one of 3);
// the per-sample mean over the epoch does not. Pure; imports nothing.

/** How an epoch is cut into batches, and how E combines a batch's samples. */
export interface EpochShape {
  /** N: samples in the data */
  readonly samples: number;
  /** B: samples per batch (the last batch of an epoch may have fewer) */
  readonly batchSize: number;
  readonly reduction: 'sum' | 'mean';
}

/** The epoch loss at a point of training. */
export interface EpochLoss {
  /** the epoch the mean covers */
  readonly epoch: number;
  /** batches of that epoch in the mean (all of them when `complete`) */
  readonly batches: number;
  readonly complete: boolean;
  /** (1/n) Σ_s E_s over the samples of those batches */
  readonly mean: number;
}

export function batchesPerEpoch(shape: EpochShape): number {
  return Math.ceil(shape.samples / shape.batchSize);
}

/** Samples in an iteration's batch (iterations count from 1). */
export function batchSamples(shape: EpochShape, iteration: number): number {
  const first = ((iteration - 1) % batchesPerEpoch(shape)) * shape.batchSize;
  return Math.min(shape.batchSize, shape.samples - first);
}

/** Σ_s E_s of iterations from…to (inclusive) and their samples; `loss(iteration)` is E of that iteration (NaN: unknown). */
function total(shape: EpochShape, loss: (iteration: number) => number, from: number, to: number): { sum: number; n: number } {
  let sum = 0;
  let n = 0;
  for (let iteration = from; iteration <= to; iteration++) {
    const b = batchSamples(shape, iteration);
    // E is Σ_s E_s, or (1/b) Σ_s E_s with the mean reduction
    sum += shape.reduction === 'mean' ? loss(iteration) * b : loss(iteration);
    n += b;
  }
  return { sum, n };
}

/** The mean E_s over iterations from…to of one epoch; NaN when a loss of them is not recorded. */
function mean(shape: EpochShape, loss: (iteration: number) => number, from: number, to: number): number {
  const { sum, n } = total(shape, loss, from, to);
  return sum / n;
}

/**
 * The epoch loss at an iteration (`lossDone`: whether its loss is computed yet): the mean over the
 * current epoch's batches whose loss is computed; before the first of them, the epoch before's
 * (complete) mean. Undefined before any loss of the first epoch.
 */
export function epochLoss(shape: EpochShape, loss: (iteration: number) => number, iteration: number, lossDone: boolean): EpochLoss | undefined {
  const per = batchesPerEpoch(shape);
  const epoch = Math.floor((iteration - 1) / per) + 1;
  const first = (epoch - 1) * per + 1;
  const last = lossDone ? iteration : iteration - 1;
  if (last >= first) return { epoch, batches: last - first + 1, complete: last - first + 1 === per, mean: mean(shape, loss, first, last) };
  return lastEpochLoss(shape, loss, iteration, lossDone);
}

/** The mean over the last epoch whose every loss is computed at an iteration; undefined in the first epoch. */
export function lastEpochLoss(shape: EpochShape, loss: (iteration: number) => number, iteration: number, lossDone: boolean): EpochLoss | undefined {
  const per = batchesPerEpoch(shape);
  const last = lossDone ? iteration : iteration - 1;
  const epoch = Math.floor(last / per);
  if (epoch < 1) return undefined;
  return { epoch, batches: per, complete: true, mean: mean(shape, loss, (epoch - 1) * per + 1, epoch * per) };
}

/** The mean of every complete epoch in a loss record (E of iteration 1 first): entry e − 1 is epoch e's. */
export function epochMeans(shape: EpochShape, losses: ArrayLike<number>): Float64Array {
  const per = batchesPerEpoch(shape);
  const out = new Float64Array(Math.floor(losses.length / per));
  for (let e = 1; e <= out.length; e++) out[e - 1] = mean(shape, (iteration) => losses[iteration - 1], (e - 1) * per + 1, e * per);
  return out;
}
