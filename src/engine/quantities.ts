// The quantities of a layer as the notes name them (shared/NOTATION.md), in the one place that lists
// them: the engine computes them, the protocol carries them, the adapter, the host and the webview
// show them. Per sample: u, y, ∂y, δ (a row per sample of the batch); the parameters w, b and their
// gradients ∂w, ∂b are one per layer. Pure: imports nothing (the webview imports it too).

/** Every quantity of a layer, in the order a layer shows them: forward (u, y), backward (∂y, δ), parameters with their gradients. */
export const QUANTITIES = ['u', 'y', 'dy', 'delta', 'w', 'dw', 'b', 'db'] as const;

/** A quantity's name in code, files and messages (ASCII: `dy` is ∂y, `delta` is δ, `dw` is ∂w, `db` is ∂b). */
export type Quantity = (typeof QUANTITIES)[number];

/** The quantities with a row per sample of the batch. */
export const PER_SAMPLE = ['u', 'y', 'dy', 'delta'] as const;
export type PerSampleQuantity = (typeof PER_SAMPLE)[number];

/** The parameters and their gradients: w, ∂w are fan-in × fan-out, b, ∂b 1 × fan-out. */
export type ParameterQuantity = Exclude<Quantity, PerSampleQuantity>;

/** What each phase of an iteration computes in the layer it stops at (the update: w and b of every layer after the inputs). */
export const COMPUTED_BY: Readonly<Record<'forward' | 'loss' | 'backward' | 'update', readonly Quantity[]>> = {
  forward: ['u', 'y'],
  loss: [],
  backward: ['dy', 'delta', 'dw', 'db'],
  update: ['w', 'b'],
};

/** The notes' symbol of each quantity, as the screen shows it. */
export const SYMBOL: Readonly<Record<Quantity, string>> = { u: 'u', y: 'y', dy: '∂y', delta: 'δ', w: 'w', dw: '∂w', b: 'b', db: '∂b' };

export function isQuantity(x: unknown): x is Quantity {
  return (QUANTITIES as readonly unknown[]).includes(x);
}

export function isPerSample(q: Quantity): q is PerSampleQuantity {
  return (PER_SAMPLE as readonly Quantity[]).includes(q);
}

/** w and ∂w: a row per neuron of the layer before (j), a column per neuron of the layer (k). */
export function isWeightLike(q: Quantity): q is 'w' | 'dw' {
  return q === 'w' || q === 'dw';
}

/** The symbols of the optimizer's state slots (optimizers.ts) and of dropout's mask, which are not in QUANTITIES. */
export const OPTIMIZER_SYMBOL = { v: 'v', h: 'h', m: 'm' } as const;
export const MASK_SYMBOL = 'mask';
