// The inspector as a person meets it while stepping (issue 8, section 4), in headless Chromium with
// real engine states: the equations and the diagram's ring follow the neuron Step Into forms, ∂y
// before δ at their own sub-steps, the incoming ∂w of the selected neuron, a non-finite E in the
// header, labels that fit, gradient-check results that belong to their stop, the badges of the
// update, no horizontal scrollbar for 784-128-10, and the epoch loss beside E. Numbers are the
// worked example's, computed by hand (see test/engine/hand.test.ts).

import * as assert from 'node:assert';
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';
import type { Page } from 'playwright-core';
import { gradientCheck } from '../../src/engine/gradcheck';
import { loadNetworkFile } from '../../src/engine/load';
import { parseNetwork } from '../../src/engine/parse';
import { Trainer } from '../../src/engine/trainer';
import { bytesToBase64 } from '../../src/protocol/buffers';
import { snapshot, type Forming, type StateSnapshot } from '../../src/protocol/snapshot';
import { openInspector, post, startHarness, type Harness } from './harness';
import { THEMES } from './themes';

const root = resolve(__dirname, '..', '..');
const screenshots = join(root, 'test-results', 'screenshots');
const dark = THEMES[1];

function trainerOf(file: string): Trainer {
  const r = loadNetworkFile(join(root, 'examples', file));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return new Trainer(r.spec);
}

/** The 2-2-2 example after `stops` stops of iteration 1, seen through a Step Into sub-cursor. */
function hand(stops: number, forming?: Forming): StateSnapshot {
  const t = trainerOf('hand-2-2-2.backprop.json');
  for (let x = 0; x < stops; x++) t.step();
  return snapshot(t, forming);
}

function stateAfter(network: object, stops: number): StateSnapshot {
  const r = parseNetwork(JSON.stringify(network));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const t = new Trainer(r.spec);
  for (let x = 0; x < stops; x++) t.step();
  return snapshot(t);
}

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).first().innerText();
/** KaTeX writes − for a minus and may break lines: compare on a normalised text. */
const norm = (s: string): string => s.replace(/\s+/g, '').replace(/−/g, '-');
const eqs = async (page: Page): Promise<{ quantity: string; text: string }[]> =>
  page.locator('.equations .eq').evaluateAll((els) => els.map((e) => ({ quantity: (e as HTMLElement).dataset.quantity ?? '', text: e.querySelector('.katex-html')?.textContent ?? '' })));

