// The pace slider of the inspector (Continue's "animate"), in headless Chromium: it shows the pace the
// host says is in force, and moving it (keyboard or pointer) or choosing the unit posts the typed `pace`
// message the host forwards to the session (backprop.setPace); the far left is full speed.

import * as assert from 'node:assert';
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';
import type { Page } from 'playwright-core';
import { openInspector, post, recorded, startHarness, type Harness } from './harness';
import { THEMES } from './themes';

const screenshots = join(resolve(__dirname, '..', '..'), 'test-results', 'screenshots');

async function paces(page: Page): Promise<unknown[]> {
  return (await recorded(page)).posted.filter((m) => m.type === 'pace');
}

suite('inspector: the pace slider (Chromium)', function () {
  this.timeout(60000);
  let h: Harness;
  suiteSetup(async () => (h = await startHarness()));
  suiteTeardown(async () => h?.close());

  test("shows the host's pace; arrows, Home and the unit post it", async () => {
    const { page, errors } = await openInspector(h, THEMES[1]);
    const slider = page.locator('input.pace-slider');
    const label = page.locator('.pace-label');
    assert.strictEqual(await label.innerText(), 'full speed');
    assert.strictEqual(await page.locator('select.pace-unit').isDisabled(), true);
    await post(page, { type: 'pace', perSecond: 5, unit: 'iteration' });
    assert.strictEqual(await label.innerText(), '5 / s');
    assert.deepStrictEqual(await paces(page), [], 'showing the pace in force asks nothing');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    assert.strictEqual(await label.innerText(), '10 / s');
    await page.locator('select.pace-unit').selectOption('epoch');
    await slider.press('Home');
    assert.strictEqual(await label.innerText(), 'full speed');
    assert.deepStrictEqual(await paces(page), [
      { type: 'pace', perSecond: 10, unit: 'iteration' },
      { type: 'pace', perSecond: 10, unit: 'epoch' },
      { type: 'pace', perSecond: 0, unit: 'epoch' },
    ]);
    // a malformed pace from anywhere is ignored
    await post(page, { type: 'pace', perSecond: 1e9, unit: 'iteration' });
    await post(page, { type: 'pace', perSecond: 2, unit: 'frames' });
    assert.strictEqual(await label.innerText(), 'full speed');
    assert.deepStrictEqual(errors, []);
    mkdirSync(screenshots, { recursive: true });
    await post(page, { type: 'pace', perSecond: 5, unit: 'iteration' });
    await page.locator('header').screenshot({ path: join(screenshots, 'webview-pace.png') });
    await page.context().close();
  });

  test('a drag to the right end asks for 60 a second', async () => {
    const { page } = await openInspector(h, THEMES[0]);
    const box = await page.locator('input.pace-slider').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    assert.strictEqual(await page.locator('.pace-label').innerText(), '60 / s');
    assert.deepStrictEqual((await paces(page)).at(-1), { type: 'pace', perSecond: 60, unit: 'iteration' });
    await page.context().close();
  });
});
