// The steppable training loop. One iteration is a fixed sequence of stops:
//   forward of layer 1 … L, the loss, backward of layer L … 1, the update
// and the trainer can do one stop, finish the iteration, run until a predicate holds, or seek to any
// earlier (iteration, position) exactly, by replaying from a checkpoint of the History. The state
// at a stop is read directly from the layers' buffers: nothing is copied to inspect it.
// Imports nothing outside the engine.

import { History } from './history';
import { softmaxCrossEntropyDelta, loss as lossFunction, type Loss } from './losses';
import { Arena, mulAddBias, mulTransposeA, mulTransposeB, sumRows, type Matrix } from './matrix';
import { createLayers, layerDoubles, loadParameters, parameterCount, saveParameters, widest, type LayerState } from './network';
import type { Quantity } from './quantities';
import { OPTIMIZER_SLOTS, stepOf, TensorState, updateTensor, type OptimizerSlot } from './optimizers';
import type { Kernels } from './wasm/kernels';
import { createRng, mixSeed, permutation } from './rng';
import type { NetworkSpec } from './spec';

export type Phase = 'forward' | 'loss' | 'backward' | 'update';

/** One stop of an iteration. `layer` is the layer computed (the output layer for the loss, 0 for the update). */
export interface Stop {
  readonly phase: Phase;
  readonly layer: number;
}

/** (re-exported for the engine's readers: the list and the symbols are in quantities.ts) */
export type { Quantity };

/** A change the user made while paused, kept so that replay makes it again at the same place. */
export interface Edit {
  readonly iteration: number;
  readonly position: number;
  readonly target: 'w' | 'b' | 'eta';
  readonly layer: number;
  readonly j: number;
  readonly k: number;
  readonly value: number;
}

export interface TrainerOptions {
  /** keep the loss record and checkpoints (default true); without them there is no going back */
  record?: boolean;
  /** the History's memory budget in bytes (default 256 MiB) */
  historyBytes?: number;
  /** apply the layers' dropout while training (default true); false: an evaluating trainer, y = f(u) everywhere */
  dropout?: boolean;
}

/** One parameter tensor's optimizer state as the debugger shows it (read it now: the arrays swap at the next update). */
export interface OptimizerStateView {
  /** the state now: after this iteration's update once it is done, else as the previous update left it */
  readonly slots: Readonly<Partial<Record<OptimizerSlot, Float64Array>>>;
  /** the state before this iteration's update (the same arrays as `slots` until the update is done) */
  readonly before: Readonly<Partial<Record<OptimizerSlot, Float64Array>>>;
}

export class Trainer {
  readonly layers: LayerState[];
  /** the stops of every iteration, in order */
  readonly stops: readonly Stop[];
  /** the current iteration, from 1 */
  iteration = 1;
  /** how many of the current iteration's stops are done (0: none, stops.length: the update too) */
  position = 0;
  /** η, the learning rate (editable while paused) */
  eta: number;
  /** E of the current batch under the batch reduction; NaN until the loss stop */
  lossValue = NaN;
  /** samples in the current batch */
  batchSize = 0;
  /** indices into the data of the current batch's samples (the first batchSize entries) */
  readonly samples: Int32Array;
  /** t_k of the current batch, per sample */
  readonly targets: Matrix;
  readonly batchesPerEpoch: number;
  readonly totalIterations: number;
  readonly history: History | undefined;

  private readonly loss: Loss;
  private readonly softmaxCrossEntropy: boolean;
  private readonly L: number;
  private readonly edits: Edit[] = [];
  private order: Int32Array | undefined;
  private orderEpoch = 0;
  /** doubles in one set of parameters (every w and b) */
  private readonly parameterCount: number;
  /** per layer, the optimizer's buffers of w and b (undefined for the inputs and for frozen tensors) */
  private readonly tensorStates: { w: TensorState | undefined; b: TensorState | undefined }[];
  /** the trainable tensors' states in checkpoint order */
  private readonly stateList: TensorState[];
  /** doubles of optimizer state in a checkpoint (0 for sgd) */
  private readonly stateCount: number;
  /** the arena's SIMD kernels (the optimizer's buffers live in the arena too), if they run here */
  private readonly kernels: Kernels | undefined;
  /** η as the last update used it (the step is recomputed from it when asked for) */
  private updateEta = NaN;

