// The optimizer's and dropout's part of the state sent to the inspector (see OptimizerSnapshot and
// DropoutSnapshot in the protocol): the optimizer's name, hyper-parameters and t at every stop, its
// matrices only once the update is done (at the update stop: nowhere else does the state change, so
// the other stops stay as cheap as before), the dropout masks once drawn. While Step Into walks through
// the update, the layers it has not reached show w and b as they were before. Imports the engine and the protocol.

import type { Trainer } from '../engine/trainer';
import { encodeMatrix, type EncodedMatrix } from '../protocol/buffers';
import type { DropoutSnapshot, LayerSnapshot, OptimizerSlot, OptimizerSnapshot, StateSnapshot, TensorOptimizerSnapshot } from '../protocol/snapshot';
import { dropoutOf, isUpdated, maskOf, optimizerOf, parameterShown, tensorState, updatesOf, weightDecayOf, type Param } from './optimizerView';

/** `state` with the optimizer's and dropout's parts (and, mid-update, w and b as shown) added. */
export function withOptimizer(state: StateSnapshot, trainer: Trainer, updating: number | undefined): StateSnapshot {
  const dropout = dropoutSnapshot(trainer);
  const opt = optimizerOf(trainer);
  const { name, ...params } = opt;
  const updated = trainer.position === trainer.stops.length;
  // plain gradient descent: its step −η∂w is known from what the state carries anyway (the update stop stays as cheap)
  const plain = name === 'sgd' && weightDecayOf(trainer) === 0;
  const optimizer: OptimizerSnapshot = {
    name,
    params: params as Record<string, number>,
    weightDecay: weightDecayOf(trainer),
    t: updatesOf(trainer),
    updating,
    layers: updated && !plain ? trainer.layers.map((_, l) => (l > 0 && isUpdated(trainer, l, updating) ? { w: tensorSnapshot(trainer, l, 'w'), b: tensorSnapshot(trainer, l, 'b') } : null)) : undefined,
  };
  // layers the update has not reached yet (Step Into) show w and b before it
  const layers = updating === undefined || !updated ? state.layers : state.layers.map((layer, l) => (l === 0 || l <= updating ? layer : beforeUpdate(layer, trainer, l, updating)));
  return { ...state, layers, optimizer: plain && updating === undefined ? undefined : optimizer, dropout };
}

function beforeUpdate(layer: LayerSnapshot, trainer: Trainer, l: number, updating: number): LayerSnapshot {
  const w = trainer.layers[l].w;
  return { ...layer, w: encodeMatrix(parameterShown(trainer, l, 'w', updating), w.rows, w.cols), b: encodeMatrix(parameterShown(trainer, l, 'b', updating), 1, trainer.layers[l].b.length) };
}

function tensorSnapshot(trainer: Trainer, l: number, param: Param): TensorOptimizerSnapshot | null {
  const s = tensorState(trainer, l, param, undefined);
  if (s === 'frozen' || s === 'sgd' || !s.step) return null;
  const layer = trainer.layers[l];
  const [rows, cols] = param === 'w' ? [layer.w.rows, layer.w.cols] : [1, layer.b.length];
  const encode = (slots: Readonly<Partial<Record<OptimizerSlot, Float64Array>>> | undefined): Partial<Record<OptimizerSlot, EncodedMatrix>> =>
    Object.fromEntries(Object.entries(slots ?? {}).map(([k, v]) => [k, encodeMatrix(v, rows, cols)]));
  return { before: encode(s.before), after: encode(s.now), step: encodeMatrix(s.step, rows, cols) };
}

function dropoutSnapshot(trainer: Trainer): DropoutSnapshot | undefined {
  const p = trainer.layers.map((_, l) => dropoutOf(trainer, l));
  if (!p.some((x) => x > 0)) return undefined;
  const n = trainer.batchSize;
  const masks = trainer.layers.map((_, l) => {
    const m = maskOf(trainer, l);
    return m ? encodeMatrix(m.data, n, m.cols) : null;
  });
  return { p, masks };
}
