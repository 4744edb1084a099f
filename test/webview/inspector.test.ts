// The inspector webview in a real headless Chromium: real engine states of the hand-checkable 2-2-2
// network and of a 784-128-10 network are posted into the real bundle (dist/webview.js) on the real
// page (src/inspector/html.ts, strict CSP). Checks the hand-computed numbers in tables and equations,
// selection, the typed messages the controls post, render time, hostile messages, reload, and keeps
// a screenshot per theme in test-results/screenshots/.

import * as assert from 'node:assert';
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import type { Page } from 'playwright-core';
import { gradientCheck } from '../../src/engine/gradcheck';
import { loadNetworkFile } from '../../src/engine/load';
import { parseNetwork } from '../../src/engine/parse';
import { formatNumber } from '../../src/engine/trace';
import { Trainer } from '../../src/engine/trainer';
import { bytesToBase64 } from '../../src/protocol/buffers';
import { diffState, isUnchanged } from '../../src/protocol/delta';
import { snapshot, type StateSnapshot } from '../../src/protocol/snapshot';
import { openInspector, post, recorded, startHarness, type Harness } from './harness';
import { THEMES } from './themes';

const root = resolve(__dirname, '..', '..');
const screenshots = join(root, 'test-results', 'screenshots');
const [light, dark] = THEMES;

function trainerOf(file: string): Trainer {
  const r = loadNetworkFile(join(root, 'examples', file));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return new Trainer(r.spec);
}

/** The states at positions 1 … count of the first iteration. */
function states(file: string, count: number): StateSnapshot[] {
  const t = trainerOf(file);
  const out: StateSnapshot[] = [];
  for (let x = 0; x < count; x++) {
    t.step();
    out.push(snapshot(t));
  }
  return out;
}

/** The state of a network given in code after `stops` stops of its first iteration. */
function stateAfter(network: object, stops: number): StateSnapshot {
  const r = parseNetwork(JSON.stringify(network));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const t = new Trainer(r.spec);
  for (let x = 0; x < stops; x++) t.step();
  return snapshot(t);
}

/** The recorded losses of the first `n` iterations as the host sends them. */
function lossesOf(file: string, n: number): { type: 'losses'; from: number; base64: string } {
  const t = trainerOf(file);
  t.runIterations(n);
  const v = Float64Array.from({ length: n }, (_, x) => t.recordedLoss(x + 1));
  return { type: 'losses', from: 1, base64: bytesToBase64(new Uint8Array(v.buffer)) };
}

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).first().innerText();
const mathText = (page: Page, quantity: string): Promise<string> => page.locator(`.eq-${quantity} .katex-html`).first().innerText();
/** KaTeX writes − for a minus and may break lines: compare on a normalised text. */
const norm = (s: string): string => s.replace(/\s+/g, '').replace(/−/g, '-');

