// The mathematics of the NumPy export, phrase by phrase: for each activation f its Python function and
// the line of δ = ∂y f'(u) with the equation beside it, for each loss the lines of E and of ∂y = ∂E/∂y.
// Each says exactly what the engine computes (src/engine/activations.ts, losses.ts), in the notes'
// symbols (shared/NOTATION.md). Pure; imports only engine types.

import type { ActivationName } from '../engine/activations';
import type { LossName } from '../engine/losses';
import { pythonFloat } from './pythonLiteral';

/** The column where the equations start: the code reads on the left, the notes on the right. */
const COMMENT_COLUMN = 60;

/** A line of code with its equation as a comment, aligned (indentation included in `code`). */
export function commented(code: string, comment: string): string {
  return `${code.padEnd(COMMENT_COLUMN - 2)}  # ${comment}`;
}

/** The Python function of f, its name as the code calls it, and its docstring's formula. */
export function activationFunction(name: ActivationName): string[] {
  switch (name) {
    case 'identity':
      return ['def identity(u):', '    """y = f(u) = u"""', '    return u'];
    case 'sigmoid':
      return ['def sigmoid(u):', '    """y = f(u) = 1 / (1 + e^(-u))"""', '    return 1 / (1 + np.exp(-u))'];
    case 'tanh':
      return ['def tanh(u):', '    """y = f(u) = tanh u"""', '    return np.tanh(u)'];
    case 'relu':
      return ['def relu(u):', '    """y = f(u) = max(u, 0)"""', '    return np.where(u > 0, u, 0.0)'];
    case 'leaky-relu':
      return ['def leaky_relu(u, alpha):', '    """y = f(u) = u where u > 0, else αu"""', '    return np.where(u > 0, u, alpha * u)'];
    case 'softmax':
      return [
        'def softmax(u):',
        '    """y_k = f(u)_k = e^(u_k) / Σ_r e^(u_r), one row (sample) at a time"""',
        '    e = np.exp(u - np.max(u, axis=1, keepdims=True))  # the row\'s largest u taken off first: e^u cannot overflow',
        '    return e / np.sum(e, axis=1, keepdims=True)',
      ];
  }
}

/** `f(u[l])` as the forward pass calls it. */
export function activationCall(name: ActivationName, u: string, alpha: number): string {
  return name === 'leaky-relu' ? `leaky_relu(${u}, ${pythonFloat(alpha)})` : `${name}(${u})`;
}

/** The formula of y = f(u) for the forward pass's comment, with the neuron's letter. */
export function activationFormula(name: ActivationName, k: string): string {
  switch (name) {
    case 'identity':
      return `y_${k} = f(u_${k}) = u_${k}`;
    case 'sigmoid':
      return `y_${k} = f(u_${k}) = 1 / (1 + e^(−u_${k}))`;
    case 'tanh':
      return `y_${k} = f(u_${k}) = tanh u_${k}`;
    case 'relu':
      return `y_${k} = f(u_${k}) = max(u_${k}, 0)`;
    case 'leaky-relu':
      return `y_${k} = f(u_${k}) = u_${k} where u_${k} > 0, else α u_${k}`;
    case 'softmax':
      return `y_${k} = f(u_${k}) = e^(u_${k}) / Σ_r e^(u_r)`;
  }
}

/** Where a layer's δ line reads from: the code of ∂y (or of ∂E/∂f(u) through a dropout) and of f(u), and their symbols. */
export interface DeltaTerms {
  /** the ∂y term as the equation shows it: `(y_k − t_k)` at the output, `∂y_j ` in a hidden layer */
  readonly dyTerm: string;
  /** the code of that ∂y (default `dy[l]`) */
  readonly dyCode?: string;
  /** the code of f(u) (default `y[l]`; `f` for a layer with dropout, whose y is dropped and scaled) */
  readonly yCode?: string;
  /** the symbol of f(u) in the equation (default `y`) */
  readonly ySymbol?: string;
  /** the symbol of ∂E/∂f(u) in the equation (default `∂y`; `∂E/∂f` through a dropout) */
  readonly dySymbol?: string;
}

/** Whether f'(u) is computed from f(u) (sigmoid, tanh, softmax) rather than from u alone. */
export function derivativeUsesY(name: ActivationName): boolean {
  return name === 'sigmoid' || name === 'tanh' || name === 'softmax';
}

