// What the Variables view, Watch and hovers read: the trainer's state at the current stop, seen
// through the Step Into sub-cursor (neurons not yet formed are hidden), as an expression Environment
// and as DAP scopes and variables (matrices expandable per row, paged through indexedVariables,
// numbers at full precision). Reads the trainer; never mutates it. Imports the engine and DAP types.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { isPerSample, SYMBOL, type Quantity } from '../engine/quantities';
import type { Trainer } from '../engine/trainer';
import { ExpressionError, NotComputedError, formatNumber, formatValue, type Environment, type ScalarName, type StateName, type Tensor } from './expressions';
import { formed } from '../protocol/snapshot';
import { epochLoss, lastEpochLoss, type EpochLoss, type EpochShape } from '../engine/epochLoss';
import { words } from './i18n';
import { layerStateTensor, optimizerScope, optimizerVariables } from './optimizerVariables';
import { dropoutOf, parameterShown, updatesOf } from './optimizerView';

/**
 * Step Into inside one stop: in a layer's forward or backward stop, how many of its 2n sub-steps are shown
 * (1 … 2n); at the update stop, the last layer whose update is shown (1 … L, layer by layer).
 */
export type SubCursor =
  | { readonly phase: 'forward' | 'backward'; readonly layer: number; readonly count: number }
  | { readonly phase: 'update'; readonly layer: number; readonly count: 1 };

/** Whether Step Into has more sub-steps in this stop (the last sub-step is a stop of its own). */
export function hasMoreSubSteps(sub: SubCursor, trainer: Trainer): boolean {
  return sub.phase === 'update' ? sub.layer < trainer.layers.length - 1 : sub.count < 2 * trainer.layers[sub.layer].size;
}

/** The sub-step after `sub` (call only when hasMoreSubSteps). */
export function nextSubStep(sub: SubCursor): SubCursor {
  return sub.phase === 'update' ? { ...sub, layer: sub.layer + 1 } : { ...sub, count: sub.count + 1 };
}

/** The sub-step before `sub`, or undefined at the first. */
export function previousSubStep(sub: SubCursor): SubCursor | undefined {
  if (sub.phase === 'update') return sub.layer > 1 ? { ...sub, layer: sub.layer - 1 } : undefined;
  return sub.count > 1 ? { ...sub, count: sub.count - 1 } : undefined;
}

/** The layer the update has reached while Step Into walks through it, else undefined (the whole update). */
export function updatingLayer(sub: SubCursor | undefined): number | undefined {
  return sub?.phase === 'update' ? sub.layer : undefined;
}

/** The Variables view's order of a layer's quantities (δ before ∂y, the gradients before w and b), as users know it. */
const VARIABLES_ORDER: readonly Quantity[] = ['u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b'];

/** The trainer's state at a stop, as expressions see it. */
export class StateEnvironment implements Environment {
  constructor(
    readonly trainer: Trainer,
    readonly sub: SubCursor | undefined,
  ) {}

  quantity(name: Quantity, l: number): Tensor {
    const trainer = this.trainer;
    if (l < 0 || l >= trainer.layers.length) throw new ExpressionError(words().expression.noLayer(l, trainer.layers.length - 1));
    if (l === 0 && name !== 'y') throw new ExpressionError(words().expression.inputLayerOnlyY);
    if (!trainer.isComputed(l, name)) throw new NotComputedError(`${words().expression.ofLayer(SYMBOL[name], l)}: ${words().notComputed}`);
    const layer = trainer.layers[l];
    let tensor: Tensor;
    switch (name) {
      case 'w':
        tensor = { rows: layer.w.rows, cols: layer.w.cols, data: parameterShown(trainer, l, 'w', updatingLayer(this.sub)), vector: false };
        break;
      case 'b':
        tensor = { rows: 1, cols: layer.b.length, data: parameterShown(trainer, l, 'b', updatingLayer(this.sub)), vector: true };
        break;
      case 'dw': {
        const m = layer[name];
        tensor = { rows: m.rows, cols: m.cols, data: m.data, vector: false };
        break;
      }
      case 'db':
        tensor = { rows: 1, cols: layer[name].length, data: layer[name], vector: true };
        break;
      default: {
        const n = trainer.batchSize;
        tensor = { rows: n, cols: layer.size, data: layer[name].data.subarray(0, n * layer.size), vector: false };
      }
    }
    const known = this.knownMask(name, l, tensor);
    return known ? { ...tensor, known } : tensor;
  }