suite('inspector webview (Chromium)', function () {
  this.timeout(60000);
  let h: Harness;
  let hand: StateSnapshot[];
  /** the stop after the output layer's backward pass: forward 1, forward 2, loss, backward 2 */
  let handBackward: StateSnapshot;

  suiteSetup(async () => {
    mkdirSync(screenshots, { recursive: true });
    hand = states('hand-2-2-2.backprop.json', 6);
    handBackward = hand[3];
    assert.deepStrictEqual(handBackward.stop, { phase: 'backward', layer: 2 });
    h = await startHarness();
  });

  suiteTeardown(async () => {
    await h?.close();
  });

  test('says ready once, before the host posts anything, under the strict CSP', async () => {
    const { page, errors } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    const r = await recorded(page);
    assert.deepStrictEqual(
      r.posted.filter((m) => m.type === 'ready'),
      [{ type: 'ready' }],
    );
    assert.strictEqual(r.posted[0].type, 'ready');
    assert.deepStrictEqual(r.violations, []);
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(h.missing, []);
    await page.context().close();
  });

  test('shows the hand-computed δ and ∂w of the 2-2-2 example in the tables', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    const cell = (l: number, q: string, r: number, c: number): Promise<string> => text(page, `details[data-layer="${l}"] .card.q-${q} td[data-r="${r}"][data-c="${c}"]`);
    assert.strictEqual(await cell(2, 'delta', 0, 0), '0.1385'); // δ_k of output neuron 0 = 0.138498562
    assert.strictEqual(await cell(2, 'dw', 0, 0), '0.08217'); // ∂w_jk [0][0] = 0.082167041
    assert.strictEqual(await cell(2, 'y', 0, 0), '0.7514'); // y_o = 0.75136507
    assert.strictEqual(await cell(2, 'y', 0, 1), '0.7729'); // 0.772928465
    assert.strictEqual(await cell(1, 'y', 0, 0), '0.5933'); // hidden y = 0.593269992
    assert.strictEqual(await cell(1, 'y', 0, 1), '0.5969'); // 0.596884378
    assert.match(await text(page, '.status'), /E = 0\.2984/); // E = 0.298371109
    // the hidden layer's δ is not computed at this stop yet
    assert.strictEqual(await page.locator('details[data-layer="1"] .card.q-delta .not-computed').count(), 1);
    await page.context().close();
  });

  test('puts the current numbers into the equations of the selected neuron and weight', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    // by default the stop's layer is selected: output neuron k = 0
    const delta = norm(await mathText(page, 'delta'));
    assert.ok(delta.includes('(0.7514-0.01)(1-0.7514)(0.7514)=0.1385'), delta);
    // click ∂w[0][0] in the table: ∂w_jk = y_j δ_k = (0.5933)(0.1385) = 0.08217, then the update
    await page.locator('details[data-layer="2"] .card.q-dw td[data-r="0"][data-c="0"]').click();
    const dw = norm(await mathText(page, 'dw'));
    assert.ok(dw.includes('=(0.5933)(0.1385)=0.08217'), dw);
    const update = norm(await page.locator('.eq-w .katex-html').nth(1).innerText());
    assert.ok(update.includes('0.4-(0.5)(0.08217)=0.3589'), update); // w ← w − η∂w = 0.35891648
    // after the update, a hidden neuron: ∂y_j = Σ_r δ_r w_jr with the w the backward pass used (0.4, 0.5)
    await post(page, { type: 'state', state: hand[5] }, true);
    await page.locator('svg.diagram .node[data-layer="1"][data-k="0"]').click();
    assert.ok(norm(await mathText(page, 'dy')).includes('=(0.1385)(0.4)+(-0.0381)(0.5)=0.03635'));
    assert.ok(norm(await mathText(page, 'delta')).includes('=(0.03635)(1-0.5933)(0.5933)=0.008771'));
    await page.locator('details[data-layer="1"] .card.q-dw td[data-r="0"][data-c="0"]').click();
    assert.ok(norm(await mathText(page, 'dw')).includes('=(0.05)(0.008771)=0.0004386'));
    await page.context().close();
  });

  test("a leaky ReLU's δ uses the file's α where u ≤ 0", async () => {
    // one output neuron, u = −1 · 2 = −2 < 0, α = 0.2, so y = −0.4; with t = y, ∂y = 0 and δ = 0 —
    // α cannot be read back from δ / ∂y there, it has to come from the file
    const state = stateAfter({
      layers: [{ size: 1 }, { size: 1, activation: 'leaky-relu', alpha: 0.2, weights: [[-1]], biases: [0] }],
      data: { inputs: [[2]], targets: [[-0.4]] },
    }, 3);
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state }, true);
    const delta = norm(await mathText(page, 'delta'));
    assert.ok(delta.includes('\\alpha=0.2') || delta.includes('α=0.2'), delta);
    assert.ok(delta.endsWith('=0'), delta);
    const y = norm(await mathText(page, 'y'));
    assert.ok(y.endsWith('=(0.2)(-2)=-0.4'), y);
    await page.context().close();
  });

  test('Step Into: only the neurons formed so far show their values, in tables, diagram and equations', async () => {
    const t = trainerOf('hand-2-2-2.backprop.json');
    t.step(); // forward of layer 1, stepped into: u_0 formed, nothing else of the layer yet
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: snapshot(t, { layer: 1, phase: 'forward', first: 1, second: 0 }) }, true);
    const cell = (q: string, c: number): Promise<string> => text(page, `details[data-layer="1"] .card.q-${q} td[data-r="0"][data-c="${c}"]`);
    assert.strictEqual(await cell('u', 0), '0.3775'); // 0.15·0.05 + 0.20·0.10 + 0.35
    assert.strictEqual(await cell('u', 1), '·');
    assert.strictEqual(await cell('y', 0), '·');
    assert.strictEqual(await page.locator('svg.diagram .node[data-layer="1"][data-k="0"] .node-value').count(), 0);
    assert.strictEqual(await page.locator('.eq-y').count(), 0, 'no y_j equation before y_j is formed');
    assert.ok(norm(await mathText(page, 'u')).endsWith('=0.3775'));
    // the next Step Into forms y_0 = 0.5933 (hand-computed), still nothing of neuron 1
    await post(page, { type: 'state', state: snapshot(t, { layer: 1, phase: 'forward', first: 1, second: 1 }) }, true);
    assert.strictEqual(await cell('y', 0), '0.5933');
    assert.strictEqual(await cell('y', 1), '·');
    assert.ok(norm(await mathText(page, 'y')).endsWith('=0.5933'));
    await page.context().close();
  });

  test('states arrive as deltas: unchanged matrices are taken from the state before', async () => {
    const { page } = await openInspector(h, dark);
    // a delta before any whole state cannot be applied: ignored, and the page asks for the whole state again
    await post(page, { type: 'state', state: diffState(hand[2], handBackward) }, false);
    assert.strictEqual(await page.locator('details[data-layer="2"] .card.q-delta td').count(), 0);
    assert.strictEqual((await recorded(page)).posted.filter((m) => m.type === 'ready').length, 2);
    await post(page, { type: 'state', state: hand[2] }, true);
    const delta = diffState(hand[2], handBackward);
    assert.ok(isUnchanged(delta.layers[2].w), 'w of layer 2 does not travel again');
    await post(page, { type: 'state', state: delta }, true);
    assert.strictEqual(await text(page, 'details[data-layer="2"] .card.q-delta td[data-r="0"][data-c="0"]'), '0.1385');
    assert.strictEqual(await text(page, 'details[data-layer="2"] .card.q-w td[data-r="0"][data-c="0"]'), '0.4');
    await page.context().close();
  });

  test('softmax with sum-of-squares: δ through the Jacobian, with the sum Σ_r ∂y_r y_r written out', async () => {
    // u = (1, 0): y = (e/(e+1), 1/(e+1)) = (0.7311, 0.2689); t = (0, 1): ∂y = y − t = (0.7311, −0.7311)
    // Σ_r ∂y_r y_r = 0.73106·(0.73106 − 0.26894) = 0.33783; δ_0 = 0.73106 (0.73106 − 0.33783) = 0.28748
    const state = stateAfter({
      layers: [{ size: 1 }, { size: 2, activation: 'softmax', weights: [[1, 0]], biases: [0, 0] }],
      loss: 'sum-of-squares',
      data: { inputs: [[1]], targets: [[0, 1]] },
    }, 3);
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state }, true);
    const delta = norm(await mathText(page, 'delta'));
    assert.ok(delta.endsWith('=(0.7311)(0.7311-0.3378)=0.2875'), delta);
    await page.context().close();
  });

  test('clicking a neuron in the diagram selects it and changes the equation', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    const before = norm(await mathText(page, 'delta'));
    await page.locator('svg.diagram .node[data-layer="2"][data-k="1"]').click();
    const after = norm(await mathText(page, 'delta'));
    assert.notStrictEqual(after, before);
    const d1 = formatNumber(-0.0380982, 4); // δ of output neuron 1 = (0.7729 − 0.99)(1 − 0.7729)(0.7729)
    assert.ok(after.endsWith(`=${d1}`), after);
    assert.match(await text(page, '.eq-heading'), /k = 1/);
    assert.strictEqual(await page.locator('svg.diagram .node.selected').getAttribute('data-k'), '1');
    // the arrow keys move the selection: up to neuron 0, left to the hidden layer
    await page.locator('svg.diagram .node[data-layer="2"][data-k="1"]').focus();
    await page.keyboard.press('ArrowUp');
    assert.match(await text(page, '.eq-heading'), /k = 0/);
    await page.keyboard.press('ArrowLeft');
    assert.match(await text(page, '.eq-heading'), /\(hidden\) · neuron j = 0/);
    // clicking an edge selects the weight
    await page.locator('svg.diagram .edge-hit[data-layer="2"][data-j="1"][data-k="0"]').click({ force: true });
    assert.match(await text(page, '.eq-heading'), /w_jk: j = 1, k = 0/);
    await page.context().close();
  });

  test('the equations follow the layer being computed until the user picks a neuron', async () => {
    const { page } = await openInspector(h, dark);
    // hand[0]: forward of layer 1; hand[4]: backward of layer 1 (the hidden layer)
    await post(page, { type: 'state', state: hand[0] }, true);
    assert.match(await text(page, '.eq-heading'), /\(hidden\) · neuron j = 0/);
    await post(page, { type: 'state', state: handBackward }, true);
    assert.match(await text(page, '.eq-heading'), /\(output\) · neuron k = 0/);
    await page.locator('svg.diagram .node[data-layer="2"][data-k="1"]').click();
    await post(page, { type: 'state', state: hand[4] }, true);
    assert.match(await text(page, '.eq-heading'), /\(output\) · neuron k = 1/, 'a chosen neuron stays chosen');
    await page.context().close();
  });

  test('the debugger buttons post their commands and nothing else changes the state', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    for (const c of ['reverseContinue', 'stepBack', 'stepOver', 'stepIn', 'stepOut', 'continue']) await page.locator(`vscode-button[data-command="${c}"]`).click();
    // pause is disabled while stopped
    await page.locator('vscode-button[data-command="pause"]').click({ force: true });
    await post(page, { type: 'running' });
    await page.locator('vscode-button[data-command="pause"]').click();
    await page.locator('vscode-button[data-command="stepOver"]').click({ force: true });
    const commands = (await recorded(page)).posted.filter((m) => m.type === 'command');
    assert.deepStrictEqual(commands, ['reverseContinue', 'stepBack', 'stepOver', 'stepIn', 'stepOut', 'continue', 'pause'].map((command) => ({ type: 'command', command })));
    // the table still shows the state the host sent
    assert.strictEqual(await text(page, 'details[data-layer="2"] .card.q-delta td[data-r="0"][data-c="0"]'), '0.1385');
    // a glimpse sent while training runs keeps Pause available; a stop makes it unavailable again
    const pause = page.locator('vscode-button[data-command="pause"]');
    await post(page, { type: 'state', state: { ...hand[4], running: true } }, true);
    assert.strictEqual(await pause.evaluate((b) => b.hasAttribute('disabled')), false);
    await post(page, { type: 'state', state: hand[5] }, true);
    assert.strictEqual(await pause.evaluate((b) => b.hasAttribute('disabled')), true);
    await page.context().close();
  });

  test('timeline, gradient check and export post typed requests and show answers', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    await post(page, lossesOf('hand-2-2-2.backprop.json', 100));
    await page.locator('input.timeline').evaluate((el: HTMLInputElement) => {
      el.value = '40';
      el.dispatchEvent(new Event('change'));
    });
    await page.locator('.stop-chips .chip[data-position="2"]').click();
    await page.locator('.grad-button').click();
    await page.locator('.export-from input').fill('2');
    await page.locator('.export-to input').fill('7');
    await page.locator('.export-button').click();
    // (besides the learned-function panel's `predict`, sent at each state: test/webview/learned.test.ts)
    const posted = (await recorded(page)).posted.filter((m) => m.type !== 'ready' && m.type !== 'predict');
    assert.deepStrictEqual(posted, [
      { type: 'seek', iteration: 40 },
      { type: 'seek', iteration: 1, position: 2 },
      { type: 'gradientCheck' },
      { type: 'export', from: 2, to: 7, format: 'jsonl' },
    ]);
    // a range the wrong way round is refused in the page
    await page.locator('.export-from input').fill('9');
    await page.locator('.export-button').click();
    assert.strictEqual((await recorded(page)).posted.filter((m) => m.type === 'export').length, 1);
    assert.ok(await page.locator('.export .error').isVisible());
    // the answer to the gradient check
    const t = trainerOf('hand-2-2-2.backprop.json');
    const result = gradientCheck(t);
    await post(page, { type: 'gradientCheck', result });
    const worst = await text(page, '.worst-error');
    assert.strictEqual(worst, formatNumber(result.worst?.relativeError ?? NaN, 3).replace('-', '−'));
    assert.strictEqual(await page.locator('.grad-table tbody tr').count(), 8);
    // the loss curve is drawn
    assert.strictEqual(await page.locator('.loss-plot canvas').count(), 1);
    await page.context().close();
  });

  test('colours the diagram by the chosen quantity, follows reveal and display settings', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    const choose = (q: string): Promise<void> =>
      page.locator('vscode-single-select.quantity').evaluate((el: HTMLElement & { value: string }, v) => {
        el.value = v;
        el.dispatchEvent(new Event('change'));
      }, q);
    await choose('dw');
    // ∂w of the output layer: [0][0] = 0.08217 > 0, [0][1] = −0.0226 < 0
    assert.match((await page.locator('svg.diagram line.edge[data-layer="2"][data-j="0"][data-k="0"]').getAttribute('class')) ?? '', /\bpos\b/);
    assert.match((await page.locator('svg.diagram line.edge[data-layer="2"][data-j="0"][data-k="1"]').getAttribute('class')) ?? '', /\bneg\b/);
    // ∂w of the hidden layer is not computed yet: plain edges
    assert.match((await page.locator('svg.diagram line.edge[data-layer="1"]').first().getAttribute('class')) ?? '', /\bplain\b/);
    await choose('delta');
    assert.strictEqual(await page.locator('svg.diagram .node[data-layer="2"] .node-value').first().textContent(), 'δ 0.1385');
    await post(page, { type: 'reveal', layer: 1 });
    assert.match(await text(page, '.eq-heading'), /layer 1 \(hidden\)/);
    await post(page, { type: 'settings', digits: 6, locale: 'en' }, false);
    assert.strictEqual(await text(page, 'details[data-layer="2"] .card.q-delta td[data-r="0"][data-c="0"]'), '0.138499');
    await page.context().close();
  });

  test('marks the values changed since the previous stop', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: hand[2] }, true); // after the loss
    await post(page, { type: 'state', state: hand[3] }, true); // after the output layer's backward
    const changed = (q: string): Promise<number> => page.locator(`details[data-layer="2"] .card.q-${q} td.changed`).count();
    assert.strictEqual(await changed('delta'), 2);
    assert.strictEqual(await changed('dw'), 4);
    assert.strictEqual(await changed('y'), 0);
    assert.strictEqual(await changed('w'), 0);
    await post(page, { type: 'state', state: hand[5] }, true); // the update: w and b change
    assert.strictEqual(await changed('w'), 4);
    assert.strictEqual(await page.locator('details[data-layer="1"] .card.q-w td.changed').count(), 4);
    await page.context().close();
  });

  test('renders a 784-128-10 state in well under a second', async () => {
    const digits = states('digits-784-128-10.backprop.json', 5); // through the hidden layer's backward
    const { page, errors } = await openInspector(h, dark);
    const first = await post(page, { type: 'state', state: digits[4] }, true);
    const inPage = Number(await page.evaluate(() => document.body.dataset.renderMs));
    const next = await post(page, { type: 'state', state: digits[3] }, true);
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    const canvases = await page.locator('canvas.heatmap').count();
    writeFileSync(join(root, 'test-results', 'webview-perf.json'), JSON.stringify({ network: '784-128-10', firstRenderMs: first, renderHandlerMs: inPage, nextStopMs: next, elements, heatmaps: canvases }, null, 2));
    console.log(`      784-128-10: first state ${first.toFixed(1)} ms (handler ${inPage} ms), next stop ${next.toFixed(1)} ms, ${elements} elements, ${canvases} heatmaps`);
    assert.ok(first < 1000, `first render took ${first} ms`);
    assert.ok(next < 1000, `next render took ${next} ms`);
    assert.ok(elements < 5000, `${elements} DOM elements`);
    assert.ok(canvases >= 5);
    // a heatmap answers hover with the exact value
    const heat = page.locator('details[data-layer="1"] .card.q-w canvas.heatmap');
    await heat.scrollIntoViewIfNeeded();
    await heat.hover({ position: { x: 0.5, y: 0.5 } });
    const tip = await page.locator('.tooltip').innerText();
    const w00 = new Float64Array(Buffer.from(digits[4].layers[1].w?.base64 ?? '', 'base64').buffer.slice(0, 8))[0];
    assert.ok(tip.includes(String(w00)), tip);
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshots, 'webview-784-128-10-dark.png'), fullPage: true });
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });

  test('ignores malformed and hostile messages and injects nothing', async () => {
    const { page, errors } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    const good = JSON.parse(JSON.stringify(handBackward));
    const l2 = good.layers[2];
    const hostile: unknown[] = [
      null,
      42,
      '<script>window.__pwned = 1</script>',
      [],
      { type: 'eval', code: 'window.__pwned = 1' },
      { type: 'state' },
      { type: 'state', state: { ...good, iteration: '1' } },
      { type: 'state', state: { ...good, iteration: 1e308 } },
      { type: 'state', state: { ...good, eta: Infinity } },
      { type: 'state', state: { ...good, layers: [good.layers[0], good.layers[1], { ...l2, size: 1e9 }] } },
      { type: 'state', state: { ...good, layers: [good.layers[0], good.layers[1], { ...l2, delta: { rows: 1e9, cols: 1e9, base64: 'AAAA' } }] } },
      { type: 'state', state: { ...good, layers: [good.layers[0], good.layers[1], { ...l2, delta: { ...l2.delta, base64: l2.delta.base64.slice(4) } }] } },
      { type: 'state', state: { ...good, layers: [good.layers[0], good.layers[1], { ...l2, activation: '<img src=x onerror=alert(1)>' }] } },
      { type: 'state', state: { ...good, stops: [{ phase: 'evil', layer: 1 }] } },
      { type: 'losses', from: 1e300, base64: 'AAAAAAAAAAA=' },
      { type: 'losses', from: 1, base64: '<script>' },
      { type: 'settings', digits: 1e9, locale: '<script>alert(1)</script>' },
      { type: 'gradientCheck', result: { entries: [{ layer: '<img src=x onerror="window.__pwned=1">', quantity: 'dw' }] } },
      { type: 'reveal', layer: -1 },
      { type: 'reveal', layer: 1e9 },
    ];
    for (const m of hostile) await post(page, m);
    assert.strictEqual(await text(page, 'details[data-layer="2"] .card.q-delta td[data-r="0"][data-c="0"]'), '0.1385');
    // a well-formed state whose name is markup: shown as text, never parsed
    const name = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    await post(page, { type: 'state', state: { ...good, network: { ...good.network, name } } }, true);
    assert.ok((await text(page, 'h1.title')).includes(name));
    const probe = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      scripts: document.scripts.length,
      images: document.images.length,
    }));
    assert.deepStrictEqual(probe, { pwned: undefined, scripts: 1, images: 0 });
    assert.deepStrictEqual((await recorded(page)).violations, []);
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });

  test('keeps the selection and view options across a reload', async () => {
    const { page } = await openInspector(h, dark);
    await post(page, { type: 'state', state: handBackward }, true);
    await page.locator('details[data-layer="2"] .card.q-w td[data-r="1"][data-c="0"]').click();
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await post(page, { type: 'state', state: handBackward }, true);
    assert.match(await text(page, '.eq-heading'), /w_jk: j = 1, k = 0/);
    assert.ok(await page.locator('details[data-layer="2"] .card.q-w td[data-r="1"][data-c="0"].selected').isVisible());
    // the loss chart's log scale and the diagram's step colouring, switched by the person, stay switched
    await page.locator('input.loss-log').check();
    await page.locator('input.step-edges').check();
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await post(page, { type: 'state', state: handBackward }, true);
    assert.ok(await page.locator('input.loss-log').isChecked(), 'the log scale is kept');
    assert.ok(await page.locator('input.step-edges').isChecked(), 'the step colouring is kept');
    await page.context().close();
  });

  test('speaks Korean when VS Code does, symbols untranslated', async () => {
    const { page } = await openInspector(h, light, 'ko');
    await post(page, { type: 'state', state: handBackward }, true);
    assert.strictEqual((await text(page, 'vscode-button[data-command="continue"]')).trim(), '계속');
    assert.match(await text(page, '.eq-heading'), /출력층/);
    assert.ok(norm(await mathText(page, 'delta')).includes('=0.1385'));
    await page.context().close();
  });

  for (const theme of THEMES) {
    test(`reads well in the ${theme.name} theme (screenshot)`, async () => {
      const { page, errors } = await openInspector(h, theme);
      await post(page, { type: 'state', state: hand[2] }, true);
      await post(page, { type: 'state', state: handBackward }, true);
      await post(page, lossesOf('hand-2-2-2.backprop.json', 200));
      await page.locator('details[data-layer="2"] .card.q-dw td[data-r="0"][data-c="0"]').click();
      await page.locator('svg.diagram .node[data-layer="2"][data-k="0"]').click();
      await page.mouse.move(0, 0);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(screenshots, `webview-${theme.name}.png`), fullPage: true });
      // the KaTeX fonts came from dist/fonts under the CSP
      assert.ok(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')));
      assert.deepStrictEqual((await recorded(page)).violations, []);
      assert.deepStrictEqual(errors, []);
      await page.context().close();
    });
  }
});
