// The trace (cli.js trace, the debugger's export) with an optimizer and dropout: `t`, each layer's state
// slots as the iteration's update leaves them, and dropout's mask; SGD without dropout traces as before.

import * as assert from 'node:assert';
import { iterationRecord, writeIterationCsv, writeIterationJson, writeIterationTable, type LayerRecord } from '../../src/engine/trace';
import { jsonRecordRows } from '../../src/engine/traceRows';
import { Trainer } from '../../src/engine/trainer';
import { rows, specOf } from './helpers';

const network = (optimizer: object, extra: object = {}): object => ({
  layers: [{ size: 2 }, { size: 4, activation: 'relu', dropout: 0.5 }, { size: 3, activation: 'tanh', trainBiases: false }, { size: 2, activation: 'softmax' }],
  learningRate: 0.05,
  optimizer,
  batch: { size: 3, reduction: 'mean', shuffle: true },
  init: { seed: 3, distribution: 'he' },
  data: { builtin: 'circle', samples: 12 },
  epochs: 5,
  ...extra,
});

/** The trainer at iteration `i`, standing before its update (where the trace records). */
function beforeUpdate(spec: object, i: number): Trainer {
  const t = new Trainer(specOf(spec));
  t.runIterations(i - 1);
  t.step();
  t.runUntil((x) => x.position === x.stops.length - 1);
  return t;
}

function text(write: (push: (s: string) => void) => void): string {
  const parts: string[] = [];
  write((s) => parts.push(s));
  return parts.join('');
}

suite('the trace with an optimizer and dropout', () => {
  test('Adam: t and m, v of w and b as the update leaves them (a frozen b left out), the mask per sample', () => {
    const t = beforeUpdate(network({ name: 'adam' }), 4);
    const record = iterationRecord(t);
    assert.strictEqual(record.t, 4);
    const l1 = record.layers[1] as LayerRecord;
    assert.deepStrictEqual(l1.mask, rows(t.layers[1].mask!.data, t.batchSize, 4));
    assert.ok(l1.mask!.flat().every((m) => m === 0 || m === 1));
    assert.strictEqual((record.layers[2] as LayerRecord).mask, undefined);
    // the state after the update, read from the trainer once it has done it
    t.step();
    for (const l of [1, 2, 3]) {
      const layer = record.layers[l] as LayerRecord;
      const after = t.optimizerState(l, 'w')!.slots;
      assert.deepStrictEqual(layer.m!.w, rows(after.m!, t.layers[l].w.rows, t.layers[l].w.cols));
      assert.deepStrictEqual(layer.v!.w, rows(after.v!, t.layers[l].w.rows, t.layers[l].w.cols));
      if (l === 2) assert.deepStrictEqual(Object.keys(layer.m!), ['w']);
      else assert.deepStrictEqual(layer.v!.b, Array.from(t.optimizerState(l, 'b')!.slots.v!));
      assert.strictEqual(layer.h, undefined);
    }
  });

  test('the JSON line is the record, key for key, and the export writes the very same text', () => {
    for (const optimizer of [{ name: 'momentum' }, { name: 'rmsprop' }, { name: 'adam' }]) {
      const t = beforeUpdate(network(optimizer), 3);
      const line = text((push) => writeIterationJson(t, push));
      assert.deepStrictEqual(JSON.parse(line), JSON.parse(JSON.stringify(iterationRecord(t))));
      assert.match(line, /"loss":[^,]+,"t":3,"layers":/);
      const exported = text((push) => {
        const rowsOf = jsonRecordRows(t, push);
        while (!rowsOf.next().done);
      });
      assert.strictEqual(exported, line, `${optimizer.name}: the export's JSON`);
    }
  });

  test('CSV and tables name the slots and the mask', () => {
    const t = beforeUpdate(network({ name: 'adagrad' }), 2);
    const csv = text((push) => writeIterationCsv(t, push));
    assert.match(csv, /^2,1,[^,]+,1,h\.w,0,0,/m);
    assert.match(csv, /^2,1,[^,]+,1,mask,0,0,[01]$/m);
    assert.doesNotMatch(csv, /,2,h\.b,/);
    const table = text((push) => writeIterationTable(t, push));
    assert.match(table, / · t = 2\n/);
    assert.match(table, /\n {2}h of w /);
    assert.match(table, /\n {2}mask /);
  });

  test('plain SGD without dropout: no t, no mask, no state in the record', () => {
    const t = beforeUpdate(network({ name: 'sgd' }, { layers: [{ size: 2 }, { size: 4, activation: 'relu' }, { size: 2, activation: 'softmax' }] }), 2);
    const line = text((push) => writeIterationJson(t, push));
    assert.doesNotMatch(line, /"t"|"mask"|"v"|"h"|"m"/);
    assert.deepStrictEqual(Object.keys(JSON.parse(line).layers[1]), ['u', 'y', 'delta', 'dy', 'dw', 'db', 'w', 'b']);
  });
});