  constructor(
    readonly spec: NetworkSpec,
    options: TrainerOptions = {},
  ) {
    const samples = spec.data.inputs.rows;
    const capacity = Math.min(spec.batch.size, samples);
    // one arena, sized once, for the layers and the batch's targets (the inputs are layer 0's y)
    const outputs = spec.layers[spec.layers.length - 1].size;
    const dropout = options.dropout !== false;
    // the optimizer's state (now and before, per slot) and step of every trainable tensor, in the arena too
    const slots = OPTIMIZER_SLOTS[spec.optimizer.name].length;
    let stateDoubles = 0;
    spec.layers.forEach((ls, l) => {
      if (l === 0) return;
      if (ls.trainWeights) stateDoubles += (2 * slots + 1) * Arena.slot(spec.layers[l - 1].size * ls.size);
      if (ls.trainBiases) stateDoubles += (2 * slots + 1) * Arena.slot(ls.size);
    });
    const arena = new Arena(layerDoubles(spec, capacity, dropout) + Arena.slot(capacity * outputs) + stateDoubles, capacity, widest(spec));
    this.layers = createLayers(spec, capacity, arena, dropout);
    this.kernels = arena.kernels;
    this.L = this.layers.length - 1;
    const stops: Stop[] = [];
    for (let l = 1; l <= this.L; l++) stops.push({ phase: 'forward', layer: l });
    stops.push({ phase: 'loss', layer: this.L });
    for (let l = this.L; l >= 1; l--) stops.push({ phase: 'backward', layer: l });
    stops.push({ phase: 'update', layer: 0 });
    this.stops = stops;
    this.eta = spec.learningRate;
    this.samples = new Int32Array(capacity);
    this.targets = arena.matrix(capacity, outputs);
    this.batchesPerEpoch = Math.ceil(samples / spec.batch.size);
    this.totalIterations = this.batchesPerEpoch * spec.epochs;
    // after softmax or sigmoid, cross-entropy is computed from u (log-sum-exp): finite where y underflows
    this.loss = lossFunction(spec.loss, this.layers[this.L].activation.name);
    this.softmaxCrossEntropy = spec.loss === 'cross-entropy' && this.layers[this.L].activation.name === 'softmax';
    const params = parameterCount(this.layers);
    this.parameterCount = params;
    // frozen parameters keep no state; every trainable tensor keeps its step (and sgd nothing else)
    const alloc = (n: number): Float64Array => arena.vector(n);
    this.tensorStates = this.layers.map((l) => ({
      w: l.index > 0 && l.spec.trainWeights ? new TensorState(slots, l.w.data.length, alloc) : undefined,
      b: l.index > 0 && l.spec.trainBiases ? new TensorState(slots, l.b.length, alloc) : undefined,
    }));
    this.stateList = this.tensorStates.flatMap((s) => [s.w, s.b]).filter((s): s is TensorState => s !== undefined);
    this.stateCount = this.stateList.reduce((n, s) => n + s.slots.length * s.step.length, 0);
    // a checkpoint at most every 256 samples trained: copying the parameters (one write each) then costs
    // under 0.1 % of the arithmetic (6 flops per parameter and sample), and a jump replays little
    const minInterval = 256 / capacity;
    this.history = options.record === false ? undefined : new History(params + this.stateCount, options.historyBytes ?? 256 * 1024 * 1024, this.totalIterations, minInterval);
    this.beginIteration();
  }

  /** The epoch of the current iteration, from 1. */
  get epoch(): number {
    return Math.floor((this.iteration - 1) / this.batchesPerEpoch) + 1;
  }

  /** The stop done last (undefined at the start of an iteration, before its first stop). */
  get currentStop(): Stop | undefined {
    return this.position === 0 ? undefined : this.stops[this.position - 1];
  }

  /** True after the last iteration's update. */
  get finished(): boolean {
    return this.iteration === this.totalIterations && this.position === this.stops.length;
  }

  /** t: how many updates have been applied up to the current position (one per iteration). */
  get optimizerSteps(): number {
    return this.iteration - (this.position === this.stops.length ? 0 : 1);
  }

