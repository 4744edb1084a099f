// The inspector beside a student's trace, in a real headless Chromium: the state the adapter builds at the
// first differing stop (src/debug/compareSession.ts, with a trace from test/compare/student.py, a NumPy
// implementation that left f′(u) out of the hidden layer's δ) shows the student's numbers under the
// engine's, marks the differing cells, and writes the equation with the engine's numbers above the tables.
// Keeps a screenshot in test-results/screenshots/webview-compare.png.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TraceComparison } from '../../src/debug/compareSession';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { snapshot, type StateSnapshot } from '../../src/protocol/snapshot';
import { openInspector, post, startHarness, type Harness } from './harness';
import { THEMES } from './themes';

const root = resolve(__dirname, '..', '..');
const NET = join(root, 'test', 'compare', 'net-sigmoid.json');

/** The state at backward of layer 1 (hidden) of iteration 1, with the comparison of the student's trace. */
async function differingState(): Promise<StateSnapshot> {
  const dir = mkdtempSync(join(root, 'test', 'webview', '.compare-'));
  try {
    const r = spawnSync('/usr/bin/python3', [join(root, 'test', 'compare', 'student.py'), NET, 'no-fprime', '2', 'all'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    writeFileSync(join(dir, 'trace.jsonl'), r.stdout);
    const spec = loadNetworkFile(NET).spec!;
    const trainer = new Trainer(spec);
    const comparison = await TraceComparison.load(join(dir, 'trace.jsonl'), trainer, NET);
    assert.ok(typeof comparison !== 'string', String(comparison));
    // forward 1, forward 2, the loss, backward 2, backward 1
    for (let x = 0; x < 5; x++) trainer.step();
    return { ...snapshot(trainer), compare: comparison.snapshot(trainer, comparison.check(trainer)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

suite('inspector webview beside a student trace (Chromium)', function () {
  this.timeout(60000);
  let h: Harness;
  let state: StateSnapshot;
  suiteSetup(async () => {
    state = await differingState();
    h = await startHarness();
  });
  suiteTeardown(async () => h?.close());

  test('the differing cells are marked with both values; the banner has the equation with the engine’s numbers', async () => {
    const { page, errors } = await openInspector(h, THEMES[1]);
    await post(page, { type: 'state', state }, true);
    const cell = (l: number, q: string, r: number, c: number): string => `details[data-layer="${l}"] .card.q-${q} td[data-r="${r}"][data-c="${c}"]`;
    // δ_0 of sample 0: the engine's ∂y_0 f′(u_0) over the student's ∂y_0 alone (f′ = y(1 − y) = 0.2413 at u = 0.3775)
    const delta = page.locator(cell(1, 'delta', 0, 0));
    assert.match(await delta.getAttribute('class') ?? '', /\bdiffers\b/);
    assert.strictEqual(await delta.locator('.yours').innerText(), '0.004109');
    assert.match(await delta.innerText(), /^0\.0009916/);
    // every δ of the layer differs; ∂y agrees: shown beside, not marked
    assert.strictEqual(await page.locator(`details[data-layer="1"] .card.q-delta td.differs`).count(), 6);
    const dy = page.locator(cell(1, 'dy', 0, 0));
    assert.strictEqual(await dy.locator('.yours').innerText(), '0.004109');
    assert.doesNotMatch(await dy.getAttribute('class') ?? '', /\bdiffers\b/);
    const banner = await page.locator('.trace-banner.here').innerText();
    assert.match(banner, /Your trace first differs here: iteration 1 · backward · layer 1 · δ\[0\]\[0\]/);
    assert.match(banner, /δ_j = ∂y_j f′\(u_j\) = \(0\.004109\)\(0\.2413\) = 0\.0009916.*as if f′\(u_j\) were left out/);
    assert.match(banner, /\d+ numbers of your trace agreed before iteration 1 · backward · layer 1 · δ\[0\]\[0\]/);
    const shots = join(root, 'test-results', 'screenshots');
    mkdirSync(shots, { recursive: true });
    await page.locator('details[data-layer="1"]').screenshot({ path: join(shots, 'webview-compare.png') });
    await page.locator('.trace-banner').screenshot({ path: join(shots, 'webview-compare-banner.png') });
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });

  test('a heatmap (a matrix too large for a table) counts the differing cells and shows both values on hover', async () => {
    // 17 inputs × 16 hidden: ∂w of layer 1 has 272 cells; the trace is the engine's own with one ∂w changed
    const net = {
      name: 'wide',
      layers: [{ size: 17 }, { size: 16, activation: 'sigmoid' }, { size: 1, activation: 'identity' }],
      data: { inputs: [Array.from({ length: 17 }, (_, i) => i / 17)], targets: [[0.5]] },
      init: { seed: 3 },
      epochs: 2,
    };
    const dir = mkdtempSync(join(root, 'test', 'webview', '.compare-'));
    try {
      const file = join(dir, 'wide.backprop.json');
      writeFileSync(file, JSON.stringify(net));
      const t = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'trace', file, '--iterations', '1'], { encoding: 'utf8' });
      assert.strictEqual(t.status, 0, t.stderr);
      const record = JSON.parse(t.stdout);
      record.layers[1].dw[3][5] += 1;
      writeFileSync(join(dir, 'trace.jsonl'), JSON.stringify(record));
      const trainer = new Trainer(loadNetworkFile(file).spec!);
      const comparison = await TraceComparison.load(join(dir, 'trace.jsonl'), trainer, file);
      assert.ok(typeof comparison !== 'string', String(comparison));
      for (let x = 0; x < 5; x++) trainer.step();
      const wide = { ...snapshot(trainer), compare: comparison.snapshot(trainer, comparison.check(trainer)) };
      const { page, errors } = await openInspector(h, THEMES[1]);
      await post(page, { type: 'state', state: wide }, true);
      const card = page.locator('details[data-layer="1"] .card.q-dw');
      assert.strictEqual(await card.locator('.differ-count.some').innerText(), '1 of 272 differ from your trace');
      assert.strictEqual(await page.locator('details[data-layer="1"] .card.q-w .differ-count').innerText(), '0 of 272 differ from your trace');
      await card.locator('canvas.heatmap').focus();
      for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
      for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
      assert.match(await page.locator('.tooltip').innerText(), /\nyours: .+ \(differs from the engine here\)$/);
      await card.screenshot({ path: join(root, 'test-results', 'screenshots', 'webview-compare-heatmap.png') });
      assert.deepStrictEqual(errors, []);
      await page.context().close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a trace, no banner and no second values', async () => {
    const { page } = await openInspector(h, THEMES[0]);
    const plain: StateSnapshot = { ...state, compare: undefined };
    await post(page, { type: 'state', state: plain }, true);
    assert.strictEqual(await page.locator('.trace-banner').count(), 0);
    assert.strictEqual(await page.locator('td .yours').count(), 0);
    await page.context().close();
  });
});
