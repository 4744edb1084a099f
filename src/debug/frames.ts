// The Call Stack while paused: the stop (or the neuron Step Into formed last) on top, then the phase,
// then the iteration — each frame's text in the words in force and the line of the network file it
// points at (the layer's object, "loss", "learningRate", or the root object). Knows nothing of DAP.

import type { Trainer } from '../engine/trainer';
import { subLabel } from './describe';
import { words } from './i18n';
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
        if (sub) out.push({ name: subLabel(sub, trainer), line: layerLine(l) });
        out.push({ name: w.layerStop(l, l === L, stop.phase), line: layerLine(l) });
        out.push({ name: w.phase(stop.phase), line: root });
        break;
      }
      case 'loss':
        out.push({ name: w.loss(spec.loss), line: spec.ranges.loss ? spec.ranges.loss.line : layerLine(L) });
        break;
      case 'update':
        out.push({ name: w.update, line: spec.ranges.learningRate ? spec.ranges.learningRate.line : root });
        break;
      default: {
        const never: never = stop.phase;
        throw new Error(`unknown phase ${String(never)}`);
      }
    }
  }
  out.push({ name: w.iteration(trainer.iteration, trainer.epoch), line: root });
  return out;
}
