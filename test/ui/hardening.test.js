// Long work and bad input in the real workbench (issue 9 §1–2), as a person meets them: Export Trace of
// the whole 784-128-10 run asks to confirm its size, then streams with VS Code's own progress
// notification, whose Cancel stops it and leaves no file; a bad launch attribute opens launch.json on it.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files hardening.test.js
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench, QUICK_INPUT, QUICK_INPUT_BOX, QUICK_INPUT_ROW } = require('./workbench');


suite('Long work and bad input', function () {
  this.timeout(240000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('hardening', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false, 'backprop.inspector.openOnSessionStart': false } }, (opened) => {
    wb = opened;
  });

  test('Export Trace of 320 iterations of 784-128-10: the size confirmed, a progress notification, Cancel leaves no file', async () => {
    const { page } = wb;
    await wb.openFile('digits-784-128-10.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop({ timeout: 60000 });
    await wb.runCommand('Backprop: Export Trace');
    await page.locator(QUICK_INPUT_ROW, { hasText: 'CSV' }).first().click({ timeout: 15000 });
    const box = page.locator(QUICK_INPUT_BOX);
    await page.locator(QUICK_INPUT).filter({ hasText: 'Iterations to export' }).waitFor({ timeout: 15000 });
    await box.fill('1-320');
    await page.keyboard.press('Enter');
    // VS Code's modal dialog with the estimate
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30000 });
    const question = await dialog.innerText();
    assert.match(question, /Export iterations 1–320\? The file will take about [\d.]+ GB\./, question);
    await wb.screenshot('export-confirm-size');
    await dialog.locator('.monaco-button', { hasText: /^Export$/ }).click();
    // the save dialog (in the browser, a quick input holding the path)
    await page.locator(QUICK_INPUT).filter({ has: page.locator('.quick-input-box') }).waitFor({ timeout: 15000 });
    // the dialog fills in the proposed path a moment after it opens: type ours only after that
    await page.waitForFunction((sel) => /\.csv$/.test(document.querySelector(sel)?.value ?? ''), QUICK_INPUT_BOX, { timeout: 15000 });
    const target = path.join(wb.workspace, 'whole-trace.csv');
    await box.fill(target);
    await page.keyboard.press('Enter');
    // DAP progress: VS Code's notification, with a Cancel button
    const toast = page.locator('.notification-toast', { hasText: 'exporting iterations 1–320' });
    await toast.waitFor({ timeout: 30000 });
    await wb.screenshot('export-progress');
    assert.ok(fs.existsSync(`${target}.part`), `the export is being written: ${fs.readdirSync(wb.workspace).join(', ')}`);
    await toast.hover();
    await toast.locator('.monaco-button, .action-label', { hasText: /Cancel/ }).first().click();
    await page.locator('.notification-toast', { hasText: 'The trace was not saved: cancelled' }).waitFor({ timeout: 30000 });
    await toast.waitFor({ state: 'detached', timeout: 15000 });
    assert.deepStrictEqual(fs.readdirSync(wb.workspace).filter((f) => f.startsWith('whole-trace')), [], 'no file, whole or partial');
    // the debugger still stands where it was
    const frames = await wb.readCallStack({ until: /iteration 1\b/ });
    assert.ok(frames.some((r) => /iteration 1\b/.test(r)), frames.join('\n'));
    await wb.runCommand('Debug: Stop');
  });

  test('Restart after "training finished": the Call Stack says so no more, but where the new run stands', async () => {
    const { page } = wb;
    const hand = fs.readFileSync(path.join(wb.workspace, 'hand-2-2-2.backprop.json'), 'utf8');
    fs.writeFileSync(path.join(wb.workspace, 'short.backprop.json'), hand.replace(/"epochs":\s*\d+/, '"epochs": 3'));
    await wb.openFile('short.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop({ timeout: 60000 });
    const header = page.locator('.part.sidebar .pane-header').filter({ hasText: /call stack/i });
    await wb.clickDebugToolbar('debug-continue');
    await header.filter({ hasText: /training finished/i }).waitFor({ timeout: 30000 });
    await wb.clickDebugToolbar('debug-restart');
    await header.filter({ hasText: /before the forward pass of iteration 1/i }).waitFor({ timeout: 30000 });
    assert.doesNotMatch(await header.innerText(), /training finished/i);
    const frames = await wb.readCallStack({ until: /^iteration 1 \(epoch 1\)/ });
    assert.ok(frames.some((f) => /^iteration 1 \(epoch 1\)/.test(f)), frames.join('\n'));
    await wb.screenshot('restart-after-finished');
    await wb.runCommand('Debug: Stop');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
  });

  test('a bad launch attribute: the message names it and launch.json opens with it selected', async () => {
    const { page } = wb;
    const dir = path.join(wb.workspace, '.vscode');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'launch.json'),
      ['{', '  "version": "0.2.0",', '  "configurations": [', '    {', '      "type": "backprop",', '      "request": "launch",', '      "name": "Budget typo",', '      "network": "${workspaceFolder}/xor.backprop.json",', '      "historyMegabytes": "64MB"', '    }', '  ]', '}', ''].join('\n'),
    );
    await wb.startConfiguration('Budget typo');
    await page.locator('.notification-toast', { hasText: '"historyMegabytes" must be a number of megabytes' }).waitFor({ timeout: 30000 });
    await wb.activeTab('launch.json').waitFor({ timeout: 15000 });
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    await wb.screenshot('launch-attribute-error');
    // Monaco's selection is drawn, not a DOM selection: the status bar shows where the cursor is
    const status = await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().innerText();
    assert.match(status, /Ln 9, Col \d+ \(\d+ selected\)/, `${status} ${selected}`);
    assert.strictEqual(await page.locator('.debug-toolbar').isVisible(), false, 'no session started');
  });
});
