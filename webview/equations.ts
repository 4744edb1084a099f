// The notes' equations for the selected neuron or weight, with the current numbers put in, as TeX
// for KaTeX. Every number is formatted here from decoded Float64 values; no string from a message
// ever reaches the TeX. Symbols and index letters follow shared/NOTATION.md: the output layer is k,
// a hidden layer j, the layer before i (before the output layer: j). Pure; imports nothing from vscode or the DOM.

import type { LayerView, Mat, StateView } from './model';
import { tex, texFactor, texInt, texTerm } from './format';
import type { Quantity } from '../src/engine/quantities';
import { updateLines, valueBefore, type UpdateLine } from './updateEquations';

export type Selection =
  | { readonly kind: 'neuron'; readonly layer: number; readonly k: number }
  | { readonly kind: 'weight'; readonly layer: number; readonly j: number; readonly k: number };

export interface Equation {
  /** which quantity the line computes (for tests and the accessible label); the optimizer's slots by name */
  readonly quantity: Quantity | 'E' | Exclude<UpdateLine['quantity'], Quantity>;
  readonly tex: string;
  /** a short note shown beside the line (already-localised text, no data) */
  readonly note?: string;
}

/** Terms shown in full before a sum is abbreviated with ⋯. */
const MAX_TERMS = 4;

function at(m: Mat | undefined, r: number, c: number): number | undefined {
  return m && r < m.rows && c < m.cols ? m.data[r * m.cols + c] : undefined;
}

/** Index letters of layer l: its own, the layer before's, the layer after's. */
export function letters(l: number, L: number): { self: string; prev: string; next: string } {
  if (l === L) return { self: 'k', prev: 'j', next: 'r' };
  if (l === 0) return { self: 'i', prev: '', next: 'j' };
  return { self: 'j', prev: 'i', next: 'r' };
}

/** Σ over an index: with its range when the terms are abbreviated, so the count stays visible. */
function sum(index: string, n: number): string {
  return n <= MAX_TERMS ? `\\sum_{${index}}` : `\\sum_{${index}=0}^{${texInt(n - 1)}}`;
}

/** Σ of n terms written out, abbreviated to the first ones, ⋯ and the last. */
function sumTerms(n: number, term: (x: number) => string): string {
  if (n <= MAX_TERMS) return Array.from({ length: n }, (_, x) => term(x)).join(' + ');
  return `${term(0)} + ${term(1)} + \\cdots + ${term(n - 1)}`;
}

/** f(u) with the numbers put in, for the element-wise activations; the softmax gets its own line. */
function activationLine(layer: LayerView, s: number, k: number, idx: string, d: number, uRow: Mat | undefined): string | undefined {
  const u = at(uRow, s, k);
  const y = at(layer.q.y, s, k);
  if (u === undefined || y === undefined) return undefined;
  const Y = `y_{${idx}}`;
  const U = `u_{${idx}}`;
  switch (layer.activation) {
    case 'identity':
      return `${Y} = ${U} = ${tex(y, d)}`;
    case 'sigmoid':
      return `${Y} = \\frac{1}{1 + e^{-${U}}} = \\frac{1}{1 + e^{-${texFactor(u, d)}}} = ${tex(y, d)}`;
    case 'tanh':
      return `${Y} = \\tanh ${U} = \\tanh ${texFactor(u, d)} = ${tex(y, d)}`;
    case 'relu':
      return `${Y} = \\max(0, ${U}) = \\max(0, ${tex(u, d)}) = ${tex(y, d)}`;
    case 'leaky-relu':
      // u > 0: y = u; else y = αu, with α from the network file
      return u > 0
        ? `${Y} = ${U} = ${tex(y, d)}`
        : `${Y} = \\alpha\\, ${U} = ${texFactor(layer.alpha, d)}${texFactor(u, d)} = ${tex(y, d)}`;
    case 'softmax': {
      const U2 = layer.q.u;
      if (!U2) return undefined;
      let sum = 0;
      for (let r = 0; r < U2.cols; r++) sum += Math.exp(at(U2, s, r) ?? 0);
      return `${Y} = \\frac{e^{${U}}}{\\sum_r e^{u_r}} = \\frac{e^{${tex(u, d)}}}{${tex(sum, d)}} = ${tex(y, d)}`;
    }
  }
}