  targets(): Tensor {
    const t = this.trainer.targets;
    const n = this.trainer.batchSize;
    return { rows: n, cols: t.cols, data: t.data.subarray(0, n * t.cols), vector: false };
  }

  scalar(name: ScalarName): number {
    const trainer = this.trainer;
    switch (name) {
      case 'loss':
        if (!trainer.lossComputed) throw new NotComputedError(`E: ${words().notComputed}`);
        return trainer.lossValue;
      case 'epochLoss':
      case 'lastEpochLoss': {
        const e = name === 'epochLoss' ? currentEpochLoss(trainer) : previousEpochLoss(trainer);
        if (!e || Number.isNaN(e.mean)) throw new NotComputedError(`${name}: ${words().notComputed}`);
        return e.mean;
      }
      case 'iteration':
        return trainer.iteration;
      case 'epoch':
        return trainer.epoch;
      case 'eta':
        return trainer.eta;
    }
  }

  updates(): number {
    return updatesOf(this.trainer);
  }

  layerState(name: StateName, l: number): Tensor {
    const trainer = this.trainer;
    if (l < 1 || l >= trainer.layers.length) throw new ExpressionError(l === 0 ? words().expression.inputLayerOnlyY : words().expression.noLayer(l, trainer.layers.length - 1));
    return layerStateTensor(trainer, name, l, updatingLayer(this.sub));
  }

  /** Which entries the sub-cursor has formed (see `formed` in the protocol: neuron by neuron, softmax all firsts first). */
  private knownMask(name: Quantity, l: number, tensor: Tensor): Uint8Array | undefined {
    const sub = this.sub;
    if (!sub || sub.phase === 'update' || sub.layer !== l) return undefined;
    const firstName = sub.phase === 'forward' ? 'u' : 'dy';
    const secondNames: readonly Quantity[] = sub.phase === 'forward' ? ['y'] : ['delta', 'dw', 'db'];
    const layer = this.trainer.layers[l];
    const counts = formed(sub.count, layer.size, layer.activation.name === 'softmax');
    let limit: number;
    if (name === firstName) limit = counts.first;
    else if (secondNames.includes(name)) limit = counts.second;
    else return undefined;
    const known = new Uint8Array(tensor.rows * tensor.cols);
    for (let x = 0; x < known.length; x++) known[x] = x % tensor.cols < limit ? 1 : 0;
    return known;
  }
}

/** What a variablesReference stands for. */
export type Container =
  | { readonly kind: 'layer'; readonly layer: number }
  | { readonly kind: 'training' }
  | { readonly kind: 'optimizer'; readonly layer?: number; readonly param?: 'w' | 'b' }
  | { readonly kind: 'tensor'; readonly tensor: Tensor; readonly evaluateName: string; readonly edit?: EditTarget };

/** Where Set Value on an element of a tensor container writes: w row j of layer l, or b of layer l. */
export type EditTarget = { readonly target: 'w'; readonly layer: number; readonly j: number } | { readonly target: 'b'; readonly layer: number };

/** Stores containers and hands out references (reset at every stop). */
export class References {
  private items: Container[] = [];

  add(c: Container): number {
    this.items.push(c);
    return this.items.length;
  }

  get(ref: number): Container | undefined {
    return this.items[ref - 1];
  }

  reset(): void {
    this.items = [];
  }
}

/**
 * The scopes of a stop: one per layer, and Training. VS Code's Variables view expands the first scope
 * that is not expensive and leaves the others collapsed, so the one in view comes first: the layer
 * being computed (forward or backward `current`), else Training (E, epochLoss, η); the others follow
 * in their order, one click away.
 */
