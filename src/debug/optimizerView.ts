// The optimizer's state at a stop as the debugger shows it (Variables' Optimizer scope, the expressions
// v[L], h[L], m[L], step[L], …, the inspector's snapshot): per layer and parameter tensor (w, b) the
// slots before and after this iteration's update, the step the update applied, Adam's bias-corrected
// m̂ and v̂ and the effective learning rate per weight of the adaptive methods. Reads the trainer
// (the engine's optimizer API, shared/optimizer-api); never mutates it. Honours Step Into's cursor at
// the update stop: layers not yet reached show the state before. Imports the engine only.

import type { Matrix } from '../engine/matrix';
import { OPTIMIZER_SLOTS, biasCorrected, effectiveLearningRate, type OptimizerSlot } from '../engine/optimizers';
import type { OptimizerName, OptimizerSpec } from '../engine/spec';
import type { Trainer } from '../engine/trainer';

/** A state slot an optimizer keeps per parameter tensor. */
export type Slot = OptimizerSlot;
export type Param = 'w' | 'b';

/** The optimizer of a network file and its hyper-parameters. */
export type OptimizerConfig = OptimizerSpec;
export type { OptimizerName };

/** The slots of each optimizer, in the order the notes write the update. */
export const SLOTS = OPTIMIZER_SLOTS;

/** The network file's optimizer (sgd when it names none). */
export function optimizerOf(trainer: Trainer): OptimizerConfig {
  return trainer.spec.optimizer;
}

/** λ of the network file's weight decay (0: none). */
export function weightDecayOf(trainer: Trainer): number {
  return trainer.spec.weightDecay;
}

/** t: how many updates have been applied up to the current position (Step Into's cursor aside). */
export function updatesOf(trainer: Trainer): number {
  return trainer.optimizerSteps;
}

/** The dropout rate p of layer l (0: no dropout). */
export function dropoutOf(trainer: Trainer, l: number): number {
  return trainer.layers[l]?.spec.dropout ?? 0;
}

/** Layer l's dropout mask [sample][neuron] (0 or 1), or undefined when it has none or it is not drawn yet. */
export function maskOf(trainer: Trainer, l: number): Matrix | undefined {
  const mask = trainer.layers[l]?.mask;
  return mask && trainer.isComputed(l, 'mask') ? mask : undefined;
}

/**
 * Whether layer l's update is done at the current position: the update stop is done and, while Step Into
 * walks through it layer by layer, the cursor has reached l (`updating`: the last layer shown updated).
 */
export function isUpdated(trainer: Trainer, l: number, updating: number | undefined): boolean {
  return trainer.position === trainer.stops.length && (updating === undefined || l <= updating);
}

/** One parameter tensor's optimizer state at a stop, as shown. */
export interface TensorState {
  /** the slots now (before the update until it is done for this layer) */
  readonly now: Readonly<Partial<Record<Slot, Float64Array>>>;
  /** the slots as they were before this iteration's update; only once the update is done for this layer */
  readonly before?: Readonly<Partial<Record<Slot, Float64Array>>>;
  /** Δ = after − before of w (or b): only once the update is done for this layer */
  readonly step?: Float64Array;
  /** Adam: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) of the update done */
  readonly mhat?: Float64Array;
  readonly vhat?: Float64Array;
  /** adaptive methods: the effective learning rate η/(√h+ε) or η/(√v̂+ε) per entry, of the update done */
  readonly rate?: Float64Array;
}

/** Why there is no state for a tensor: sgd keeps none, a frozen tensor keeps none. */
export type NoState = 'sgd' | 'frozen';

/** The state of w or b of layer l at the current position (the cursor `updating` at the update stop). */
export function tensorState(trainer: Trainer, l: number, param: Param, updating: number | undefined): TensorState | NoState {
  const opt = optimizerOf(trainer);
  const frozen = param === 'w' ? !trainer.layers[l].spec.trainWeights : !trainer.layers[l].spec.trainBiases;
  if (frozen) return 'frozen';
  const done = isUpdated(trainer, l, updating);
  const step = done ? trainer.parameterStep(l, param) : undefined;
  if (opt.name === 'sgd') return done && step ? { now: {}, step } : 'sgd';
  const state = trainer.optimizerState(l, param);
  if (!state) return 'frozen';
  const pick = (from: Readonly<Partial<Record<Slot, Float64Array>>>): Partial<Record<Slot, Float64Array>> => Object.fromEntries(SLOTS[opt.name].filter((s) => from[s]).map((s) => [s, from[s]]));
  // the engine has done the whole update at the update stop; a layer Step Into has not reached yet shows its state before
  const updatedInEngine = trainer.position === trainer.stops.length;
  if (!done) return { now: pick(updatedInEngine ? state.before : state.slots) };
  const now = pick(state.slots);
  const out: { -readonly [K in keyof TensorState]: TensorState[K] } = { now, before: pick(state.before), step };
  const eta = trainer.eta;
  if (opt.name === 'adam' && now.m && now.v) {
    const { mHat, vHat } = biasCorrected(now.m, now.v, opt.beta1, opt.beta2, updatesOf(trainer));
    out.mhat = mHat;
    out.vhat = vHat;
    out.rate = effectiveLearningRate(eta, opt.epsilon, vHat);
  } else if ((opt.name === 'adagrad' || opt.name === 'rmsprop') && now.h) {
    out.rate = effectiveLearningRate(eta, opt.epsilon, now.h);
  }
  return out;
}

/**
 * w (or b) of layer l as shown at the current position: at the update stop, a layer Step Into has not
 * reached yet shows its values before the update.
 */
export function parameterShown(trainer: Trainer, l: number, param: Param, updating: number | undefined): Float64Array {
  const now = param === 'w' ? trainer.layers[l].w.data : trainer.layers[l].b;
  if (trainer.position !== trainer.stops.length || isUpdated(trainer, l, updating)) return now;
  // the engine keeps no copy of w before the update: after − step, the same to within a rounding
  const step = trainer.parameterStep(l, param);
  return now.map((x, i) => x - step[i]);
}
