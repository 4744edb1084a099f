// A prediction as it arrives in the webview (src/protocol/prediction.ts): a good one decodes to the
// values sent; wrong shapes, sizes, ranges or base64 are refused (undefined), never thrown.

import * as assert from 'node:assert';
import { encodeMatrix } from '../../src/protocol/buffers';
import { toPredictionView, type PredictionResult } from '../../src/protocol/prediction';

const m = (values: number[], rows: number, cols: number): ReturnType<typeof encodeMatrix> => encodeMatrix(Float64Array.from(values), rows, cols);

/** A 2-input, 1-output classification on a 2 × 2 grid with three samples. */
function good(): PredictionResult {
  return {
    iteration: 3,
    position: 1,
    task: 'classification',
    inputs: 2,
    outputs: 1,
    grid: { k: 2, ranges: [{ lo: -1, hi: 1 }, { lo: 0, hi: 2 }], outputs: m([0.1, 0.2, 0.8, 0.9], 4, 1) },
    data: { total: 3, stride: 1, inputs: m([0, 0, 1, 1, -1, 2], 3, 2), targets: m([0, 1, 1], 3, 1), outputs: m([0.2, 0.7, 0.4], 3, 1) },
    accuracy: 2 / 3,
  };
}

suite('protocol: predictions', () => {
  test('a good prediction decodes to the values sent', () => {
    const v = toPredictionView(JSON.parse(JSON.stringify(good())));
    assert.ok(v);
    assert.deepStrictEqual(Array.from(v.grid!.outputs), [0.1, 0.2, 0.8, 0.9]);
    assert.deepStrictEqual(Array.from(v.data.inputs!), [0, 0, 1, 1, -1, 2]);
    assert.strictEqual(v.data.n, 3);
    assert.strictEqual(v.accuracy, 2 / 3);
  });

  test('every 11th of 20,000 samples: n = ⌈20000 / 11⌉ = 1819 is checked against the matrices', () => {
    const n = Math.ceil(20000 / 11);
    const p = { ...good(), grid: undefined, data: { total: 20000, stride: 11, targets: m(new Array(n).fill(0), n, 1), outputs: m(new Array(n).fill(0), n, 1) } };
    assert.strictEqual(toPredictionView(p)?.data.n, n);
    // a stride that would carry more than MAX_SAMPLES is refused
    assert.strictEqual(toPredictionView({ ...p, data: { ...p.data, stride: 1 } }), undefined);
  });

  test('malformed ones are refused', () => {
    const bad: [string, (p: Record<string, unknown>) => void][] = [
      ['a grid of the wrong size', (p) => ((p.grid as Record<string, unknown>).k = 3)],
      ['a grid for three inputs', (p) => (p.inputs = 3)],
      ['a range the wrong way round', (p) => ((p.grid as { ranges: unknown[] }).ranges[0] = { lo: 1, hi: -1 })],
      ['a non-finite range', (p) => ((p.grid as { ranges: unknown[] }).ranges[1] = { lo: 0, hi: null })],
      ['targets of the wrong shape', (p) => ((p.data as Record<string, unknown>).targets = m([0, 1], 2, 1))],
      ['bad base64', (p) => ((p.data as Record<string, unknown>).outputs = { rows: 3, cols: 1, base64: '!!!!' })],
      ['an accuracy above 1', (p) => (p.accuracy = 1.5)],
      ['an unknown task', (p) => (p.task = 'ranking')],
      ['no iteration', (p) => delete p.iteration],
      ['a target curve for two inputs', (p) => ((p.grid as Record<string, unknown>).target = m([0, 0, 0, 0], 4, 1))],
    ];
    for (const [what, spoil] of bad) {
      const p = JSON.parse(JSON.stringify(good())) as Record<string, unknown>;
      spoil(p);
      assert.strictEqual(toPredictionView(p), undefined, what);
    }
    for (const x of [null, 7, 'x', [], {}]) assert.strictEqual(toPredictionView(x), undefined);
  });
});