  /**
   * The optimizer's state of w or b of layer l, now and before this iteration's update; undefined for
   * sgd (no state), the input layer and a frozen tensor. Read it now: the arrays swap at the next update.
   */
  optimizerState(l: number, param: 'w' | 'b'): OptimizerStateView | undefined {
    const names = OPTIMIZER_SLOTS[this.spec.optimizer.name];
    const s = this.tensorStates[l]?.[param];
    if (!s || names.length === 0) return undefined;
    const slots: Partial<Record<OptimizerSlot, Float64Array>> = {};
    const before: Partial<Record<OptimizerSlot, Float64Array>> = {};
    const done = this.position === this.stops.length;
    names.forEach((name, i) => {
      slots[name] = s.slots[i];
      before[name] = done ? s.spare[i] : s.slots[i];
    });
    return { slots, before };
  }

  /**
   * The optimizer's state of w or b of layer l as this iteration's update leaves it, also before the update
   * stop is done (then computed by the same rule into the spare buffers, which the update fills again with
   * the same numbers): for the trace, which records before the update. Undefined where optimizerState is,
   * and before the backward pass of the layer. Read it now.
   */
  optimizerStateAfter(l: number, param: 'w' | 'b'): Readonly<Partial<Record<OptimizerSlot, Float64Array>>> | undefined {
    const now = this.optimizerState(l, param);
    if (!now || this.position === this.stops.length) return now?.slots;
    if (!this.isComputed(l, 'dw')) return undefined;
    const s = this.tensorStates[l][param]!;
    const layer = this.layers[l];
    const p = Float64Array.from(param === 'w' ? layer.w.data : layer.b);
    const g = param === 'w' ? layer.dw.data : layer.db;
    // plain arrays (not the arena's): the TypeScript rule, the same arithmetic as the kernel's
    const spare = s.spare.map((x) => new Float64Array(x.length));
    updateTensor(this.spec.optimizer, this.eta, this.iteration, param === 'w' ? this.spec.weightDecay : 0, p, g, s.slots, spare, new Float64Array(p.length));
    const out: Partial<Record<OptimizerSlot, Float64Array>> = {};
    OPTIMIZER_SLOTS[this.spec.optimizer.name].forEach((name, i) => (out[name] = spare[i]));
    return out;
  }

  /**
   * The increment this iteration's update applied to w (or b) of layer l: w_after = w_before + step, per
   * entry (the buffer itself once the update is done: read it now); zeros before the update and for a
   * frozen tensor.
   */
  parameterStep(l: number, param: 'w' | 'b'): Float64Array {
    const s = this.tensorStates[l]?.[param];
    if (s && this.position === this.stops.length) {
      const g = param === 'w' ? this.layers[l].dw.data : this.layers[l].db;
      return stepOf(this.spec.optimizer, this.updateEta, this.iteration, param === 'w' ? this.spec.weightDecay : 0, g, s.slots, s.step);
    }
    const layer = this.layers[l];
    return new Float64Array(param === 'w' ? layer.w.data.length : layer.b.length);
  }

  /** Whether `quantity` of layer `l` holds this iteration's value at the current position. */
  isComputed(l: number, quantity: Quantity | 'mask'): boolean {
    const p = this.position;
    switch (quantity) {
      case 'mask':
        return l > 0 && p >= l && this.layers[l].mask !== undefined;
      case 'w':
      case 'b':
        return l > 0;
      case 'u':
        return l > 0 && p >= l;
      case 'y':
        return l === 0 || p >= l;
      default:
        // backward of layer l is stop index L + 1 + (L − l)
        return l > 0 && p >= 2 * this.L + 2 - l;
    }
  }

  /** Whether the loss of the current iteration has been computed. */
  get lossComputed(): boolean {
    return this.position > this.L;
  }

  /** Does the next stop, starting the next iteration if this one is done. False when training is over. */
  step(): boolean {
    if (this.position === this.stops.length) {
      if (this.iteration >= this.totalIterations) return false;
      this.nextIteration();
    }
    this.execute(this.position);
    this.position++;
    if (this.edits.length) this.replayEdits();
    return true;
  }

  /** Finishes the current iteration (through its update). False when training was already over. */
  finishIteration(): boolean {
    if (this.position === this.stops.length && !this.step()) return false;
    while (this.position < this.stops.length) this.step();
    return true;
  }

  /** Runs up to `count` whole iterations with no per-stop checks (the fast path). Returns how many ran. */
  runIterations(count: number): number {
    let done = 0;
    while (done < count && this.finishIteration()) done++;
    return done;
  }

