// The inspector with an optimizer and dropout, in a real headless Chromium (issue 13): a real engine state
// of the 2-2-2 worked example trained with Adam, at the update stop, posted into the real bundle. The
// equations of a clicked weight take Adam's form with its numbers (worked out here from the state's ∂w),
// the toggle colours the edges by the step, and a neuron dropout dropped for the sample is drawn so.
// Keeps a screenshot in test-results/screenshots/webview-optimizer.png.

import * as assert from 'node:assert';
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';
import { parseNetwork } from '../../src/engine/parse';
import { formatNumber } from '../../src/engine/trace';
import { Trainer } from '../../src/engine/trainer';
import { withOptimizer } from '../../src/debug/optimizerSnapshot';
import { decodeMatrix } from '../../src/protocol/buffers';
import { snapshot, type StateSnapshot } from '../../src/protocol/snapshot';
import { openInspector, post, startHarness, type Harness } from './harness';
import { THEMES } from './themes';

const root = resolve(__dirname, '..', '..');
const screenshots = join(root, 'test-results', 'screenshots');
const dark = THEMES[1];

function trainer(layer1 = ''): Trainer {
  const r = parseNetwork(`{
    "name": "2-2-2 Adam", "layers": [ { "size": 2 },
      { "size": 2, "activation": "sigmoid", "weights": [[0.15, 0.25], [0.20, 0.30]], "biases": [0.35, 0.35]${layer1} },
      { "size": 2, "activation": "sigmoid", "weights": [[0.40, 0.50], [0.45, 0.55]], "biases": [0.60, 0.60] } ],
    "loss": "sum-of-squares", "learningRate": 0.1, "optimizer": { "name": "adam" },
    "batch": { "size": 1 }, "data": { "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] }, "epochs": 10 }`);
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return new Trainer(r.spec);
}

function stateAt(t: Trainer, iteration: number, position: number): StateSnapshot {
  t.seek(iteration, position);
  return withOptimizer(snapshot(t), t, undefined);
}

suite('inspector: optimizer and dropout (Chromium)', function () {
  this.timeout(60000);
  let h: Harness;
  suiteSetup(async () => {
    h = await startHarness();
  });
  suiteTeardown(async () => {
    await h?.close();
  });

  test('Adam at the update: the clicked weight’s equations with m, v, m̂, v̂; edges by the step', async () => {
    const t = trainer();
    const first = stateAt(t, 1, 6);
    const g1 = decodeMatrix(first.layers[2].dw!)[1];
    const state = stateAt(t, 2, 6);
    const g2 = decodeMatrix(state.layers[2].dw!)[1];
    const { page, errors } = await openInspector(h, dark);
    await post(page, { type: 'state', state }, true);
    await page.locator('line.edge-hit[data-layer="2"][data-j="0"][data-k="1"]').dispatchEvent('click');
    // by hand: m = 0.9 · 0.1 g₁ + 0.1 g₂, m̂ = m / (1 − 0.9²)
    const m = 0.9 * (0.1 * g1) + 0.1 * g2;
    const mText = await page.locator('.eq-m').innerText();
    assert.ok(mText.includes(formatNumber(m, 4).replace('-', '−')), `m = ${formatNumber(m, 4)} in ${mText}`);
    const mhat = await page.locator('.eq-mhat').innerText();
    assert.ok(mhat.includes(formatNumber(m / (1 - 0.81), 4).replace('-', '−')), mhat);
    assert.strictEqual(await page.locator('.eq-v').count(), 1);
    assert.strictEqual(await page.locator('.eq-vhat').count(), 1);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'webview-optimizer.png'), fullPage: false });

    // the toggle: each edge as wide as its |step| against the largest over both layers (one scale for the network)
    await page.locator('input.step-edges').check();
    const widths = await page.locator('line.edge').evaluateAll((ls) => ls.map((l) => ({ layer: Number(l.getAttribute('data-layer')), j: Number(l.getAttribute('data-j')), k: Number(l.getAttribute('data-k')), width: l.getAttribute('stroke-width'), cls: l.getAttribute('class') })));
    const step = (l: number, x: number): number => decodeMatrix(state.optimizer!.layers![l]!.w!.step)[x];
    const largest = Math.max(...[1, 2].flatMap((l) => [0, 1, 2, 3].map((x) => Math.abs(step(l, x)))));
    assert.strictEqual(widths.length, 8);
    for (const w of widths) assert.strictEqual(w.width, (0.6 + (3.4 * Math.abs(step(w.layer, w.j * 2 + w.k))) / largest).toFixed(2), `edge ${w.layer}:${w.j}→${w.k}`);
    assert.ok(widths.every((w) => /\b(pos|neg)\b/.test(w.cls ?? '')), 'every edge coloured by its step’s sign');
    // before the update there is no step: the edges keep the quantity's colouring
    await post(page, { type: 'state', state: stateAt(t, 3, 5) }, true);
    assert.ok((await page.locator('line.edge.plain').count()) > 0);
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });

  test('Step Into at the update: the band on the layer just updated, the other layer’s weight still before', async () => {
    const t = trainer();
    t.seek(1, 6);
    const state = withOptimizer(snapshot(t), t, 1);
    const { page, errors } = await openInspector(h, dark);
    await post(page, { type: 'state', state }, true);
    const band = await page.locator('rect.stop-band').boundingBox();
    const hidden = await page.locator('g.node[data-layer="1"][data-k="0"] circle.node-ring').boundingBox();
    const output = await page.locator('g.node[data-layer="2"][data-k="0"] circle.node-ring').boundingBox();
    assert.ok(band && hidden && output);
    assert.ok(band.x < hidden.x && band.x + band.width > hidden.x + hidden.width, 'the band covers layer 1');
    assert.ok(band.x + band.width < output.x, 'and not layer 2, not updated yet');
    await page.locator('line.edge-hit[data-layer="2"][data-j="0"][data-k="1"]').dispatchEvent('click');
    // w_01 of layer 2 is still 0.5 there, its update to come
    assert.match(await page.locator('.eq-w').first().innerText(), /0\.5/);
    assert.match(await page.locator('.eq-m').innerText(), /at the update/);
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });

  test('dropout: a neuron dropped for the sample is drawn dashed and says so', async () => {
    const t = trainer(', "dropout": 0.5');
    // the first iteration whose mask drops a neuron of layer 1 (seeded: the same every run)
    let state: StateSnapshot | undefined;
    for (let i = 1; i <= 10 && !state; i++) {
      const s = stateAt(t, i, 1);
      if (Array.from(decodeMatrix(s.dropout!.masks[1]!)).includes(0)) state = s;
    }
    assert.ok(state, 'some iteration drops a neuron');
    const mask = Array.from(decodeMatrix(state.dropout!.masks[1]!));
    const { page, errors } = await openInspector(h, dark);
    await post(page, { type: 'state', state }, true);
    const dropped = await page.locator('g.node.dropped').evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-layer')}:${g.getAttribute('data-k')}`));
    assert.deepStrictEqual(dropped, mask.flatMap((x, k) => (x === 0 ? [`1:${k}`] : [])));
    await page.locator('g.node.dropped').first().hover();
    assert.match(await page.locator('.tooltip').innerText(), /mask = 0 \(dropped by dropout\), p = 0\.5/);
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });
});
