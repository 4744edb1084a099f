// The update of one weight w_jk (or bias b_k) in the form of the network's optimizer, with this stop's
// numbers: plain gradient descent as the notes write it, momentum, AdaGrad, RMSProp and Adam as the
// textbook's next chapter does (weight decay first when λ > 0). At the update stop the numbers are the
// update just done (state before → after, the step); before it the rule alone, to come. Also what w and b
// were before the update, for the equations of the passes that used them. Pure; imports the model and format.

import { tex, texFactor, texInt, texTerm } from './format';
import type { Mat, StateView } from './model';
import type { TensorOptimizerView } from '../src/protocol/stateView';

export type Param = 'w' | 'b';

/** A line of the update: which quantity it computes (the optimizer's slots by name), its TeX, a note. */
export interface UpdateLine {
  readonly quantity: Param | 'dw' | 'db' | 'm' | 'v' | 'h' | 'mhat' | 'vhat';
  readonly tex: string;
  readonly note?: string;
}

/** Whether layer l's update is done at this stop (Step Into at the update reaches the layers one by one). */
export function isUpdated(state: StateView, l: number): boolean {
  if (state.stop?.phase !== 'update') return false;
  const updating = state.optimizer?.updating ?? null;
  return updating === null || l <= updating;
}

/** The optimizer's state of w or b of layer l once its update is done, else undefined (plain sgd: none). */
export function tensorState(state: StateView, l: number, param: Param): TensorOptimizerView | undefined {
  return state.optimizer?.layers?.[l]?.[param] ?? undefined;
}

/**
 * The change the update applied to entry x of w (or b) of layer l, once done: the optimizer's step, or for
 * plain gradient descent −η∂w (the engine's very number); 0 for a frozen tensor; undefined before the update.
 */
export function stepAt(state: StateView, l: number, param: Param, x: number): number | undefined {
  if (!isUpdated(state, l)) return undefined;
  const layer = state.layers[l];
  if (param === 'w' ? !layer.trainWeights : !layer.trainBiases) return 0;
  const s = tensorState(state, l, param);
  if (s) return s.step.data[x];
  const g = (param === 'w' ? layer.q.dw : layer.q.db)?.data[x];
  if (g === undefined || (state.optimizer && state.optimizer.name !== 'sgd') || (state.optimizer?.weightDecay ?? 0) > 0) return undefined;
  return -(state.eta * g);
}

/** Entry x of w (or b) of layer l as the forward and backward passes of this iteration used it: before the update. */
export function valueBefore(state: StateView, l: number, param: Param, x: number): number {
  const m = state.layers[l].q[param] as Mat;
  return m.data[x] - (stepAt(state, l, param, x) ?? 0);
}

/** A hyper-parameter (β₁, ε, ρ, α, λ) as the network file writes it: 1e-8 stays 1 × 10⁻⁸, not 1.000 × 10⁻⁸. */
function texParam(v: number, d: number): string {
  const s = String(v);
  const m = /^(-?[0-9.]+)(?:e([+-])([0-9]+))?$/.exec(s);
  if (!m || s.length > 12) return tex(v, d);
  return m[2] ? `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${m[3]}}` : m[1];
}

interface Words {
  beforeUpdate: string;
  afterUpdate: string;
}

/**
 * The lines of the update of entry x of w (index j, k) or b (index k) of layer l: `sym` is the parameter's
 * TeX (w_{jk}, b_{k}), `value` its value now, `g` its ∂w (or ∂b).
 */