  /** Steps until `predicate` holds after a stop, or `maxStops` stops ran, or training ends. True when it held. */
  runUntil(predicate: (trainer: Trainer) => boolean, maxStops = Infinity): boolean {
    for (let n = 0; n < maxStops; n++) {
      if (!this.step()) return false;
      if (predicate(this)) return true;
    }
    return false;
  }

  /**
   * Puts the trainer at (iteration, position) exactly as it was (or will be) there. Throws when going back
   * is impossible. Drives `travel` to its end.
   */
  seek(iteration: number, position: number): void {
    const steps = this.travel(iteration, position);
    while (!steps.next().done);
  }

  /**
   * Starts a seek and returns its remaining work, one iteration per `next()`, so that a caller can spread a
   * long one over time (the trainer is at a valid stop between any two). The nearest checkpoint at or before
   * the target is restored first whenever it is ahead of here or the target is behind: a jump, forward or
   * back, then replays at most one checkpoint interval (a target beyond the trained part trains on to it).
   * Throws at once when the target does not exist or going back is impossible.
   */
  travel(iteration: number, position: number): Generator<void, void, void> {
    if (!(iteration >= 1 && iteration <= this.totalIterations && position >= 0 && position <= this.stops.length) || !Number.isInteger(iteration) || !Number.isInteger(position)) {
      throw new RangeError(`no stop ${position} in iteration ${iteration}`);
    }
    const behind = iteration < this.iteration || (iteration === this.iteration && position < this.position);
    const c = this.history?.nearest(iteration);
    if (behind && !c) throw new Error('this session keeps no history to go back to');
    if (c && (behind || c.iteration > this.iteration)) this.restore(c.pool, c.offset, c.iteration);
    return this.replayTo(iteration, position);
  }

  /** How many iterations a seek to `iteration` replays or trains (0 within the current one). */
  travelCost(iteration: number, position = 0): number {
    const behind = iteration < this.iteration || (iteration === this.iteration && position < this.position);
    const c = this.history?.nearest(iteration);
    const from = c && (behind || c.iteration > this.iteration) ? c.iteration : this.iteration;
    return Math.max(0, iteration - from);
  }

  private *replayTo(iteration: number, position: number): Generator<void, void, void> {
    while (this.iteration < iteration) {
      while (this.position < this.stops.length) this.step();
      this.nextIteration();
      if (this.iteration < iteration) yield;
    }
    while (this.position < position) this.step();
  }

  /** Changes w_jk, b_k (j unused) or η now, and remembers the change for replay; forgets the future it changes. */
  edit(target: Edit['target'], layer: number, j: number, k: number, value: number): void {
    const e: Edit = { iteration: this.iteration, position: this.position, target, layer, j, k, value };
    const at = (x: Edit): number => x.iteration * (this.stops.length + 1) + x.position;
    for (let i = this.edits.length - 1; i >= 0; i--) if (at(this.edits[i]) > at(e)) this.edits.splice(i, 1);
    this.edits.push(e);
    this.apply(e);
    this.history?.truncate(this.iteration, this.lossComputed ? this.iteration + 1 : this.iteration);
  }

  /**
   * Makes this trainer stand at the start of `other`'s current iteration: same parameters, η and batch
   * (mutates this, not other). Used for scratch computations such as the gradient check.
   */
  adoptStartOf(other: Trainer): void {
    const params = new Float64Array(parameterCount(other.layers));
    saveParameters(other.layers, params, 0);
    loadParameters(this.layers, params, 0);
    this.eta = other.eta;
    this.iteration = other.iteration;
    this.position = 0;
    this.lossValue = NaN;
    this.batchSize = other.batchSize;
    this.samples.set(other.samples);
    this.layers[0].y.data.set(other.layers[0].y.data);
    this.targets.data.set(other.targets.data);
  }

  /** E of an iteration from the record (NaN when not recorded). */
  recordedLoss(iteration: number): number {
    if (iteration === this.iteration && this.lossComputed) return this.lossValue;
    return this.history?.loss(iteration) ?? NaN;
  }

  // --- the stops -------------------------------------------------------------------------------

