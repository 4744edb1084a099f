// The optimizer's state in the debugger: the Variables scope "Optimizer" (per layer the slots before and
// after the update, Adam's m̂ and v̂ and t, the effective learning rate per weight, the step the update
// applied) and the tensors behind the expressions v[L], h[L], m[L], mhat[L], vhat[L], step[L], lr[L]
// (the bias's vb[L], …), mask[L]. The numbers come from optimizerView.ts; this file names and shapes them.
// Imports the engine, DAP types and the adapter's words.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Trainer } from '../engine/trainer';
import { ExpressionError, NotComputedError, formatNumber, type StateName, type Tensor } from './expressions';
import { words } from './i18n';
import { SLOTS, dropoutOf, maskOf, optimizerOf, tensorState, updatesOf, weightDecayOf, type OptimizerConfig, type Param, type Slot, type TensorState } from './optimizerView';
import { tensorVariable, type References } from './variables';

/** The update rule of an optimizer in the notes' symbols (never translated), with λ when weight decay is on. */
export function updateRule(opt: OptimizerConfig, weightDecay: number): string {
  const decay = weightDecay > 0 ? '∂w ← ∂w + λw; ' : '';
  switch (opt.name) {
    case 'sgd':
      return `${decay}w ← w − η∂w, b ← b − η∂b`;
    case 'momentum':
      return `${decay}v ← αv − η∂w; w ← w + v`;
    case 'adagrad':
      return `${decay}h ← h + ∂w⊙∂w; w ← w − η∂w/(√h + ε)`;
    case 'rmsprop':
      return `${decay}h ← ρh + (1−ρ)∂w⊙∂w; w ← w − η∂w/(√h + ε)`;
    case 'adam':
      return `${decay}m ← β₁m + (1−β₁)∂w; v ← β₂v + (1−β₂)∂w⊙∂w; w ← w − η m̂/(√v̂ + ε)`;
  }
}

/** The optimizer and its hyper-parameters, e.g. "adam · β₁ = 0.9, β₂ = 0.999, ε = 1e-8". */
export function optimizerSummary(opt: OptimizerConfig, weightDecay: number): string {
  const parts: string[] = [];
  switch (opt.name) {
    case 'sgd':
      break;
    case 'momentum':
      parts.push(`α = ${formatNumber(opt.momentum)}`);
      break;
    case 'adagrad':
      parts.push(`ε = ${formatNumber(opt.epsilon)}`);
      break;
    case 'rmsprop':
      parts.push(`ρ = ${formatNumber(opt.rho)}`, `ε = ${formatNumber(opt.epsilon)}`);
      break;
    case 'adam':
      parts.push(`β₁ = ${formatNumber(opt.beta1)}`, `β₂ = ${formatNumber(opt.beta2)}`, `ε = ${formatNumber(opt.epsilon)}`);
      break;
  }
  if (weightDecay > 0) parts.push(`λ = ${formatNumber(weightDecay)}`);
  return parts.length ? `${opt.name} · ${parts.join(', ')}` : opt.name;
}

/** The Optimizer scope, or undefined: sgd keeps no state, so it has the scope only once the update is done (for the step). */
export function optimizerScope(trainer: Trainer, refs: References): DebugProtocol.Scope | undefined {
  const opt = optimizerOf(trainer);
  if (opt.name === 'sgd' && trainer.position !== trainer.stops.length) return undefined;
  return { name: words().optimizer.scope, variablesReference: refs.add({ kind: 'optimizer' }), expensive: false };
}

const readOnly: DebugProtocol.VariablePresentationHint = { attributes: ['readOnly'] };