export function scopes(trainer: Trainer, refs: References, current: number | undefined): DebugProtocol.Scope[] {
  const layers: DebugProtocol.Scope[] = trainer.layers.map((layer) => ({
    name: words().layerScope(layer.index, layer.index === 0 ? undefined : layer.activation.name),
    variablesReference: refs.add({ kind: 'layer', layer: layer.index }),
    namedVariables: layer.index === 0 ? 1 : dropoutOf(trainer, layer.index) > 0 ? 9 : 8,
    expensive: false,
    presentationHint: layer.index === current ? 'locals' : undefined,
  }));
  const training: DebugProtocol.Scope = { name: words().training, variablesReference: refs.add({ kind: 'training' }), expensive: false };
  // the optimizer's scope: first and open at the update stop, else after Training (absent for sgd before the update)
  const optimizer = optimizerScope(trainer, refs);
  if (optimizer && trainer.currentStop?.phase === 'update') return [optimizer, training, ...layers];
  const rest = optimizer ? [training, optimizer] : [training];
  if (current === undefined || !layers[current]) return [...rest, ...layers];
  return [layers[current], ...layers.filter((_, l) => l !== current), ...rest];
}

/** How E combines into the epoch loss for this network. */
function shapeOf(trainer: Trainer): EpochShape {
  return { samples: trainer.spec.data.inputs.rows, batchSize: trainer.spec.batch.size, reduction: trainer.spec.batch.reduction };
}

/** The mean E_s over the current epoch so far (before its first loss: the epoch before's). */
export function currentEpochLoss(trainer: Trainer): EpochLoss | undefined {
  return epochLoss(shapeOf(trainer), (iteration) => trainer.recordedLoss(iteration), trainer.iteration, trainer.lossComputed);
}

/** The mean E_s over the last complete epoch. */
export function previousEpochLoss(trainer: Trainer): EpochLoss | undefined {
  return lastEpochLoss(shapeOf(trainer), (iteration) => trainer.recordedLoss(iteration), trainer.iteration, trainer.lossComputed);
}

/** A Training row for an epoch loss: its value and which epoch (and how much of it) it covers. */
function epochLossVariable(name: string, e: EpochLoss | undefined, readOnly: DebugProtocol.VariablePresentationHint): DebugProtocol.Variable {
  const value = e && !Number.isNaN(e.mean) ? formatNumber(e.mean) : words().notComputed;
  const type = e ? `mean E_s over epoch ${e.epoch}${e.complete ? '' : ` so far (${e.batches} batches)`}` : 'mean E_s over an epoch';
  return { name, value, type, evaluateName: name, variablesReference: 0, presentationHint: readOnly };
}

/** The children of a container, paged for tensors by `start`/`count`. */
export function variables(container: Container, env: StateEnvironment, refs: References, args: DebugProtocol.VariablesArguments): DebugProtocol.Variable[] {
  switch (container.kind) {
    case 'layer':
      return layerVariables(container.layer, env, refs);
    case 'training':
      return trainingVariables(env, refs);
    case 'optimizer':
      return optimizerVariables(container, env.trainer, updatingLayer(env.sub), refs);
    case 'tensor': {
      if (args.filter === 'named') return [];
      const { tensor, evaluateName, edit } = container;
      const length = tensor.vector ? tensor.cols : tensor.rows;
      const start = Math.max(0, args.start ?? 0);
      const end = args.count ? Math.min(length, start + args.count) : length;
      const out: DebugProtocol.Variable[] = [];
      for (let i = start; i < end; i++) {
        const name = `[${i}]`;
        const childName = `${evaluateName}[${i}]`;
        if (tensor.vector) {
          const known = !tensor.known || tensor.known[i] === 1;
          out.push({ name, value: known ? formatNumber(tensor.data[i]) : words().notComputed, evaluateName: childName, variablesReference: 0, presentationHint: edit || !known ? undefined : { attributes: ['readOnly'] } });
        } else {
          const from = i * tensor.cols;
          const row: Tensor = { rows: 1, cols: tensor.cols, data: tensor.data.subarray(from, from + tensor.cols), vector: true, known: tensor.known?.subarray(from, from + tensor.cols) };
          const rowEdit: EditTarget | undefined = edit?.target === 'w' ? { target: 'w', layer: edit.layer, j: i } : undefined;
          out.push(tensorVariable(name, row, childName, refs, rowEdit));
        }
      }
      return out;
    }
  }
}