export function updateLines(state: StateView, l: number, param: Param, x: number, sym: string, gradSym: string, g: number, d: number, words: Words): UpdateLine[] {
  const opt = state.optimizer;
  const name = opt?.name ?? 'sgd';
  const done = isUpdated(state, l);
  const note = done ? words.afterUpdate : words.beforeUpdate;
  const now = (state.layers[l].q[param] as Mat).data[x];
  const eta = state.eta;
  // the state's symbol for this parameter: m_{jk} of a weight, m^{b}_{k} of a bias
  const idx = sym.slice(sym.indexOf('_'));
  const slot = (s: 'm' | 'v' | 'h'): string => (param === 'w' ? `${s}${idx}` : `${s}^{b}${idx}`);
  const hat = (s: 'm' | 'v'): string => (param === 'w' ? `\\hat{${s}}${idx}` : `\\hat{${s}}^{b}${idx}`);
  const lambda = param === 'w' ? (opt?.weightDecay ?? 0) : 0;
  const out: UpdateLine[] = [];
  const step = stepAt(state, l, param, x);
  const before = step === undefined ? now : now - step;
  // weight decay: the rule sees ∂w + λw
  const G = lambda > 0 ? `(${gradSym} + \\lambda ${sym})` : gradSym;
  const gEff = lambda > 0 ? g + lambda * before : g;
  if (lambda > 0) {
    out.push({ quantity: param === 'w' ? 'dw' : 'db', tex: `${gradSym} + \\lambda\\, ${sym} = ${tex(g, d)} + ${`(${texParam(lambda, d)})`}${texFactor(before, d)} = ${tex(gEff, d)}`, note });
  }
  const s = tensorState(state, l, param);
  const at = (m: Mat | undefined): number => (m ? m.data[x] : NaN);
  const rule = (lines: { quantity: UpdateLine['quantity']; symbolic: string; numbers?: string; value?: number }[]): void => {
    for (const line of lines) out.push({ quantity: line.quantity, tex: done && line.numbers !== undefined && line.value !== undefined ? `${line.symbolic} = ${line.numbers} = ${tex(line.value, d)}` : line.symbolic, note });
  };
  const p = opt?.params ?? {};
  switch (name) {
    case 'sgd': {
      // the notes' w ← w − η∂w, with the numbers before the update too (what it will do)
      const next = done ? now : before - eta * gEff;
      out.push({ quantity: param, tex: `${sym} \\leftarrow ${sym} - \\eta\\, ${lambda > 0 ? G : gradSym} = ${tex(before, d)} - ${texFactor(eta, d)}${texFactor(gEff, d)} = ${tex(next, d)}`, note });
      break;
    }
    case 'momentum': {
      const a = p.momentum ?? NaN;
      rule([
        { quantity: 'v', symbolic: `${slot('v')} \\leftarrow \\alpha\\, ${slot('v')} - \\eta\\, ${G}`, numbers: `${`(${texParam(a, d)})`}${texFactor(at(s?.before.v), d)} - ${texFactor(eta, d)}${texFactor(gEff, d)}`, value: at(s?.after.v) },
        { quantity: param, symbolic: `${sym} \\leftarrow ${sym} + ${slot('v')}`, numbers: `${tex(before, d)} + ${texTerm(at(s?.after.v), d)}`, value: now },
      ]);
      break;
    }
    case 'adagrad':
    case 'rmsprop': {
      const eps = p.epsilon ?? NaN;
      const rho = p.rho ?? NaN;
      const h = slot('h');
      const accumulate =
        name === 'adagrad'
          ? { symbolic: `${h} \\leftarrow ${h} + ${G}^2`, numbers: `${tex(at(s?.before.h), d)} + ${texFactor(gEff, d)}^2` }
          : { symbolic: `${h} \\leftarrow \\rho\\, ${h} + (1 - \\rho)\\, ${G}^2`, numbers: `${`(${texParam(rho, d)})`}${texFactor(at(s?.before.h), d)} + ${`(${texParam(1 - rho, d)})`}${texFactor(gEff, d)}^2` };
      rule([
        { quantity: 'h', ...accumulate, value: at(s?.after.h) },
        { quantity: param, symbolic: `${sym} \\leftarrow ${sym} - \\eta \\frac{${G}}{\\sqrt{${h}} + \\varepsilon}`, numbers: `${tex(before, d)} - ${texFactor(eta, d)}\\frac{${tex(gEff, d)}}{\\sqrt{${tex(at(s?.after.h), d)}} + ${texParam(eps, d)}}`, value: now },
      ]);
      break;
    }
    case 'adam': {
      const b1 = p.beta1 ?? NaN;
      const b2 = p.beta2 ?? NaN;
      const eps = p.epsilon ?? NaN;
      const t = opt?.t ?? 0;
      const m = at(s?.after.m);
      const v = at(s?.after.v);
      const mhat = m / (1 - Math.pow(b1, t));
      const vhat = v / (1 - Math.pow(b2, t));
      rule([
        { quantity: 'm', symbolic: `${slot('m')} \\leftarrow \\beta_1 ${slot('m')} + (1 - \\beta_1)\\, ${G}`, numbers: `${`(${texParam(b1, d)})`}${texFactor(at(s?.before.m), d)} + ${`(${texParam(1 - b1, d)})`}${texFactor(gEff, d)}`, value: m },
        { quantity: 'v', symbolic: `${slot('v')} \\leftarrow \\beta_2 ${slot('v')} + (1 - \\beta_2)\\, ${G}^2`, numbers: `${`(${texParam(b2, d)})`}${texFactor(at(s?.before.v), d)} + ${`(${texParam(1 - b2, d)})`}${texFactor(gEff, d)}^2`, value: v },
        { quantity: 'mhat', symbolic: `${hat('m')} = \\frac{${slot('m')}}{1 - \\beta_1^{t}}`, numbers: `\\frac{${tex(m, d)}}{1 - ${texParam(b1, d)}^{${texInt(t)}}}`, value: mhat },
        { quantity: 'vhat', symbolic: `${hat('v')} = \\frac{${slot('v')}}{1 - \\beta_2^{t}}`, numbers: `\\frac{${tex(v, d)}}{1 - ${texParam(b2, d)}^{${texInt(t)}}}`, value: vhat },
        { quantity: param, symbolic: `${sym} \\leftarrow ${sym} - \\eta \\frac{${hat('m')}}{\\sqrt{${hat('v')}} + \\varepsilon}`, numbers: `${tex(before, d)} - ${texFactor(eta, d)}\\frac{${tex(mhat, d)}}{\\sqrt{${tex(vhat, d)}} + ${texParam(eps, d)}}`, value: now },
      ]);
      break;
    }
  }
  return out;
}
