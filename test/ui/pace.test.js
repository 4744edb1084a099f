// Watching it learn (issue 12 §2) in the real workbench: the inspector's pace slider set to 5 a second,
// then Continue from the inspector: the iterations on view advance about 5 a second (within 20 %), not
// thousands; Pause stops the run where it is, and the Call Stack says so.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files pace.test.js
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench } = require('./workbench');

const OWN = path.join(__dirname, '..', '..', 'test-results', 'ui-pace');

suite('Continue at a pace', function () {
  this.timeout(240000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('pace', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false } }, (opened) => {
    wb = opened;
  });

  test('the slider at 5 a second: Continue shows about 5 iterations a second; Pause stops it', async () => {
    await wb.openFile('xor.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop({ timeout: 60000 });
    const inspector = wb.inspectorFrame();
    const slider = inspector.locator('input.pace-slider');
    await slider.waitFor({ timeout: 30000 });
    await inspector.locator('.status').filter({ hasText: /iteration 1 of/ }).waitFor({ timeout: 30000 });
    const label = inspector.locator('.pace-label');
    assert.strictEqual(await label.innerText(), 'full speed');
    // 0 → 1 → 2 → 5 a second, by keyboard; a key the busy page drops is pressed again (the steps: 0, 1, 2, 5, 10, …)
    await slider.focus();
    for (let x = 0; x < 10 && (await label.innerText()) !== '5 / s'; x++) {
      const now = Number(/^(\d+) \/ s$/.exec(await label.innerText())?.[1] ?? 0);
      await slider.press(now > 5 ? 'ArrowLeft' : 'ArrowRight');
      await wb.page.waitForTimeout(200);
    }
    await label.filter({ hasText: '5 / s' }).waitFor({ timeout: 5000 });
    const iteration = async () => Number(/iteration (\d+) of/.exec(await inspector.locator('.status').innerText())?.[1]);
    await inspector.locator('vscode-button[data-command="continue"]').click();
    await inspector.locator('.status').filter({ hasText: /running/ }).waitFor({ timeout: 15000 });
    await wb.page.waitForTimeout(1000);
    const t0 = Date.now();
    const i0 = await iteration();
    await wb.page.waitForTimeout(4000);
    const i1 = await iteration();
    const rate = (i1 - i0) / ((Date.now() - t0) / 1000);
    assert.ok(Math.abs(rate - 5) <= 1, `the inspector showed ${rate.toFixed(2)} iterations a second (${i0} → ${i1}), wanted 5 ± 20 %`);
    fs.mkdirSync(OWN, { recursive: true });
    await wb.page.screenshot({ path: path.join(OWN, 'running-at-5.png') });
    // Pause where it is: within a second (5 iterations) of what the inspector showed when it was clicked,
    // the click going through the webview, the host and the workbench's command
    const i2 = await iteration();
    await inspector.locator('vscode-button[data-command="pause"]').click();
    const frames = await wb.readCallStack({ until: /iteration \d+ \(epoch/ });
    const stoppedAt = Number(/iteration (\d+) \(epoch/.exec(frames.join('\n'))?.[1]);
    assert.ok(stoppedAt >= i2 && stoppedAt <= i2 + 5, `paused at iteration ${stoppedAt}, the inspector showed ${i2} at the click`);
    await wb.runCommand('Debug: Stop');
  });
});
