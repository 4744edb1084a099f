// What the exported script needs of the engine's randomness, in Python: mulberry32 and mixSeed
// (src/engine/rng.ts) in Python integers, bit for bit, and what the engine draws with them: a layer's
// initial weights (network.ts), an epoch's order of samples (trainer.ts), the built-in "synthetic" data
// set (data.ts). Also decides whether the data can be drawn again rather than written out: only when a
// TypeScript draw by the very recipe the script follows gives the engine's data bit for bit.
// Imports only the engine.

import { matrix, type Matrix } from '../engine/matrix';
import { createRng, mixSeed } from '../engine/rng';
import type { InitDistribution, NetworkSpec } from '../engine/spec';

/** The generator, its normal draws and Fisher–Yates, as Python (after `import math`). */
export const RNG_PYTHON = `M32 = 0xFFFFFFFF  # the generator works on 32-bit words


def imul(a, b):
    """The low 32 bits of a · b (JavaScript's Math.imul)."""
    return (a * b) & M32


def mix_seed(*parts):
    """Several integers mixed into one 32-bit seed: one stream of numbers per purpose."""
    h = 0x9E3779B9
    for p in parts:
        h = imul(h ^ (p & M32), 0x85EBCA6B)
        h ^= h >> 13
        h = imul(h, 0xC2B2AE35)
        h ^= h >> 16
    return h


def rng_of(seed):
    """A generator's state: one 32-bit word, in a list so that drawing can change it."""
    return [seed & M32]


def uniform(rng):
    """The next number in [0, 1) (mulberry32)."""
    rng[0] = a = (rng[0] + 0x6D2B79F5) & M32
    t = imul(a ^ (a >> 15), a | 1)
    t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
    return (t ^ (t >> 14)) / 4294967296


def normal(rng):
    """A standard normal number (Box–Muller, from two uniform numbers)."""
    u1 = 1 - uniform(rng)  # in (0, 1]: its log is finite
    u2 = uniform(rng)
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def permutation(n, rng):
    """0, 1, …, n - 1 shuffled (Fisher–Yates)."""
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(uniform(rng) * (i + 1))
        p[i], p[j] = p[j], p[i]
    return np.array(p)
`;

/** The Python expression of one initial weight, as network.ts draws it for `distribution`. */
export function drawExpression(distribution: InitDistribution): { expression: string; says: string } {
  switch (distribution) {
    case 'uniform':
      return { expression: '(uniform(rng) * 2 - 1) * SCALE', says: 'uniform in [-scale, scale)' };
    case 'normal':
      return { expression: 'normal(rng) * SCALE', says: 'normal, standard deviation scale' };
    case 'xavier':
      return { expression: '(uniform(rng) * 2 - 1) * SCALE * math.sqrt(6 / (fan_in + fan_out))', says: 'Xavier: uniform in ±scale·√(6 / (fan-in + fan-out))' };
    case 'he':
      return { expression: 'normal(rng) * SCALE * math.sqrt(2 / fan_in)', says: 'He: normal, standard deviation scale·√(2 / fan-in)' };
  }
}

/** The Python function that draws a layer's initial weights. */
export function drawWeightsPython(distribution: InitDistribution): string {
  const { expression, says } = drawExpression(distribution);
  return `def draw_weights(l, fan_in, fan_out):
    """w of layer l as the debugger draws it: ${says}, row by row, from the seed's stream for layer l."""
    rng = rng_of(mix_seed(SEED, 0x1417, l))
    w = np.empty((fan_in, fan_out))
    for j in range(fan_in):
        for k in range(fan_out):
            w[j, k] = ${expression}
    return w
`;
}

/** The Python function that draws the built-in "synthetic" data set (data.ts). */
export const SYNTHETIC_PYTHON = `def synthetic_data(samples, inputs, outputs):
    """The built-in "synthetic" data set: inputs uniform in [-1, 1), a random class per sample (one-hot,
    or 0/1 for a single output neuron), from the seed's stream for data."""
    rng = rng_of(mix_seed(SEED, 0xDA7A))
    classes = max(2, outputs)
    x = np.empty((samples, inputs))
    label = np.empty(samples, dtype=int)
    for s in range(samples):
        for i in range(inputs):
            x[s, i] = uniform(rng) * 2 - 1
        label[s] = math.floor(uniform(rng) * classes)
    t = np.eye(classes)[label] if outputs == classes else label.reshape(-1, 1).astype(float)
    return x, t
`;

/** The synthetic data set by the recipe of SYNTHETIC_PYTHON, drawn with the engine's generator. */
function syntheticByRecipe(seed: number, samples: number, inputs: number, outputs: number): { x: Matrix; t: Matrix } | undefined {
  const rng = createRng(mixSeed(seed, 0xda7a));
  const classes = Math.max(2, outputs);
  if (outputs !== classes && !(outputs === 1 && classes === 2)) return undefined;
  const x = matrix(samples, inputs);
  const t = matrix(samples, outputs);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < inputs; i++) x.data[s * inputs + i] = rng.next() * 2 - 1;
    const label = rng.int(classes);
    if (outputs === classes) t.data[s * outputs + label] = 1;
    else t.data[s] = label;
  }
  return { x, t };
}

function sameBits(a: Matrix, b: Matrix): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let x = 0; x < a.data.length; x++) if (!Object.is(a.data[x], b.data[x])) return false;
  return true;
}

/**
 * Whether the script may draw the data again with synthetic_data(rows, …) instead of writing it out:
 * the spec's data must be exactly that draw (no "every", "offset" or "standardize" changed it).
 */
export function isRedrawableSynthetic(spec: NetworkSpec): boolean {
  const { inputs, targets, source } = spec.data;
  if (!source.startsWith('synthetic')) return false;
  const draw = syntheticByRecipe(spec.init.seed, inputs.rows, inputs.cols, targets.cols);
  return !!draw && sameBits(draw.x, inputs) && sameBits(draw.t, targets);
}

/** The Python function that draws dropout's masks of an iteration (trainer.ts: dropOut). */
export const DROPOUT_PYTHON = `def dropout_masks(iteration, n):
    """Dropout's masks for this iteration's n samples: per layer with dropout, 1 where a neuron is kept
    (with probability 1 - p) and 0 where it is dropped, from the seed's stream for this iteration and layer."""
    mask = [None] * (L + 1)
    for l in range(1, L + 1):
        if DROPOUT[l] > 0:
            rng = rng_of(mix_seed(SEED, 0xD20, iteration, l))
            mask[l] = np.array([[1.0 if uniform(rng) >= DROPOUT[l] else 0.0 for k in range(SIZES[l])]
                                for s in range(n)])
    return mask
`;