/** A variable for a whole tensor, expandable. */
export function tensorVariable(name: string, tensor: Tensor, evaluateName: string, refs: References, edit?: EditTarget): DebugProtocol.Variable {
  const length = tensor.vector ? tensor.cols : tensor.rows;
  return {
    name,
    value: formatValue(tensor),
    type: tensor.vector ? `[${tensor.cols}]` : `${tensor.rows}×${tensor.cols}`,
    evaluateName,
    variablesReference: refs.add({ kind: 'tensor', tensor, evaluateName, edit }),
    indexedVariables: length,
  };
}

function layerVariables(l: number, env: StateEnvironment, refs: References): DebugProtocol.Variable[] {
  const names: readonly Quantity[] = l === 0 ? ['y'] : VARIABLES_ORDER;
  const rows = names.map((q) => {
    const label = SYMBOL[q];
    const evaluateName = `${q}[${l}]`;
    try {
      const tensor = env.quantity(q, l);
      const edit: EditTarget | undefined = q === 'w' ? { target: 'w', layer: l, j: 0 } : q === 'b' ? { target: 'b', layer: l } : undefined;
      const v = tensorVariable(l === 0 ? 'y (inputs x)' : label, tensor, evaluateName, refs, edit);
      if (isPerSample(q)) v.type = `${tensor.rows} samples × ${tensor.cols} neurons`;
      return v;
    } catch (e) {
      if (e instanceof NotComputedError) return { name: label, value: words().notComputed, evaluateName, variablesReference: 0 };
      throw e;
    }
  });
  // dropout's mask after y, which it scales: y = f(u) ⊙ mask / (1 − p)
  const p = dropoutOf(env.trainer, l);
  if (l > 0 && p > 0) {
    const type = `y = f(u) ⊙ mask / (1 − p), p = ${formatNumber(p)}`;
    let mask: DebugProtocol.Variable;
    try {
      const v = tensorVariable('mask', env.layerState('mask', l), `mask[${l}]`, refs);
      mask = { ...v, type: `${v.type} · ${type}`, presentationHint: { attributes: ['readOnly'] } };
    } catch (e) {
      if (!(e instanceof NotComputedError)) throw e;
      mask = { name: 'mask', value: words().notComputed, type, evaluateName: `mask[${l}]`, variablesReference: 0 };
    }
    rows.splice(2, 0, mask);
  }
  return rows;
}

function trainingVariables(env: StateEnvironment, refs: References): DebugProtocol.Variable[] {
  const trainer = env.trainer;
  const spec = trainer.spec;
  const stop = trainer.currentStop;
  const n = trainer.batchSize;
  const samples: Tensor = { rows: 1, cols: n, data: Float64Array.from(trainer.samples.subarray(0, n)), vector: true };
  const readOnly: DebugProtocol.VariablePresentationHint = { attributes: ['readOnly'] };
  return [
    { name: 'E', value: trainer.lossComputed ? formatNumber(trainer.lossValue) : words().notComputed, type: `loss (${spec.loss})`, evaluateName: 'loss', variablesReference: 0, presentationHint: readOnly },
    epochLossVariable('epochLoss', currentEpochLoss(trainer), readOnly),
    epochLossVariable('lastEpochLoss', previousEpochLoss(trainer), readOnly),
    { name: 'η', value: formatNumber(trainer.eta), type: 'learning rate', evaluateName: 'eta', variablesReference: 0 },
    { name: 'epoch', value: String(trainer.epoch), type: `of ${spec.epochs}`, evaluateName: 'epoch', variablesReference: 0, presentationHint: readOnly },
    { name: 'iteration', value: String(trainer.iteration), type: `of ${trainer.totalIterations}`, evaluateName: 'iteration', variablesReference: 0, presentationHint: readOnly },
    { name: 'stop', value: stop ? `${stop.phase}${stop.phase === 'update' ? '' : ` · layer ${stop.layer}`}` : 'start of the iteration', variablesReference: 0, presentationHint: readOnly },
    { ...tensorVariable('samples', samples, 'samples', refs), evaluateName: undefined, presentationHint: readOnly },
    tensorVariable('t', env.targets(), 't', refs),
    { name: 'reduction', value: spec.batch.reduction, type: 'of ∂w, ∂b and E over the batch', variablesReference: 0, presentationHint: readOnly },
    { name: 'loss function', value: spec.loss, variablesReference: 0, presentationHint: readOnly },
  ];
}