/** The line of δ = ∂y f'(u) of layer `l` (`k` its neurons' letter), written to `delta[l]`. */
export function deltaLine(name: ActivationName, l: number, k: string, alpha: number, terms: DeltaTerms): string {
  const dy = terms.dyCode ?? `dy[${l}]`;
  const y = terms.yCode ?? `y[${l}]`;
  const f = `${terms.ySymbol ?? 'y'}_${k}`;
  const u = `u[${l}]`;
  const term = terms.dyTerm;
  const d = `${terms.dySymbol ?? '∂y'}_${k}`;
  const code = (rhs: string): string => `    delta[${l}] = ${rhs}`;
  switch (name) {
    case 'identity':
      return commented(code(`${dy} * 1.0`), `δ_${k} = ${d} f'(u_${k}) = ${term} · 1`);
    case 'sigmoid':
      return commented(code(`${dy} * ((1 - ${y}) * ${y})`), `δ_${k} = ${d} f'(u_${k}) = ${term}(1 − ${f}) ${f}`);
    case 'tanh':
      return commented(code(`${dy} * (1 - ${y} * ${y})`), `δ_${k} = ${d} f'(u_${k}) = ${term}(1 − ${f}²)`);
    case 'relu':
      return commented(code(`${dy} * np.where(${u} > 0, 1.0, 0.0)`), `δ_${k} = ${d} f'(u_${k}), f'(u_${k}) = 1 where u_${k} > 0, else 0`);
    case 'leaky-relu':
      return commented(code(`${dy} * np.where(${u} > 0, 1.0, ${pythonFloat(alpha)})`), `δ_${k} = ${d} f'(u_${k}), f'(u_${k}) = 1 where u_${k} > 0, else α`);
    case 'softmax':
      return commented(code(`${y} * (${dy} - np.sum(${dy} * ${y}, axis=1, keepdims=True))`), `δ_${k} = ${f} (${d} − Σ_r ${d.replace(`_${k}`, '_r')} ${f.replace(`_${k}`, '_r')}): softmax's Jacobian`);
  }
}

/** How the output layer's ∂y enters its δ's equation. */
export function outputDyTerm(loss: LossName, k: string): string {
  return loss === 'sum-of-squares' ? `(y_${k} − t_${k})` : `(−t_${k} / y_${k})`;
}

/** The lines of E of the batch (before the reduction), from u[L], y[L] and t. */
export function lossLines(loss: LossName, output: ActivationName, L: number): string[] {
  const u = `u[${L}]`;
  const y = `y[${L}]`;
  if (loss === 'sum-of-squares') return [commented(`    E = 0.5 * np.sum((${y} - t) ** 2)`, 'E = Σ_s ½ Σ_k (y_k − t_k)²')];
  if (output === 'softmax') {
    return [
      '    # E = −Σ_s Σ_k t_k log y_k, with log y_k = u_k − log Σ_r e^(u_r): finite where y_k underflows to 0',
      commented(`    u_max = np.max(${u}, axis=1, keepdims=True)`, 'the largest u_r of each sample'),
      commented(`    log_sum = u_max + np.log(np.sum(np.exp(${u} - u_max), axis=1, keepdims=True))`, 'log Σ_r e^(u_r), without overflow'),
      commented(`    E = np.sum(np.where(t != 0, t * (log_sum - ${u}), 0.0))`, 'E = Σ_s Σ_k t_k (log Σ_r e^(u_r) − u_k)'),
    ];
  }
  // cross-entropy after sigmoid
  return [
    '    # E = −Σ_s Σ_k t_k log y_k, with −log y_k = log(1 + e^(−u_k)): finite where y_k underflows to 0',
    commented(`    minus_log_y = np.maximum(-${u}, 0) + np.log1p(np.exp(-np.abs(${u})))`, '−log y_k = log(1 + e^(−u_k)), without overflow'),
    commented('    E = np.sum(np.where(t != 0, t * minus_log_y, 0.0))', 'E = Σ_s Σ_k t_k (−log y_k)'),
  ];
}

/** The line of the output layer's ∂y = ∂E/∂y. */
export function outputDyLine(loss: LossName, L: number): string {
  if (loss === 'sum-of-squares') return commented(`    dy[${L}] = y[${L}] - t`, '∂y_k = ∂E/∂y_k = y_k − t_k');
  return commented(`    dy[${L}] = np.where(t != 0, -t / y[${L}], 0.0)`, '∂y_k = ∂E/∂y_k = −t_k / y_k (0 where t_k = 0)');
}