  private execute(index: number): void {
    const stop = this.stops[index];
    switch (stop.phase) {
      case 'forward':
        this.forward(stop.layer);
        break;
      case 'loss':
        this.computeLoss();
        break;
      case 'backward':
        this.backward(stop.layer);
        break;
      case 'update':
        this.update();
        break;
    }
  }

  /** u = Y_prev·W + b, y = f(u) (with dropout: y = f(u)·mask/(1 − p)) */
  private forward(l: number): void {
    const layer = this.layers[l];
    mulAddBias(layer.u, this.layers[l - 1].y, layer.w, layer.b, this.batchSize);
    if (layer.mask) {
      layer.activation.forward(layer.u, layer.undropped!, this.batchSize, layer.spec.alpha);
      this.dropOut(layer);
    } else layer.activation.forward(layer.u, layer.y, this.batchSize, layer.spec.alpha);
  }

  /**
   * Inverted dropout: keeps each neuron of each sample with probability 1 − p and scales the kept ones by
   * 1/(1 − p). The mask is drawn from the file's seed, the iteration and the layer, so that replay (Step
   * Back, seek) draws the same mask again without storing it.
   */
  private dropOut(layer: LayerState): void {
    const p = layer.spec.dropout;
    const scale = 1 / (1 - p);
    const rng = createRng(mixSeed(this.spec.init.seed, 0xd20, this.iteration, layer.index));
    const M = layer.mask!.data;
    const F = layer.undropped!.data;
    const Y = layer.y.data;
    for (let x = 0, end = this.batchSize * layer.size; x < end; x++) {
      const keep = rng.next() >= p ? 1 : 0;
      M[x] = keep;
      Y[x] = F[x] * (keep * scale);
    }
  }

  /** E = Σ_s E_s (or the mean) */
  private computeLoss(): void {
    const e = this.loss.value(this.layers[this.L].y, this.targets, this.batchSize, this.layers[this.L].u);
    this.lossValue = this.spec.batch.reduction === 'mean' ? e / this.batchSize : e;
    this.history?.recordLoss(this.iteration, this.lossValue);
  }

  /** ∂y, δ, then ∂w = Yᵀ_prev·Δ and ∂b = Σ_s δ (× 1/batch for the mean) */
  private backward(l: number): void {
    const layer = this.layers[l];
    const n = this.batchSize;
    if (l === this.L) {
      // backward: output layer first; ∂y_k = ∂E/∂y_k from the loss
      this.loss.gradient(layer.y, this.targets, layer.dy, n);
      if (this.softmaxCrossEntropy) softmaxCrossEntropyDelta(layer.y, this.targets, layer.delta, n);
      else layer.activation.backward(layer.u, layer.y, layer.dy, layer.delta, n, layer.spec.alpha);
    } else {
      // hidden layer: ∂y_j = Σ_r δ_r w_jr from the layer after
      const next = this.layers[l + 1];
      mulTransposeB(layer.dy, next.delta, next.w, n);
      if (layer.mask) {
        // through the dropout: ∂E/∂f(u) = ∂y · mask/(1 − p), then δ = that · f'(u) (element-wise, so in place in δ)
        const scale = 1 / (1 - layer.spec.dropout);
        const M = layer.mask.data;
        const G = layer.dy.data;
        const D = layer.delta.data;
        for (let x = 0, end = n * layer.size; x < end; x++) D[x] = G[x] * (M[x] * scale);
        layer.activation.backward(layer.u, layer.undropped!, layer.delta, layer.delta, n, layer.spec.alpha);
      } else layer.activation.backward(layer.u, layer.y, layer.dy, layer.delta, n, layer.spec.alpha);
    }
    const scale = this.spec.batch.reduction === 'mean' ? 1 / n : 1;
    mulTransposeA(layer.dw, this.layers[l - 1].y, layer.delta, n, scale);
    sumRows(layer.db, layer.delta, n, scale);
  }

