// A student's trace in the real workbench (issue 11 §2), as a student meets it: a launch.json with
// "compareWith" started from Run and Debug's list, F5 runs to VS Code's exception widget with the sentence
// naming the first differing number and its equation, the Backprop view says how many numbers agreed before
// it, the inspector shows both values; then Backprop: Compare With Trace… from the palette on a running
// session, its file picker, and its summary. The trace comes from test/compare/student.py (NumPy, the
// hidden layer's δ without f′(u)).
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files compare.test.js
'use strict';
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('fs');
const path = require('path');
const { Workbench, QUICK_INPUT, QUICK_INPUT_BOX } = require('./workbench');

const root = path.join(__dirname, '..', '..');
const clean = (s) => s.replace(/\s+/g, ' ').trim();
/** beside the shared screenshots folder too, which another run may clear meanwhile */
const ownShots = path.join(root, 'test-results', 'ui-compare');

suite('Compare with a student trace', function () {
  this.timeout(240000);
  /** @type {Workbench} */
  let wb;

  const shot = async (name) => {
    fs.mkdirSync(ownShots, { recursive: true });
    fs.copyFileSync(await wb.screenshot(`compare-${name}`), path.join(ownShots, `${name}.png`));
  };

  Workbench.forSuite('compare', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false } }, async (opened) => {
    wb = opened;
    fs.copyFileSync(path.join(root, 'test', 'compare', 'net-sigmoid.json'), path.join(wb.workspace, 'student.backprop.json'));
    const r = spawnSync('/usr/bin/python3', [path.join(root, 'test', 'compare', 'student.py'), path.join(root, 'test', 'compare', 'net-sigmoid.json'), 'no-fprime', '3', 'all'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    fs.writeFileSync(path.join(wb.workspace, 'no-fprime.jsonl'), r.stdout);
  });

  test('launch.json with "compareWith": F5 stops at the first difference, in the exception widget, the Backprop view and the inspector', async () => {
    const { page } = wb;
    const dir = path.join(wb.workspace, '.vscode');
    fs.mkdirSync(dir, { recursive: true });
    const config = { type: 'backprop', request: 'launch', name: 'Compare with my trace', network: '${workspaceFolder}/student.backprop.json', compareWith: 'no-fprime.jsonl' };
    fs.writeFileSync(path.join(dir, 'launch.json'), JSON.stringify({ version: '0.2.0', configurations: [config] }, null, 2) + '\n');
    await wb.openFile('student.backprop.json');
    await wb.startConfiguration('Compare with my trace');
    await wb.waitForStop({ timeout: 60000 });
    // the editor has the focus: F5 continues
    await wb.openFile('student.backprop.json');
    await wb.changesCallStack(() => page.keyboard.press('F5'));
    const widget = page.locator('.exception-widget');
    await widget.waitFor({ timeout: 30000 });
    assert.match(clean(await widget.locator('.title').innerText()), /differs from your trace/);
    const sentence = clean(await widget.locator('.description').innerText());
    assert.match(sentence, /^Your trace differs at iteration 1 · backward · layer 1 · δ\[0\]\[0\]: expected 0\.0009916, yours 0\.004109\. δ_j = ∂y_j f′\(u_j\) = \(0\.004109\)\(0\.2413\) = 0\.0009916/);
    assert.match(sentence, /as if f′\(u_j\) were left out \(no-fprime\.jsonl:1\)$/);
    // the Backprop view: the trace's line, with the count of numbers that agreed before this stop
    await wb.setPaneExpanded('Backprop', true);
    const view = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Backprop/i }) });
    const texts = await wb.settledTexts(view.locator('.monaco-list-row'), { until: /^Your trace/, timeout: 15000 });
    const line = texts.find((t) => /^Your trace/.test(t)) ?? '';
    assert.match(line, /^Your trace ?\d+ numbers agreed before this stop, which differs: expected 0\.000991\d+, yours 0\.004109\d+/);
    // the inspector: both values in the cell, marked, and the equation above the tables
    const inspector = wb.inspectorFrame();
    const cell = inspector.locator('details[data-layer="1"] .card.q-delta td.differs[data-r="0"][data-c="0"]');
    await cell.waitFor({ timeout: 30000 });
    assert.strictEqual(clean(await cell.locator('.yours').innerText()), '0.004109');
    const banner = clean(await inspector.locator('.trace-banner.here').innerText());
    assert.match(banner, /Your trace first differs here: iteration 1 · backward · layer 1 · δ\[0\]\[0\]/);
    await shot('exception');
    await cell.scrollIntoViewIfNeeded();
    await shot('inspector-cells');
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
  });

  test('Backprop: Compare With Trace… on a running session: the file picker, the summary, then the stop', async () => {
    const { page } = wb;
    await wb.openFile('student.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop({ timeout: 60000 });
    await wb.runCommand('Backprop: Compare With Trace');
    // the browser's file picker: a quick input holding a path
    await page.locator(QUICK_INPUT).filter({ has: page.locator('.quick-input-box') }).waitFor({ timeout: 15000 });
    // the dialog fills in the folder a moment after it opens: type ours only after that, and again if it was overwritten
    await page.waitForFunction((sel) => /\/$/.test(document.querySelector(sel)?.value ?? ''), QUICK_INPUT_BOX, { timeout: 15000 });
    const target = path.join(wb.workspace, 'no-fprime.jsonl');
    const box = page.locator(QUICK_INPUT_BOX);
    for (let tries = 0; tries < 5; tries++) {
      await box.fill(target);
      await page.waitForTimeout(300);
      if ((await box.inputValue()) === target) break;
    }
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: /\d+ numbers of your trace agreed before the first difference/ }).waitFor({ timeout: 30000 });
    await shot('command');
    await wb.openFile('student.backprop.json');
    await wb.changesCallStack(() => page.keyboard.press('F5'));
    const widget = page.locator('.exception-widget');
    await widget.waitFor({ timeout: 30000 });
    assert.match(clean(await widget.locator('.description').innerText()), /^Your trace differs at iteration 1 · backward · layer 1 · δ\[0\]\[0\]/);
    await page.keyboard.press('Shift+F5');
  });
});
