// The gradient check: analytic ∂w and ∂b against central differences (E(θ+h) − E(θ−h)) / 2h, on the
// current batch at the current parameters. Works on a scratch trainer, so the session being debugged
// is left exactly as it was. Imports nothing outside the engine.

import { createRng, mixSeed } from './rng';
import { Trainer } from './trainer';

export interface GradientCheckEntry {
  readonly layer: number;
  readonly quantity: 'dw' | 'db';
  /** row j (neuron of the layer before) for ∂w; 0 for ∂b */
  readonly j: number;
  readonly k: number;
  readonly analytic: number;
  readonly numeric: number;
  /** |analytic − numeric| / max(|analytic| + |numeric|, 1e-8): round-off on a gradient near 0 is no error */
  readonly relativeError: number;
}

export interface GradientCheckResult {
  readonly entries: GradientCheckEntry[];
  readonly worst: GradientCheckEntry | undefined;
  /** how many parameters were checked out of how many there are */
  readonly checked: number;
  readonly total: number;
}

export interface GradientCheckOptions {
  /** the step h (default 1e-5) */
  step?: number;
  /** check at most this many entries per layer and quantity, chosen at random with a fixed seed (default all) */
  maxPerLayer?: number;
  /**
   * with the iteration's dropout masks held fixed (default false: without dropout, as every evaluation
   * pass; the optimizer never matters, the check is of ∂w and ∂b)
   */
  dropout?: boolean;
}

/**
 * Checks the gradient of `trainer`'s current iteration at the parameters its forward pass used — after
 * the update too, so that the ∂w checked is the one on screen. Leaves the trainer as it was (after
 * the update it travels to the iteration's start and back, which replays exactly).
 */
export function gradientCheck(trainer: Trainer, options: GradientCheckOptions = {}): GradientCheckResult {
  const steps = gradientCheckSteps(trainer, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How far a gradient check has come: entries checked of those it will check. */
export interface GradientCheckProgress {
  readonly done: number;
  readonly of: number;
}

/**
 * The gradient check as steps of one entry (two forward passes of the batch), so that a caller can spread a
 * whole-network check over time and stop it. The trainer is restored before the first step; the scratch
 * copy holds everything after it.
 */
export function* gradientCheckSteps(trainer: Trainer, options: GradientCheckOptions = {}): Generator<GradientCheckProgress, GradientCheckResult, void> {
  const h = options.step ?? 1e-5;
  const limit = options.maxPerLayer ?? Infinity;
  const scratch = new Trainer(trainer.spec, { record: false, dropout: options.dropout ?? false });
  const afterUpdate = trainer.position === trainer.stops.length && trainer.history !== undefined;
  if (afterUpdate) trainer.seek(trainer.iteration, 0);
  scratch.adoptStartOf(trainer);
  if (afterUpdate) trainer.seek(trainer.iteration, trainer.stops.length);
  const backwardEnd = scratch.stops.length - 1;
  // analytic: forward, loss and backward on the scratch copy
  while (scratch.position < backwardEnd) scratch.step();
  const lossStop = scratch.stops.findIndex((s) => s.phase === 'loss') + 1;
  const batchLoss = (): number => {
    scratch.position = 0;
    while (scratch.position < lossStop) scratch.step();
    return scratch.lossValue;
  };
  const rng = createRng(mixSeed(0x6c, trainer.iteration));
  const entries: GradientCheckEntry[] = [];
  let total = 0;
  // the entries to check, chosen up front (in the same order as before) so that progress knows its end
  const chosen: number[][] = [];
  for (let l = 1; l < scratch.layers.length; l++) {
    const layer = scratch.layers[l];
    for (const params of [layer.w.data, layer.b]) chosen.push(pick(params.length, limit, rng.int));
  }
  const of = chosen.reduce((n, c) => n + c.length, 0);
  for (let l = 1; l < scratch.layers.length; l++) {
    const layer = scratch.layers[l];
    for (const quantity of ['dw', 'db'] as const) {
      const params = quantity === 'dw' ? layer.w.data : layer.b;
      const analytic = Float64Array.from(quantity === 'dw' ? layer.dw.data : layer.db);
      total += params.length;
      for (const x of chosen[2 * (l - 1) + (quantity === 'dw' ? 0 : 1)]) {
        yield { done: entries.length, of };
        const saved = params[x];
        params[x] = saved + h;
        const plus = batchLoss();
        params[x] = saved - h;
        const minus = batchLoss();
        params[x] = saved;
        const numeric = (plus - minus) / (2 * h);
        const a = analytic[x];
        const cols = layer.size;
        entries.push({
          layer: l,
          quantity,
          j: quantity === 'dw' ? Math.floor(x / cols) : 0,
          k: quantity === 'dw' ? x % cols : x,
          analytic: a,
          numeric,
          relativeError: Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-8),
        });
      }
    }
  }
  let worst: GradientCheckEntry | undefined;
  for (const e of entries) if (!worst || !(e.relativeError <= worst.relativeError)) worst = e;
  return { entries, worst, checked: entries.length, total };
}

function pick(n: number, limit: number, int: (n: number) => number): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  while (chosen.size < limit) chosen.add(int(n));
  return [...chosen].sort((a, b) => a - b);
}