  /** The optimizer's rule on w (with ∂w + λw) and b (with ∂b) of every layer, except where frozen. */
  private update(): void {
    const eta = this.eta;
    const optimizer = this.spec.optimizer;
    const decay = this.spec.weightDecay;
    const t = this.iteration;
    const kernels = this.kernels;
    this.updateEta = eta;
    if (optimizer.name === 'sgd' && decay === 0) {
      // the plain rule inline, as it always was: a 2-2-2 iteration is a few hundred nanoseconds
      for (let l = 1; l <= this.L; l++) {
        const layer = this.layers[l];
        if (layer.spec.trainWeights) {
          const w = layer.w.data;
          const dw = layer.dw.data;
          for (let x = 0; x < w.length; x++) w[x] -= eta * dw[x];
        }
        if (layer.spec.trainBiases) {
          const b = layer.b;
          const db = layer.db;
          for (let x = 0; x < b.length; x++) b[x] -= eta * db[x];
        }
      }
      return;
    }
    for (let l = 1; l <= this.L; l++) {
      const layer = this.layers[l];
      const { w, b } = this.tensorStates[l];
      if (w) {
        updateTensor(optimizer, eta, t, decay, layer.w.data, layer.dw.data, w.slots, w.spare, w.step, kernels);
        w.swap();
      }
      if (b) {
        updateTensor(optimizer, eta, t, 0, layer.b, layer.db, b.slots, b.spare, b.step, kernels);
        b.swap();
      }
    }
  }

  // --- iterations, checkpoints and replay ---------------------------------------------------------

  /** Moves to the start (position 0) of the next iteration. */
  private nextIteration(): void {
    this.iteration++;
    this.beginIteration();
  }

  /** Loads the current iteration's batch and takes its checkpoint. */
  private beginIteration(): void {
    this.position = 0;
    this.lossValue = NaN;
    const spec = this.spec;
    const N = spec.data.inputs.rows;
    const B = spec.batch.size;
    const epoch = this.epoch;
    const first = ((this.iteration - 1) % this.batchesPerEpoch) * B;
    const n = Math.min(B, N - first);
    this.batchSize = n;
    let order: Int32Array | undefined;
    if (spec.batch.shuffle) {
      if (this.orderEpoch !== epoch || !this.order) {
        this.order = permutation(N, createRng(mixSeed(spec.init.seed, 0x5eed, epoch)));
        this.orderEpoch = epoch;
      }
      order = this.order;
    }
    const X = spec.data.inputs;
    const T = spec.data.targets;
    const x = this.layers[0].y.data;
    const t = this.targets.data;
    const inCols = X.cols;
    const outCols = T.cols;
    for (let s = 0; s < n; s++) {
      const index = order ? order[first + s] : first + s;
      this.samples[s] = index;
      for (let i = 0; i < inCols; i++) x[s * inCols + i] = X.data[index * inCols + i];
      for (let k = 0; k < outCols; k++) t[s * outCols + k] = T.data[index * outCols + k];
    }
    if (this.edits.length) this.replayEdits();
    this.history?.checkpoint(this.iteration, this.writeCheckpoint);
  }

  /**
   * Fills a History slot with the parameters, η and the optimizer's state (t is the iteration's: one
   * update per iteration); made once, as a closure per iteration would be garbage.
   */
  private readonly writeCheckpoint = (pool: Float64Array, offset: number): void => {
    saveParameters(this.layers, pool, offset);
    pool[offset + this.parameterCount] = this.eta;
    let o = offset + this.parameterCount + 1;
    for (const s of this.stateList) {
      for (const slot of s.slots) {
        pool.set(slot, o);
        o += slot.length;
      }
    }
  };

  /** Restores parameters, η and the optimizer's state saved at the start of an iteration, and stands there. */
  private restore(src: Float64Array, offset: number, iteration: number): void {
    loadParameters(this.layers, src, offset);
    this.eta = src[offset + this.parameterCount];
    let o = offset + this.parameterCount + 1;
    for (const s of this.stateList) {
      for (const slot of s.slots) {
        slot.set(src.subarray(o, o + slot.length));
        o += slot.length;
      }
    }
    this.iteration = iteration;
    // edits set absolute values, so making again those already in the checkpoint changes nothing
    this.beginIteration();
  }

  /** Applies the edits recorded for the current (iteration, position). */
  private replayEdits(): void {
    for (const e of this.edits) if (e.iteration === this.iteration && e.position === this.position) this.apply(e);
  }

  private apply(e: Edit): void {
    if (e.target === 'eta') this.eta = e.value;
    else if (e.target === 'w') {
      const w = this.layers[e.layer].w;
      w.data[e.j * w.cols + e.k] = e.value;
    } else this.layers[e.layer].b[e.k] = e.value;
  }
}