suite('inspector webview: the flows a person meets (Chromium)', function () {
  this.timeout(60000);
  let h: Harness;

  suiteSetup(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness();
  });

  suiteTeardown(async () => {
    await h?.close();
  });

  test('Step Into: the equations and the ring follow the neuron being formed', async () => {
    const { page } = await openInspector(h, dark);
    // forward of the hidden layer: u_0, then u_1 (element-wise: u_0 y_0 u_1 y_1)
    await post(page, { type: 'state', state: hand(1, { layer: 1, phase: 'forward', first: 1, second: 0 }) }, true);
    assert.match(await text(page, '.eq-heading'), /\(hidden\) · neuron j = 0/);
    await post(page, { type: 'state', state: hand(1, { layer: 1, phase: 'forward', first: 2, second: 1 }) }, true);
    assert.match(await text(page, '.eq-heading'), /\(hidden\) · neuron j = 1/);
    assert.strictEqual(await page.locator('svg.diagram .node.selected').getAttribute('data-k'), '1');
    assert.strictEqual(await page.locator('svg.diagram .node.selected').getAttribute('data-layer'), '1');
    // u_1 = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.3925, by hand; y_1 not yet
    const list = await eqs(page);
    assert.deepStrictEqual(list.map((e) => e.quantity), ['u']);
    assert.ok(norm(list[0].text).endsWith('=0.3925'), list[0].text);
    await post(page, { type: 'state', state: hand(1, { layer: 1, phase: 'forward', first: 2, second: 2 }) }, true);
    assert.deepStrictEqual((await eqs(page)).map((e) => e.quantity), ['u', 'y']);
    assert.ok(norm((await eqs(page))[1].text).endsWith('=0.5969')); // y_1 = σ(0.3925) = 0.596884378
    // a neuron picked by hand does not stop the selection from following the next Step Into
    await page.locator('svg.diagram .node[data-layer="0"][data-k="1"]').click();
    await post(page, { type: 'state', state: hand(2, { layer: 2, phase: 'forward', first: 1, second: 0 }) }, true);
    assert.match(await text(page, '.eq-heading'), /\(output\) · neuron k = 0/);
    await page.context().close();
  });

  test('Step Into backward: ∂y_k at its own stop, then δ_k after it, in the order computed', async () => {
    const { page } = await openInspector(h, dark);
    // backward of the output layer (stop 4), ∂y_0 formed: ∂y_k = y_k − t_k = 0.75136507 − 0.01 = 0.74136507
    await post(page, { type: 'state', state: hand(4, { layer: 2, phase: 'backward', first: 1, second: 0 }) }, true);
    let list = await eqs(page);
    assert.ok(list.some((e) => e.quantity === 'dy'), JSON.stringify(list));
    assert.ok(norm(list.find((e) => e.quantity === 'dy')?.text ?? '').endsWith('=0.7514-0.01=0.7414'), JSON.stringify(list));
    assert.ok(!list.some((e) => e.quantity === 'delta' || e.quantity === 'dw'), 'no δ_0 or ∂w before δ_0 is formed');
    await post(page, { type: 'state', state: hand(4, { layer: 2, phase: 'backward', first: 1, second: 1 }) }, true);
    list = await eqs(page);
    const order = list.map((e) => e.quantity).filter((q) => q === 'dy' || q === 'delta');
    assert.deepStrictEqual(order, ['dy', 'delta']);
    // the hidden layer (stop 5): ∂y_j = Σ_r δ_r w_jr = (0.1385)(0.4) + (−0.0381)(0.5) = 0.03635, before δ_j exists
    await post(page, { type: 'state', state: hand(5, { layer: 1, phase: 'backward', first: 1, second: 0 }) }, true);
    list = await eqs(page);
    assert.match(await text(page, '.eq-heading'), /\(hidden\) · neuron j = 0/);
    const dy = list.find((e) => e.quantity === 'dy');
    assert.ok(dy && norm(dy.text).endsWith('=(0.1385)(0.4)+(-0.0381)(0.5)=0.03635'), JSON.stringify(list));
    assert.ok(!list.some((e) => e.quantity === 'delta'));
    await post(page, { type: 'state', state: hand(5, { layer: 1, phase: 'backward', first: 1, second: 1 }) }, true);
    list = await eqs(page);
    assert.deepStrictEqual(list.map((e) => e.quantity).filter((q) => q === 'dy' || q === 'delta'), ['dy', 'delta']);
    await page.context().close();
  });

  test("the selected neuron's incoming ∂w_jk = y_j δ_k, with numbers and its edges marked", async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: hand(4) }, true); // backward of the output layer; k = 0 selected
    const dw = (await eqs(page)).filter((e) => e.quantity === 'dw').map((e) => norm(e.text));
    // ∂w_00 = y_0 δ_0 = 0.593269992 · 0.138498562 = 0.0821670; ∂w_10 = 0.596884378 · 0.138498562 = 0.0826676
    assert.strictEqual(dw.length, 2, JSON.stringify(dw));
    assert.ok(dw[0].endsWith('=(0.5933)(0.1385)=0.08217'), dw[0]);
    assert.ok(dw[1].endsWith('=(0.5969)(0.1385)=0.08267'), dw[1]);
    assert.ok(dw[0].startsWith('j=0'), dw[0]);
    assert.strictEqual(await page.locator('svg.diagram line.edge.incoming[data-layer="2"][data-k="0"]').count(), 2);
    assert.match(await text(page, '.eq-dw .note'), /edge/);
    await page.context().close();
  });

  test('a non-finite E shows as Variables shows it, and no label of the diagram is clipped', async () => {
    // u = 1e200 · 1e200 = Infinity, y = u (identity), E = ½ (∞ − 0)² = Infinity
    const inf = stateAfter({ layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[1e200]], biases: [0] }], data: { inputs: [[1e200]], targets: [[0]] } }, 2);
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: inf }, true);
    assert.match(await text(page, '.status'), /E = Infinity/);
    // η set to Infinity (Set Value takes 1/0): the inspector keeps showing states, η as Variables shows it
    const t = trainerOf('hand-2-2-2.backprop.json');
    t.edit('eta', 0, 0, 0, Infinity);
    t.step();
    await post(page, { type: 'state', state: snapshot(t) }, true);
    assert.match(await text(page, '.status'), /η = Infinity/);
    assert.match(await text(page, '.status'), /stop: forward · layer 1/);
    // a long value beside the output layer: y = −1.2345678e-10
    const tiny = stateAfter({ layers: [{ size: 1 }, { size: 2, activation: 'identity', weights: [[-1.2345678e-10, 5]], biases: [0, 0] }], data: { inputs: [[1]], targets: [[0, 0]] } }, 1);
    for (const width of [1400, 900, 600]) {
      await page.setViewportSize({ width, height: 1000 });
      await post(page, { type: 'state', state: tiny }, true);
      await page.waitForTimeout(100); // the diagram redraws at its new width
      const outside = await page.evaluate(() => {
        const svg = document.querySelector('svg.diagram') as SVGSVGElement;
        const box = svg.getBoundingClientRect();
        return Array.from(svg.querySelectorAll('text'))
          .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
          .map(({ text, r }) => `${text} [${Math.round(r.left)}, ${Math.round(r.right)}] outside [${Math.round(box.left)}, ${Math.round(box.right)}]`);
      });
      assert.deepStrictEqual(outside, [], `at ${width} px`);
    }
    assert.ok((await page.locator('svg.diagram .node-value').allTextContents()).some((t) => t.includes('e-10')));
    await page.screenshot({ path: join(screenshots, 'webview-labels-fit.png') });
    await page.context().close();
  });

  test('gradient-check results belong to their stop: marked stale after a move, current again back there', async () => {
    const { page } = await openInspector(h, dark);
    const at4 = hand(4);
    await post(page, { type: 'state', state: at4 }, true);
    const t = trainerOf('hand-2-2-2.backprop.json');
    t.seek(1, 4);
    await post(page, { type: 'gradientCheck', result: gradientCheck(t) });
    assert.strictEqual(await page.locator('.grad-stale').isVisible(), false);
    assert.strictEqual(await page.locator('.grad-result.stale').count(), 0);
    await post(page, { type: 'state', state: hand(5) }, true);
    assert.ok(await page.locator('.grad-stale').isVisible());
    assert.match(await text(page, '.grad-stale'), /iteration 1 · backward · layer 2/);
    assert.strictEqual(await page.locator('.grad-result.stale').count(), 1);
    // a sub-step is a move too
    await post(page, { type: 'state', state: at4 }, true);
    assert.strictEqual(await page.locator('.grad-stale').isVisible(), false);
    await post(page, { type: 'state', state: hand(4, { layer: 2, phase: 'backward', first: 1, second: 0 }) }, true);
    assert.ok(await page.locator('.grad-stale').isVisible());
    await page.context().close();
  });

  test('the update badges the layers it changes, not the input layer', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: hand(6) }, true);
    assert.strictEqual(await page.locator('details[data-layer="0"] summary .badge').count(), 0);
    assert.strictEqual(await page.locator('details[data-layer="1"] summary .badge').count(), 1);
    assert.strictEqual(await page.locator('details[data-layer="2"] summary .badge').count(), 1);
    assert.strictEqual(await page.locator('svg.diagram .layer-label.current').count(), 2);
    await page.context().close();
  });

  test('784-128-10 has no horizontal scrollbar, at 1600×1000 and in a panel beside the editor (down to 440 px)', async () => {
    const t = trainerOf('digits-784-128-10.backprop.json');
    for (let x = 0; x < 5; x++) t.step();
    const state = snapshot(t);
    for (const width of [1600, 1000, 760, 520, 440]) {
      const { page } = await openInspector(h, dark, 'en', { width, height: 1000 });
      await post(page, { type: 'state', state }, true);
      await page.waitForTimeout(150);
      const { scroll, client, widest } = await page.evaluate(() => {
        const el = document.scrollingElement as HTMLElement;
        // what reaches furthest right, to say what overflows when it does
        let widest = '';
        let right = 0;
        for (const e of Array.from(document.querySelectorAll('body *'))) {
          const r = e.getBoundingClientRect();
          if (r.right > right) {
            right = r.right;
            widest = `${e.tagName.toLowerCase()}.${(e.getAttribute('class') ?? '').split(' ').join('.')} → ${Math.round(r.right)}`;
          }
        }
        return { scroll: el.scrollWidth, client: el.clientWidth, widest };
      });
      assert.ok(scroll <= client, `at ${width}×1000: scrollWidth ${scroll} > ${client} (${widest})`);
      if (width === 1600) await page.screenshot({ path: join(screenshots, 'webview-784-128-10-1600.png') });
      await page.context().close();
    }
  });

  test('the epoch loss: a line beside E on the chart, and its value at the current iteration', async () => {
    // iris: 75 samples in batches of 8, the last batch of each epoch 3; E summed over the batch
    const t = trainerOf('iris.backprop.json');
    t.runIterations(30);
    const losses = Float64Array.from({ length: 30 }, (_, x) => t.recordedLoss(x + 1));
    const { page } = await openInspector(h, dark);
    t.seek(25, 3); // iteration 25 after its loss: epoch 3, its 5th batch
    await post(page, { type: 'state', state: snapshot(t) }, true);
    await post(page, { type: 'losses', from: 1, base64: bytesToBase64(new Uint8Array(losses.buffer)) });
    // by hand: batches 21…25 are full (8 samples each), so the mean E_s is Σ E / 40
    let sum = 0;
    for (let it = 21; it <= 25; it++) sum += losses[it - 1];
    const expected = sum / 40;
    const caption = await text(page, '.epoch-loss');
    assert.match(caption, /epoch 3, 5\/10/);
    const shown = Number(/epochLoss = ([0-9.e−-]+)/.exec(caption)?.[1].replace('−', '-'));
    assert.ok(Math.abs(shown - expected) <= 5e-4 * expected, `${caption} vs ${expected}`);
    // the legend names both lines
    const legend = (await page.locator('.loss-plot .u-legend .u-series').allInnerTexts()).join(' | ');
    assert.match(legend, /epochLoss/);
    assert.match(legend, /\bE\b/);
    await page.locator('.loss-chart').screenshot({ path: join(screenshots, 'webview-epoch-loss.png') });
    await page.context().close();
  });
});