/** f'(u) as the notes write it in terms of y (or u), with and without numbers; undefined for softmax. */
function derivative(layer: LayerView, s: number, k: number, idx: string, d: number): { sym: string; num: string; value: number } | undefined {
  const u = at(layer.q.u, s, k);
  const y = at(layer.q.y, s, k);
  if (u === undefined || y === undefined) return undefined;
  switch (layer.activation) {
    case 'identity':
      return { sym: '1', num: '(1)', value: 1 };
    case 'sigmoid':
      return { sym: `(1 - y_{${idx}})\\,y_{${idx}}`, num: `(1 - ${texTerm(y, d)})${texFactor(y, d)}`, value: (1 - y) * y };
    case 'tanh':
      return { sym: `(1 - y_{${idx}}^2)`, num: `(1 - ${texFactor(y, d)}^2)`, value: 1 - y * y };
    case 'relu':
      return { sym: `f'(u_{${idx}})`, num: u > 0 ? '(1)' : '(0)', value: u > 0 ? 1 : 0 };
    case 'leaky-relu': {
      const value = u > 0 ? 1 : layer.alpha;
      return { sym: `f'(u_{${idx}})`, num: u > 0 ? '(1)' : `(\\alpha = ${tex(value, d)})`, value };
    }
    case 'softmax':
      return undefined;
  }
}

/** The batch sum as the reduction in force writes it: Σ_s or (1/B) Σ_s (B = 1: no sum at all). */
function batchSum(state: StateView): string {
  if (state.n === 1) return '';
  return state.reduction === 'mean' ? `\\frac{1}{${texInt(state.n)}}\\sum_s ` : '\\sum_s ';
}

/** ∂w_jk = Σ_s y_j δ_k (or the mean; B = 1: no sum) with the numbers of weight j → k of `layer`. */
function dwLine(state: StateView, layer: LayerView, prev: LayerView, j: number, k: number, d: number): string {
  const { self, prev: pi } = letters(layer.index, state.layers.length - 1);
  const Yp = prev.q.y as Mat;
  const Dl = layer.q.delta as Mat;
  const dw = at(layer.q.dw, j, k) ?? NaN;
  const sup = state.n > 1 ? '^{(s)}' : '';
  const factor = state.n > 1 && state.reduction === 'mean' ? `\\frac{1}{${texInt(state.n)}}` : '';
  const terms = sumTerms(state.n, (r) => `${texFactor(Yp.data[r * Yp.cols + j], d)}${texFactor(Dl.data[r * Dl.cols + k], d)}`);
  const body = state.n === 1 ? terms : `${factor}\\left(${terms}\\right)`;
  return `\\partial w_{${pi}${self}} = ${batchSum(state)}y_{${pi}}${sup} \\delta_{${self}}${sup} = ${body} = ${tex(dw, d)}`;
}