/** The children of the Optimizer scope (no layer) or of one layer in it. */
export function optimizerVariables(c: { layer?: number }, trainer: Trainer, updating: number | undefined, refs: References): DebugProtocol.Variable[] {
  const opt = optimizerOf(trainer);
  const L = trainer.layers.length - 1;
  const w = words();
  if (c.layer === undefined) {
    const out: DebugProtocol.Variable[] = [{ name: 'optimizer', value: optimizerSummary(opt, weightDecayOf(trainer)), type: updateRule(opt, weightDecayOf(trainer)), variablesReference: 0, presentationHint: readOnly }];
    if (opt.name === 'adam') out.push({ name: 't', value: String(updatesOf(trainer)), type: w.optimizer.updates, evaluateName: 'updates', variablesReference: 0, presentationHint: readOnly });
    for (let l = 1; l <= L; l++) {
      const state = tensorState(trainer, l, 'w', updating);
      const value = typeof state === 'string' ? (state === 'frozen' ? w.optimizer.frozen : '') : state.step ? `max |step| = ${formatNumber(maxAbs(state.step))}` : w.optimizer.notUpdatedYet;
      out.push({ name: w.layerName(l, L), value, variablesReference: refs.add({ kind: 'optimizer', layer: l }), presentationHint: readOnly });
    }
    return out;
  }
  const l = c.layer;
  return [...tensorRows(trainer, l, 'w', opt, updating, refs), ...tensorRows(trainer, l, 'b', opt, updating, refs)];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

/** The rows of w's (or b's) state in a layer of the Optimizer scope, labelled like their expressions. */
function tensorRows(trainer: Trainer, l: number, param: Param, opt: OptimizerConfig, updating: number | undefined, refs: References): DebugProtocol.Variable[] {
  const w = words();
  const suffix = param === 'b' ? 'b' : '';
  const state = tensorState(trainer, l, param, updating);
  if (state === 'frozen') return [{ name: param, value: w.optimizer.frozen, variablesReference: 0, presentationHint: readOnly }];
  const shape = (data: Float64Array): Tensor => tensorOf(trainer, l, param, data);
  const row = (label: string, evaluateName: string | undefined, data: Float64Array | undefined, type: string): DebugProtocol.Variable => {
    if (!data) return { name: label, value: w.optimizer.notUpdatedYet, type, variablesReference: 0, presentationHint: readOnly };
    const v = tensorVariable(label, shape(data), evaluateName ?? label, refs);
    return { ...v, evaluateName, type: `${v.type} · ${type}`, presentationHint: readOnly };
  };
  const out: DebugProtocol.Variable[] = [];
  if (state !== 'sgd') {
    for (const slot of SLOTS[opt.name]) {
      out.push(row(`${slot}${suffix}`, `${slot}${suffix}[${l}]`, state.now[slot], slotMeaning(slot, opt)));
      if (state.before?.[slot]) out.push(row(w.optimizer.before(`${slot}${suffix}`), undefined, state.before[slot], slotMeaning(slot, opt)));
    }
    if (opt.name === 'adam') {
      if (state.mhat) out.push(row(`m̂${suffix}`, `mhat${suffix}[${l}]`, state.mhat, `m/(1−β₁ᵗ)`));
      if (state.vhat) out.push(row(`v̂${suffix}`, `vhat${suffix}[${l}]`, state.vhat, `v/(1−β₂ᵗ)`));
    }
    if (opt.name === 'adam' || opt.name === 'adagrad' || opt.name === 'rmsprop') out.push(row(rateLabel(opt, suffix), `lr${suffix}[${l}]`, (state as TensorState).rate, rateMeaning(opt)));
  }
  const step = state === 'sgd' ? undefined : state.step;
  out.push(row(`step${suffix}`, `step${suffix}[${l}]`, step, w.optimizer.step));
  return out;
}

function slotMeaning(slot: Slot, opt: OptimizerConfig): string {
  if (slot === 'm') return 'β₁m + (1−β₁)∂w';
  if (slot === 'v') return opt.name === 'adam' ? 'β₂v + (1−β₂)∂w⊙∂w' : 'αv − η∂w';
  return opt.name === 'rmsprop' ? 'ρh + (1−ρ)∂w⊙∂w' : 'h + ∂w⊙∂w';
}

function rateLabel(opt: OptimizerConfig, suffix: string): string {
  return opt.name === 'adam' ? `η/(√v̂${suffix}+ε)` : `η/(√h${suffix}+ε)`;
}

/** The effective learning rate and what it multiplies: Adam's step is −rate · m̂, AdaGrad's and RMSProp's −rate · ∂w. */
function rateMeaning(opt: OptimizerConfig): string {
  return `${words().optimizer.rate}: step = −(${rateLabel(opt, '')}) · ${opt.name === 'adam' ? 'm̂' : '∂w'}`;
}

/** w-shaped (fan-in × fan-out, [j][k]) or b-shaped ([k]) values of layer l. */
function tensorOf(trainer: Trainer, l: number, param: Param, data: Float64Array): Tensor {
  const layer = trainer.layers[l];
  return param === 'w' ? { rows: layer.w.rows, cols: layer.w.cols, data, vector: false } : { rows: 1, cols: layer.b.length, data, vector: true };
}

/** The tensor of an expression v[L], hb[L], step[L], lr[L], mask[L], …; ExpressionError when the network keeps no such state. */
export function layerStateTensor(trainer: Trainer, name: StateName, l: number, updating: number | undefined): Tensor {
  const ex = words().expression;
  if (name === 'mask') {
    if (dropoutOf(trainer, l) <= 0) throw new ExpressionError(ex.noMask(l));
    const mask = maskOf(trainer, l);
    if (!mask) throw new NotComputedError(`${ex.ofLayer('mask', l)}: ${words().notComputed}`);
    const n = trainer.batchSize;
    return { rows: n, cols: mask.cols, data: mask.data.subarray(0, n * mask.cols), vector: false };
  }
  const param: Param = name.endsWith('b') ? 'b' : 'w';
  const base = (param === 'b' ? name.slice(0, -1) : name) as 'v' | 'h' | 'm' | 'mhat' | 'vhat' | 'step' | 'lr';
  const opt = optimizerOf(trainer);
  const kept =
    base === 'step' ||
    (base === 'lr' && (opt.name === 'adam' || opt.name === 'adagrad' || opt.name === 'rmsprop')) ||
    ((base === 'mhat' || base === 'vhat') && opt.name === 'adam') ||
    ((base === 'v' || base === 'h' || base === 'm') && SLOTS[opt.name].includes(base));
  if (!kept) throw new ExpressionError(ex.noState(name, opt.name));
  const state = tensorState(trainer, l, param, updating);
  if (state === 'frozen') throw new ExpressionError(ex.frozenState(name, l, param));
  const notYet = (): never => {
    throw new NotComputedError(`${ex.ofLayer(name, l)}: ${words().notComputed}`);
  };
  if (state === 'sgd') return notYet();
  let data: Float64Array | undefined;
  switch (base) {
    case 'v':
    case 'h':
    case 'm':
      data = state.now[base];
      break;
    case 'mhat':
      data = state.mhat;
      break;
    case 'vhat':
      data = state.vhat;
      break;
    case 'step':
      data = state.step;
      break;
    case 'lr':
      data = state.rate;
      break;
  }
  return data ? tensorOf(trainer, l, param, data) : notYet();
}
