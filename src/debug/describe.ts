// What the adapter says about a stop in words, in the language of `initialize` (./i18n): the Call Stack
// frame of a neuron while stepping into a layer, and the sentence of an exception stop (a NaN or
// ±Infinity, an exploding or vanishing gradient, dead ReLU units). The formulas keep the notes' symbols.
// Imports the engine, the protocol's `formed` and the adapter's words; never `vscode`.

import type { Culprit } from '../engine/diagnostics';
import { SYMBOL } from '../engine/quantities';
import type { Trainer } from '../engine/trainer';
import { formed } from '../protocol/snapshot';
import { formatNumber } from './expressions';
import { words } from './i18n';
import type { SubCursor } from './variables';

/** The top frame's name inside a layer: which neuron's which quantity was formed last ("neuron 0 · ∂y_0"). */
export function subLabel(sub: SubCursor, trainer: Trainer): string {
  const layer = trainer.layers[sub.layer];
  const softmax = layer.activation.name === 'softmax';
  const { last } = formed(sub.count, layer.size, softmax);
  const k = last.neuron;
  return words().neuronStep(k, formula());

  function formula(): string {
    if (sub.phase === 'forward') {
      if (!last.second) return `u_${k} = Σ y w + b`;
      return softmax ? `y_${k} = e^u_${k} / Σ_r e^u_r` : `y_${k} = f(u_${k})`;
    }
    if (!last.second) return `∂y_${k}`;
    if (!softmax) return `δ_${k} = ∂y_${k} · f'(u_${k})`;
    const shortcut = sub.layer === trainer.layers.length - 1 && trainer.spec.loss === 'cross-entropy';
    return shortcut ? `δ_${k} = y_${k} − t_${k}` : `δ_${k} = y_${k} (∂y_${k} − Σ_r ∂y_r y_r)`;
  }
}

/** "Infinity in u of layer 2 (output), sample 0, neuron 0, during forward" */
export function describeCulprit(c: Culprit, trainer: Trainer): string {
  const w = words();
  const what = Number.isNaN(c.value) ? 'NaN' : c.value > 0 ? 'Infinity' : '-Infinity';
  // the data row of a batch's sample s, named only when it differs (shuffled or later batches)
  const dataRow = (s: number): number | undefined => trainer.samples[s];
  if (c.quantity === 'loss') {
    const at = c.row === undefined || c.column === undefined ? undefined : { sample: c.row, neuron: c.column, dataRow: dataRow(c.row) };
    return w.nonFiniteLoss(what, trainer.spec.loss, at);
  }
  const L = trainer.layers.length - 1;
  const row = c.row ?? 0;
  const column = c.column ?? 0;
  switch (c.quantity) {
    case 'w':
    case 'dw':
      return w.nonFinite(what, SYMBOL[c.quantity], w.layerName(c.layer, L), { kind: 'weight', j: row, k: column, layer: c.layer }, c.phase);
    case 'b':
    case 'db':
      return w.nonFinite(what, SYMBOL[c.quantity], w.layerName(c.layer, L), { kind: 'neuron', neuron: column }, c.phase);
    default:
      return w.nonFinite(what, SYMBOL[c.quantity], w.layerName(c.layer, L), { kind: 'sample', sample: row, neuron: column, dataRow: dataRow(row) }, c.phase);
  }
}

/** "exploding gradient in layer 2: ‖∂w‖ = 0.11 > 0.05, during backward" */
export function describeExploding(l: number, norm: number, threshold: number): string {
  return words().exploding(l, formatNumber(norm), String(threshold));
}

/** "vanishing gradient in layer 2: ‖δ‖ = 1e-9 < 1e-7, during backward" */
export function describeVanishing(l: number, norm: number, threshold: number): string {
  return words().vanishing(l, formatNumber(norm), String(threshold));
}

/** "dead ReLU in layer 1: neuron(s) 0, 2 have u ≤ 0 for every sample of the batch, during forward" */
export function describeDeadRelu(l: number, neurons: readonly number[]): string {
  return words().deadRelu(l, neurons.join(','));
}