/** The equations for a selection at sample s; empty when the selection does not fit the state. Pure. */
export function equations(state: StateView, sel: Selection, s: number, d: number, words: { frozen: string; beforeUpdate: string; afterUpdate: string; perSample: string; dwHint: string }): Equation[] {
  const L = state.layers.length - 1;
  const l = sel.layer;
  if (l < 0 || l > L || s < 0 || s >= state.n) return [];
  const layer = state.layers[l];
  const prev = l > 0 ? state.layers[l - 1] : undefined;
  const { self, prev: pi, next: ni } = letters(l, L);
  const out: Equation[] = [];
  const sup = state.n > 1 ? '^{(s)}' : '';

  if (sel.kind === 'neuron') {
    const k = sel.k;
    if (k < 0 || k >= layer.size) return [];
    if (l === 0) {
      const y = at(layer.q.y, s, k);
      if (y !== undefined) out.push({ quantity: 'y', tex: `y_{${self}} = x_{${self}} = ${tex(y, d)}` });
    }
    // forward: u_k = Σ_j y_j w_jk + b_k, y_k = f(u_k)
    const u = at(layer.q.u, s, k);
    if (prev && u !== undefined && layer.q.w && layer.q.b && prev.q.y) {
      const W = layer.q.w;
      const Yp = prev.q.y;
      const b = at(layer.q.b, 0, k) ?? NaN;
      // after the update, w and b are already the new values: u was computed with the old ones
      const wAt = (j: number): number => valueBefore(state, l, 'w', j * W.cols + k);
      const bUsed = Number.isNaN(b) ? b : valueBefore(state, l, 'b', k);
      const terms = sumTerms(prev.size, (j) => `${texFactor(Yp.data[s * Yp.cols + j], d)}${texFactor(wAt(j), d)}`);
      out.push({ quantity: 'u', tex: `u_{${self}} = ${sum(pi, prev.size)} y_{${pi}} w_{${pi}${self}} + b_{${self}} = ${terms} + ${texTerm(bUsed, d)} = ${tex(u, d)}` });
      const act = activationLine(layer, s, k, self, d, layer.q.u);
      if (act) out.push({ quantity: 'y', tex: act });
    }
    // the loss, for the output layer once computed
    if (l === L && state.lossValue !== null && layer.q.y) {
      const Y = layer.q.y;
      const T = state.targets;
      const red = state.n === 1 ? '' : state.reduction === 'mean' ? `\\frac{1}{${texInt(state.n)}}\\sum_s ` : '\\sum_s ';
      let body: string;
      if (state.loss === 'sum-of-squares') {
        body = `${red}\\frac{1}{2}\\sum_k (y_k - t_k)^2`;
        if (state.n === 1 && layer.size <= MAX_TERMS) body += ` = \\frac{1}{2}\\left(${Array.from({ length: layer.size }, (_, r) => `(${tex(Y.data[r], d)} - ${texTerm(T.data[r], d)})^2`).join(' + ')}\\right)`;
      } else {
        body = `-${red}\\sum_k t_k \\log y_k`;
        if (state.n === 1 && layer.size <= MAX_TERMS) body += ` = -\\left(${Array.from({ length: layer.size }, (_, r) => `${texFactor(T.data[r], d)}\\log ${texFactor(Y.data[r], d)}`).join(' + ')}\\right)`;
      }
      out.push({ quantity: 'E', tex: `E = ${body} = ${tex(state.lossValue, d)}` });
    }
    // backward, in the order computed: ∂y, then δ, then ∂w of the incoming weights
    const delta = at(layer.q.delta, s, k);
    const y = at(layer.q.y, s, k);
    const dy = at(layer.q.dy, s, k);
    if (l > 0 && l === L && dy !== undefined && y !== undefined) {
      // ∂y_k = ∂E/∂y_k, from the loss
      const t = at(state.targets, s, k) ?? NaN;
      const body = state.loss === 'cross-entropy' ? `-\\frac{t_k}{y_k} = -\\frac{${tex(t, d)}}{${tex(y, d)}}` : `y_k - t_k = ${tex(y, d)} - ${texTerm(t, d)}`;
      out.push({ quantity: 'dy', tex: `\\partial y_{k} = \\frac{\\partial E}{\\partial y_{k}} = ${body} = ${tex(dy, d)}` });
    }
    if (l > 0 && l < L && dy !== undefined) {
      const next = state.layers[l + 1];
      if (next.q.delta && next.q.w) {
        const Dn = next.q.delta;
        const Wn = next.q.w;
        // after the update w is already the new value: ∂y was computed with the old one
        const wUsed = (r: number): number => valueBefore(state, l + 1, 'w', k * Wn.cols + r);
        const terms = sumTerms(next.size, (r) => `${texFactor(Dn.data[s * Dn.cols + r], d)}${texFactor(wUsed(r), d)}`);
        out.push({ quantity: 'dy', tex: `\\partial y_{${self}} = ${sum(ni, next.size)} \\delta_${ni} w_{${self}${ni}} = ${terms} = ${tex(dy, d)}` });
      }
    }
    if (l > 0 && delta !== undefined && y !== undefined) {
      const D = `\\delta_{${self}}`;
      if (l === L) {
        const t = at(state.targets, s, k) ?? NaN;
        const head = `${D} = \\frac{\\partial E}{\\partial y_{k}} \\cdot \\frac{\\partial y_{k}}{\\partial u_{k}}`;
        const diff = `${tex(y, d)} - ${texTerm(t, d)}`;
        const f = derivative(layer, s, k, 'k', d);
        if (layer.activation === 'softmax' && state.loss === 'cross-entropy') {
          out.push({ quantity: 'delta', tex: `${D} = y_k - t_k = ${diff} = ${tex(delta, d)}` });
        } else if (layer.activation === 'identity' && state.loss === 'sum-of-squares') {
          out.push({ quantity: 'delta', tex: `${head} = y_k - t_k = ${diff} = ${tex(delta, d)}` });
        } else if (state.loss === 'sum-of-squares' && f) {
          out.push({ quantity: 'delta', tex: `${head} = (y_k - t_k)${f.sym === '1' ? '' : f.sym} = (${diff})${f.num} = ${tex(delta, d)}` });
        } else {
          const dyk = dy ?? NaN;
          const dE = state.loss === 'cross-entropy' ? `-\\frac{t_k}{y_k}` : '(y_k - t_k)';
          if (f) out.push({ quantity: 'delta', tex: `${head} = ${dE}\\,${f.sym} = ${texFactor(dyk, d)}${f.num} = ${tex(delta, d)}` });
          else {
            // the softmax Jacobian: the sum runs over every output of this sample
            const Y = layer.q.y;
            const DY = layer.q.dy;
            let sum = NaN;
            if (Y && DY) {
              sum = 0;
              for (let r = 0; r < Y.cols; r++) sum += DY.data[s * DY.cols + r] * Y.data[s * Y.cols + r];
            }
            out.push({ quantity: 'delta', tex: `${D} = y_k\\left(\\partial y_k - \\sum_r \\partial y_r\\, y_r\\right) = ${texFactor(y, d)}\\left(${tex(dyk, d)} - ${texTerm(sum, d)}\\right) = ${tex(delta, d)}` });
          }
        }
      } else {
        const f = derivative(layer, s, k, self, d);
        if (dy !== undefined && f) {
          out.push({ quantity: 'delta', tex: `${D} = \\partial y_{${self}} \\cdot \\frac{\\partial y_{${self}}}{\\partial u_{${self}}} = \\partial y_{${self}}\\,${f.sym} = ${texFactor(dy, d)}${f.num} = ${tex(delta, d)}` });
        }
      }
    }
    // ∂w_jk = y_j δ_k of the weights coming into this neuron (the first few, ⋯, the last)
    if (prev && layer.q.dw && layer.q.delta && prev.q.y) {
      const js = prev.size <= MAX_TERMS ? Array.from({ length: prev.size }, (_, j) => j) : [0, 1, -1, prev.size - 1];
      for (const j of js) {
        if (j < 0) {
          out.push({ quantity: 'dw', tex: '\\vdots' });
          continue;
        }
        const dw = at(layer.q.dw, j, k);
        if (dw === undefined) continue;
        const line = dwLine(state, layer, prev, j, k, d);
        out.push({ quantity: 'dw', tex: `${pi} = ${texInt(j)}:\\quad ${line}`, note: j === 0 ? words.dwHint : undefined });
      }
    }
    // ∂b and the update of b
    const db = at(layer.q.db, 0, k);
    if (l > 0 && db !== undefined && layer.q.delta) {
      const Dl = layer.q.delta;
      const sum = batchSum(state);
      const terms = state.n === 1 ? '' : ` = ${state.reduction === 'mean' ? `\\frac{1}{${texInt(state.n)}}` : ''}\\left(${sumTerms(state.n, (r) => texTerm(Dl.data[r * Dl.cols + k], d))}\\right)`;
      out.push({ quantity: 'db', tex: `\\partial b_{${self}} = ${sum}\\delta_{${self}}${sup}${terms} = ${tex(db, d)}` });
      const b = at(layer.q.b, 0, k);
      if (b !== undefined) {
        if (!layer.trainBiases) out.push({ quantity: 'b', tex: `b_{${self}} = ${tex(b, d)}`, note: words.frozen });
        else out.push(...updateLines(state, l, 'b', k, `b_{${self}}`, `\\partial b_{${self}}`, db, d, words));
      }
    }
    // in a batch, δ and ∂y are this sample's (∂E_s/∂u, ∂E_s/∂y); ∂w and ∂b combine the samples
    return state.n > 1 ? out.map((e) => (e.quantity === 'delta' || e.quantity === 'dy') && !e.note ? { ...e, note: words.perSample } : e) : out;
  }

  // a weight w_jk of layer l: row j (neuron of the layer before), column k
  const { j, k } = sel;
  if (!prev || j < 0 || j >= prev.size || k < 0 || k >= layer.size || !layer.q.w) return [];
  const W = layer.q.w;
  const w = W.data[j * W.cols + k];
  const name = `${pi}${self}`;
  out.push({ quantity: 'w', tex: `w_{${name}} = ${tex(w, d)}`, note: layer.trainWeights ? undefined : words.frozen });
  const dw = at(layer.q.dw, j, k);
  if (dw !== undefined && prev.q.y && layer.q.delta) {
    out.push({ quantity: 'dw', tex: dwLine(state, layer, prev, j, k, d) });
    if (layer.trainWeights) out.push(...updateLines(state, l, 'w', j * W.cols + k, `w_{${name}}`, `\\partial w_{${name}}`, dw, d, words));
  }
  return out;
}
