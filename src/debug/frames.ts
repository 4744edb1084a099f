// The Call Stack while paused: the stop (or the neuron Step Into formed last, or the layer of the update
// it reached) on top, then the phase, then the iteration — each frame's text in the words in force and
// the line of the network file it points at (the layer's object, "loss", "optimizer" or "learningRate",
// or the root object); the update's frame names the optimizer's rule. Knows nothing of DAP.

import type { Trainer } from '../engine/trainer';
import { subLabel } from './describe';
import { words } from './i18n';
import { updateRule } from './optimizerVariables';
import { optimizerOf, weightDecayOf } from './optimizerView';
import type { SubCursor } from './variables';

/** One frame: its text and its line in the network file (1-based). */
export interface FrameText {
  readonly name: string;
  readonly line: number;
}

/** The frames at the trainer's current point, innermost first. */
export function frames(trainer: Trainer, sub: SubCursor | undefined): FrameText[] {
  const spec = trainer.spec;
  const root = spec.ranges.root.line;
  const layerLine = (l: number): number => spec.layers[l].range.line;
  const L = trainer.layers.length - 1;
  const out: FrameText[] = [];
  const stop = trainer.currentStop;
  const w = words();
  if (!stop) out.push({ name: w.startOfIteration(trainer.iteration), line: layerLine(1) });
  else {
    switch (stop.phase) {
      case 'forward':
      case 'backward': {
        const l = stop.layer;
        if (sub && sub.phase !== 'update') out.push({ name: subLabel(sub, trainer), line: layerLine(l) });
        out.push({ name: w.layerStop(l, l === L, stop.phase), line: layerLine(l) });
        out.push({ name: w.phase(stop.phase), line: root });
        break;
      }
      case 'loss':
        out.push({ name: w.loss(spec.loss), line: spec.ranges.loss ? spec.ranges.loss.line : layerLine(L) });
        break;
      case 'update': {
        const opt = optimizerOf(trainer);
        const rule = updateRule(opt, weightDecayOf(trainer));
        // Step Into walks through the update layer by layer: that layer's frame on top, on its line
        if (sub?.phase === 'update') out.push({ name: w.optimizer.updateLayer(sub.layer, L, rule), line: layerLine(sub.layer) });
        const ranges = spec.ranges as typeof spec.ranges & { optimizer?: { line: number } };
        const line = ranges.optimizer?.line ?? ranges.learningRate?.line ?? root;
        out.push({ name: opt.name === 'sgd' && weightDecayOf(trainer) === 0 ? w.update : w.optimizer.update(opt.name, rule), line });
        break;
      }
      default: {
        const never: never = stop.phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }
  out.push({ name: w.iteration(trainer.iteration, trainer.epoch), line: root });
  return out;
}
