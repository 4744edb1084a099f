// The export's records row by row, straight from the trainer's buffers (no record object): the same text as
// the headless trace (trace.ts) writes, as JSON Lines or as CSV, handed to `push` a row at a time with a
// yield after each row, so that a caller can write them in chunks and give the event loop a turn between
// rows of a big layer. Imports nothing outside the engine.

import { jsonNumber, tracedSlots } from './trace';
import type { Trainer } from './trainer';

/**
 * The quantities of a layer in the record's order: [name, buffer, rows, columns, a vector]. A state slot of
 * the optimizer is named "slot.w" and "slot.b" (written in JSON as "slot": { "w": …, "b": … }).
 */
type QuantityBuffer = readonly [string, ArrayLike<number>, number, number, boolean];

/** Every quantity of the current iteration, read in place from the trainer's buffers (nothing copied). */
function quantities(trainer: Trainer): QuantityBuffer[][] {
  const n = trainer.batchSize;
  const [input, ...rest] = trainer.layers;
  return [
    [['y', input.y.data, n, input.y.cols, false]],
    ...rest.map((l): QuantityBuffer[] => [
      ['u', l.u.data, n, l.u.cols, false],
      ['y', l.y.data, n, l.y.cols, false],
      ['delta', l.delta.data, n, l.delta.cols, false],
      ['dy', l.dy.data, n, l.dy.cols, false],
      ['dw', l.dw.data, l.dw.rows, l.dw.cols, false],
      ['db', l.db, 1, l.db.length, true],
      ['w', l.w.data, l.w.rows, l.w.cols, false],
      ['b', l.b, 1, l.b.length, true],
      ...(l.mask ? [['mask', l.mask.data, n, l.mask.cols, false] as const] : []),
      ...tracedSlots(trainer).flatMap((slot): QuantityBuffer[] => {
        const w = trainer.optimizerStateAfter(l.index, 'w');
        const b = trainer.optimizerStateAfter(l.index, 'b');
        return [...(w ? [[`${slot}.w`, w[slot]!, l.w.rows, l.w.cols, false] as const] : []), ...(b ? [[`${slot}.b`, b[slot]!, 1, l.b.length, true] as const] : [])];
      }),
    ]),
  ];
}

/** The JSON before a quantity's value: its key, and the opening or closing of a state slot's object around it. */
function jsonKey(name: string, previous: string | undefined): string {
  const [slot, param] = name.split('.');
  const [lastSlot] = previous?.split('.') ?? [];
  const close = previous?.includes('.') && lastSlot !== slot ? '}' : '';
  if (!param) return `${close}${previous ? ',' : ''}"${name}":`;
  return lastSlot === slot ? `,"${param}":` : `${close},"${slot}":{"${param}":`;
}

/** The current iteration as one JSON line, the headless trace's text (NaN and ±Infinity as strings); yields after each row. */
export function* jsonRecordRows(trainer: Trainer, push: (text: string) => void): Generator<void, void, void> {
  const samples = Array.from(trainer.samples.subarray(0, trainer.batchSize)).join(',');
  const t = tracedSlots(trainer).length ? `"t":${trainer.iteration},` : '';
  push(`{"iteration":${trainer.iteration},"epoch":${trainer.epoch},"samples":[${samples}],"loss":${jsonNumber(trainer.lossValue)},${t}"layers":[`);
  const layers = quantities(trainer);
  for (let l = 0; l < layers.length; l++) {
    push(l ? ',{' : '{');
    for (let q = 0; q < layers[l].length; q++) {
      const [name, data, rows, cols, vector] = layers[l][q];
      push(`${jsonKey(name, q ? layers[l][q - 1][0] : undefined)}${vector ? '' : '['}`);
      for (let r = 0; r < rows; r++) {
        let text = r ? ',[' : '[';
        for (let c = 0; c < cols; c++) text += (c ? ',' : '') + jsonNumber(data[r * cols + c]);
        push(text + ']');
        yield;
      }
      if (!vector) push(']');
    }
    push(layers[l][layers[l].length - 1][0].includes('.') ? '}}' : '}');
  }
  push(']}\n');
}

/** One CSV line per number (iteration, epoch, loss, layer, quantity, row, column, value); yields after each row. */
export function* csvRecordRows(trainer: Trainer, push: (text: string) => void): Generator<void, void, void> {
  const head = `${trainer.iteration},${trainer.epoch},${trainer.lossValue}`;
  const layers = quantities(trainer);
  for (let l = 0; l < layers.length; l++) {
    for (const [name, data, rows, cols] of layers[l]) {
      for (let r = 0; r < rows; r++) {
        let text = '';
        for (let c = 0; c < cols; c++) text += `${head},${l},${name},${r},${c},${data[r * cols + c]}\n`;
        push(text);
        yield;
      }
    }
  }
}
