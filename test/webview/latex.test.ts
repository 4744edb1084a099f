// "Copy as LaTeX" of the inspector's equations, in headless Chromium: the clipboard gets the TeX of the
// equations on view — the same TeX KaTeX typeset (read back from the MathML annotations), each line a
// $$…$$ block — for the 2-2-2 example's output neuron after its backward pass (δ_k = 0.1385 by hand).

import * as assert from 'node:assert';
import { join, resolve } from 'path';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { snapshot, type StateSnapshot } from '../../src/protocol/snapshot';
import { openInspector, post, startHarness, type Harness } from './harness';
import { THEMES } from './themes';

const root = resolve(__dirname, '..', '..');

/** The 2-2-2 example after forward 1, forward 2, the loss and backward 2. */
function handBackward(): StateSnapshot {
  const r = loadNetworkFile(join(root, 'examples', 'hand-2-2-2.backprop.json'));
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const t = new Trainer(r.spec);
  for (let x = 0; x < 4; x++) t.step();
  return snapshot(t);
}

suite('inspector: Copy as LaTeX (Chromium)', function () {
  this.timeout(60000);
  let h: Harness;
  suiteSetup(async () => (h = await startHarness()));
  suiteTeardown(async () => h?.close());

  test('copies the TeX of the equations shown, as typeset, each a $$…$$ block', async () => {
    const { page, errors } = await openInspector(h, THEMES[0]);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.origin });
    const button = page.locator('.eq-copy');
    await post(page, { type: 'state', state: handBackward() }, true);
    await page.locator('.eq').first().waitFor();
    const typeset = await page.locator('.eq annotation[encoding="application/x-tex"]').allTextContents();
    assert.ok(typeset.length >= 5, `${typeset.length} equations on view`);
    await button.click();
    await page.locator('.eq-copied', { hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.strictEqual(copied, typeset.filter((t) => t !== '\\vdots').map((t) => `$$\n${t}\n$$`).join('\n\n'));
    // the output neuron k = 0 by hand: δ_k = (y_k − t_k)(1 − y_k) y_k = 0.1385
    assert.match(copied, /\\delta_\{k\} = [^\n]* = 0\.1385\n/);
    assert.match(copied, /^\$\$\nu_\{k\} = \\sum_\{j\} y_\{j\} w_\{jk\} \+ b_\{k\} = \(0\.5933\)\(0\.4\) \+ \(0\.5969\)\(0\.45\) \+ 0\.6 = 1\.106\n\$\$/);
    assert.deepStrictEqual(errors, []);
    await page.context().close();
  });

  test('disabled while no equation is shown; Korean label', async () => {
    const { page } = await openInspector(h, THEMES[0], 'ko');
    const button = page.locator('.eq-copy');
    assert.strictEqual(await button.innerText(), 'LaTeX로 복사');
    assert.strictEqual(await button.getAttribute('disabled'), '');
    await post(page, { type: 'state', state: handBackward() }, true);
    await page.locator('.eq').first().waitFor();
    assert.strictEqual(await button.getAttribute('disabled'), null);
    await page.context().close();
  });
});
