// A network's numbers: per layer the parameters w, b and the buffers of one batch's quantities
// (u, y, ∂y, δ per sample; ∂w, ∂b reduced), allocated once, all in one Arena (one WebAssembly.Memory
// when the wasm kernel runs), so that training allocates nothing and the kernel works in place.
// Imports nothing outside the engine.

import { activation, type Activation } from './activations';
import { Arena, type Matrix } from './matrix';
import { createRng, mixSeed, type Rng } from './rng';
import type { LayerSpec, NetworkSpec } from './spec';

export interface LayerState {
  readonly index: number;
  readonly spec: LayerSpec;
  readonly size: number;
  readonly activation: Activation;
  /** w_jk: row j = neuron of the layer before, column k = neuron of this layer (empty for the inputs) */
  readonly w: Matrix;
  /** b_k */
  readonly b: Float64Array;
  /** u_k = Σ_j y_j w_jk + b_k, per sample */
  readonly u: Matrix;
  /** y_k = f(u_k), per sample (the inputs for layer 0) */
  readonly y: Matrix;
  /** ∂y_k = ∂E/∂y_k, per sample */
  readonly dy: Matrix;
  /** δ_k = ∂E/∂u_k = ∂y_k · f'(u_k), per sample */
  readonly delta: Matrix;
  /** ∂w_jk = Σ_s y_j δ_k (× 1/batch for the mean) */
  readonly dw: Matrix;
  /** ∂b_k = Σ_s δ_k (× 1/batch for the mean) */
  readonly db: Float64Array;
  /**
   * dropout's mask, per sample: 1 where the neuron is kept, 0 where it is dropped (y = f(u)·mask/(1 − p));
   * undefined for a layer without dropout or a trainer that evaluates (no dropout)
   */
  readonly mask: Matrix | undefined;
  /** f(u) before dropout, per sample (the backward pass takes f'(u) from it); with `mask` only */
  readonly undropped: Matrix | undefined;
}

/** Whether layer `ls` drops neurons while training (and its buffers are allocated). */
function drops(ls: LayerSpec, dropout: boolean): boolean {
  return dropout && ls.dropout > 0;
}

/** The doubles that createLayers takes from an arena (counted with Arena.slot). */
export function layerDoubles(spec: NetworkSpec, capacity: number, dropout = true): number {
  let n = 0;
  spec.layers.forEach((ls, l) => {
    const fanIn = l === 0 ? 0 : spec.layers[l - 1].size;
    const bias = l === 0 ? 0 : ls.size;
    const perSample = drops(ls, dropout) ? 6 : 4;
    n += 2 * Arena.slot(fanIn * ls.size) + 2 * Arena.slot(bias) + perSample * Arena.slot(capacity * ls.size);
  });
  return n;
}

/** The widest layer (inputs included): with the batch capacity, what an arena's kernel scratch must take. */
export function widest(spec: NetworkSpec): number {
  return Math.max(...spec.layers.map((ls) => ls.size));
}

/**
 * Allocates the layers for batches of up to `capacity` samples from `arena` (a new one of the exact size
 * if none is given; mutates the arena) and initialises w and b from the spec. `dropout` false: no mask
 * buffers (a trainer that evaluates; the arena is then sized with layerDoubles(…, false)).
 */
export function createLayers(spec: NetworkSpec, capacity: number, arena = new Arena(layerDoubles(spec, capacity), capacity, widest(spec)), dropout = true): LayerState[] {
  return spec.layers.map((ls, l) => {
    const fanIn = l === 0 ? 0 : spec.layers[l - 1].size;
    const layer: LayerState = {
      index: l,
      spec: ls,
      size: ls.size,
      activation: activation(ls.activation),
      w: arena.matrix(fanIn, ls.size),
      b: arena.vector(l === 0 ? 0 : ls.size),
      u: arena.matrix(capacity, ls.size),
      y: arena.matrix(capacity, ls.size),
      dy: arena.matrix(capacity, ls.size),
      delta: arena.matrix(capacity, ls.size),
      dw: arena.matrix(fanIn, ls.size),
      db: arena.vector(l === 0 ? 0 : ls.size),
      mask: drops(ls, dropout) ? arena.matrix(capacity, ls.size) : undefined,
      undropped: drops(ls, dropout) ? arena.matrix(capacity, ls.size) : undefined,
    };
    if (l > 0) initialise(layer, spec, createRng(mixSeed(spec.init.seed, 0x1417, l)));
    return layer;
  });
}

/** Sets w and b: the file's values where given, else drawn from the init distribution (mutates layer). */
function initialise(layer: LayerState, spec: NetworkSpec, rng: Rng): void {
  const { distribution, scale } = spec.init;
  const fanIn = layer.w.rows;
  const fanOut = layer.w.cols;
  const draw = (): number => {
    switch (distribution) {
      case 'uniform':
        return (rng.next() * 2 - 1) * scale;
      case 'normal':
        return rng.normal() * scale;
      case 'xavier':
        return (rng.next() * 2 - 1) * scale * Math.sqrt(6 / (fanIn + fanOut));
      case 'he':
        return rng.normal() * scale * Math.sqrt(2 / fanIn);
    }
  };
  const given = layer.spec.weights;
  for (let j = 0; j < fanIn; j++) for (let k = 0; k < fanOut; k++) layer.w.data[j * fanOut + k] = given ? given[j][k] : draw();
  if (layer.spec.biases) layer.b.set(layer.spec.biases);
}

/** Number of parameters (all w and b). */
export function parameterCount(layers: readonly LayerState[]): number {
  let n = 0;
  for (const l of layers) n += l.w.data.length + l.b.length;
  return n;
}

/** Copies every w and b into `out` from `offset` (does not mutate the layers). */
export function saveParameters(layers: readonly LayerState[], out: Float64Array, offset: number): void {
  let o = offset;
  for (const l of layers) {
    o = copyInto(out, o, l.w.data);
    o = copyInto(out, o, l.b);
  }
}

/** Copies src into dst at o and returns the offset after it; a loop beats `set` for a few numbers. */
function copyInto(dst: Float64Array, o: number, src: Float64Array): number {
  const n = src.length;
  if (n > 32) dst.set(src, o);
  else for (let x = 0; x < n; x++) dst[o + x] = src[x];
  return o + n;
}

/** Restores every w and b from `src` at `offset` (mutates the layers). */
export function loadParameters(layers: readonly LayerState[], src: Float64Array, offset: number): void {
  let o = offset;
  for (const l of layers) {
    l.w.data.set(src.subarray(o, o + l.w.data.length));
    o += l.w.data.length;
    l.b.set(src.subarray(o, o + l.b.length));
    o += l.b.length;
  }
}
