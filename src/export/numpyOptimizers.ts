// The update of the NumPy export for each optimizer (src/engine/optimizers.ts): its constants, the Python
// function that updates one parameter tensor with its equations beside each line, and whether it keeps
// state (then the trace records that state after each update, and the iteration count t). The same
// arithmetic in the same order as the engine's updateTensor. Pure; imports only engine types.

import { OPTIMIZER_SLOTS, type OptimizerSlot } from '../engine/optimizers';
import type { OptimizerSpec } from '../engine/spec';
import { commented } from './numpyPhrases';
import { pythonFloat } from './pythonLiteral';

/** The slots the optimizer keeps per tensor, in the trace's order (none for sgd). */
export function optimizerSlots(optimizer: OptimizerSpec): readonly OptimizerSlot[] {
  return OPTIMIZER_SLOTS[optimizer.name];
}

/** The optimizer's constants (after ETA), each with what it is. */
export function optimizerConstants(optimizer: OptimizerSpec): string[] {
  switch (optimizer.name) {
    case 'sgd':
      return [];
    case 'momentum':
      return [commented(`MOMENTUM = ${pythonFloat(optimizer.momentum)}`, 'α: how much of the last step each step keeps')];
    case 'adagrad':
      return [commented(`EPSILON = ${pythonFloat(optimizer.epsilon)}`, 'ε: keeps η / (√h + ε) finite')];
    case 'rmsprop':
      return [commented(`RHO = ${pythonFloat(optimizer.rho)}`, 'ρ: how slowly h forgets old gradients'), commented(`EPSILON = ${pythonFloat(optimizer.epsilon)}`, 'ε: keeps η / (√h + ε) finite')];
    case 'adam':
      return [
        commented(`BETA1 = ${pythonFloat(optimizer.beta1)}`, 'β₁: decay of m, the mean of the gradients'),
        commented(`BETA2 = ${pythonFloat(optimizer.beta2)}`, 'β₂: decay of v, the mean of their squares'),
        commented(`EPSILON = ${pythonFloat(optimizer.epsilon)}`, 'ε: keeps the step finite where v is 0'),
      ];
  }
}

/** What the update does, for its docstring (the stateful rules are spelt out in their own function). */
export function optimizerRule(optimizer: OptimizerSpec): string {
  switch (optimizer.name) {
    case 'sgd':
      return 'Gradient descent, w ← w - η ∂w and b ← b - η ∂b,';
    case 'momentum':
      return 'Gradient descent with momentum (momentum() above) on w and b, each with its own v,';
    case 'adagrad':
      return 'AdaGrad (adagrad() above) on w and b, each with its own h,';
    case 'rmsprop':
      return 'RMSProp (rmsprop() above) on w and b, each with its own h,';
    case 'adam':
      return 'Adam (adam() above) on w and b, each with its own m and v,';
  }
}

/** The Python function that updates one tensor p with its gradient g and state s (none for sgd). */
export function optimizerFunction(optimizer: OptimizerSpec): string[] {
  const head = (args: string, doc: string): string[] => [`def ${optimizer.name}(${args}):`, `    """${doc} (changes p and its state s in place)."""`];
  switch (optimizer.name) {
    case 'sgd':
      return [];
    case 'momentum':
      return [
        ...head('p, g, s', 'Momentum on one parameter tensor p (w or b) with its gradient g'),
        commented('    s["v"] = MOMENTUM * s["v"] - ETA * g', 'v ← αv − η ∂w'),
        commented('    p += s["v"]', 'w ← w + v'),
      ];
    case 'adagrad':
      return [
        ...head('p, g, s', 'AdaGrad on one parameter tensor p (w or b) with its gradient g'),
        commented('    s["h"] = s["h"] + g * g', 'h ← h + ∂w ⊙ ∂w: the squares of every gradient so far'),
        commented('    p += -ETA * (g / (np.sqrt(s["h"]) + EPSILON))', 'w ← w − η ∂w / (√h + ε)'),
      ];
    case 'rmsprop':
      return [
        ...head('p, g, s', 'RMSProp on one parameter tensor p (w or b) with its gradient g'),
        commented('    s["h"] = RHO * s["h"] + (1 - RHO) * (g * g)', 'h ← ρh + (1 − ρ) ∂w ⊙ ∂w: a moving mean of the squares'),
        commented('    p += -ETA * (g / (np.sqrt(s["h"]) + EPSILON))', 'w ← w − η ∂w / (√h + ε)'),
      ];
    case 'adam':
      return [
        ...head('p, g, s, t', 'Adam on one parameter tensor p (w or b) with its gradient g, at update number t'),
        commented('    s["m"] = BETA1 * s["m"] + (1 - BETA1) * g', 'm ← β₁m + (1 − β₁) ∂w'),
        commented('    s["v"] = BETA2 * s["v"] + (1 - BETA2) * (g * g)', 'v ← β₂v + (1 − β₂) ∂w ⊙ ∂w'),
        commented('    step_size = ETA / (1 - BETA1 ** t)', 'η / (1 − β₁ᵗ), as m̂ = m / (1 − β₁ᵗ)'),
        commented('    root = math.sqrt(1 - BETA2 ** t)', '√(1 − β₂ᵗ), as √v̂ = √v / √(1 − β₂ᵗ)'),
        commented('    p += -step_size * (s["m"] / (np.sqrt(s["v"]) / root + EPSILON))', 'w ← w − η m̂ / (√v̂ + ε)'),
      ];
  }
}

/**
 * The line that updates w[l] or b[l]: `p` the parameter ('w' or 'b'), `g` the gradient's code (∂w + λw
 * with weight decay), `ij` the entry's indices for the equation.
 */
export function updateLine(optimizer: OptimizerSpec, p: 'w' | 'b', l: number, g: string, ij: string, decayed: boolean): string {
  const param = `${p}[${l}]`;
  const d = p === 'w' ? '∂w' : '∂b';
  if (optimizer.name === 'sgd') {
    return commented(`    ${param} -= ETA * ${decayed ? `(${g})` : g}`, `${p}_${ij} ← ${p}_${ij} − η ${decayed ? `(${d}_${ij} + λ${p}_${ij})` : `${d}_${ij}`}`);
  }
  const t = optimizer.name === 'adam' ? ', t' : '';
  return commented(`    ${optimizer.name}(${param}, ${g}, state[${l}]["${p}"]${t})`, `${p} of layer ${l}${decayed ? ', with ∂w + λw (weight decay)' : ''}`);
}
