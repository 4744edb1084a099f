// The flows a person meets at the keyboard (issue 8, section 4), in the real VS Code workbench
// (code-server + headless Chromium): New Network File twice through the palette, its quick pick and
// the save dialog; Step Into (F11) with the inspector's equations and ring following the neuron
// being formed; the scope of the layer being computed expanded in Variables, the others collapsed;
// epochLoss in the Training scope; gradient-check results marked stale after a step.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files flows.test.js
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench, QUICK_INPUT, QUICK_INPUT_BOX } = require('./workbench');


suite('The flows a person meets', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('flows', {
    settings: {
      'debug.internalConsoleOptions': 'neverOpen',
      'editor.minimap.enabled': false,
    },
  }, (opened) => {
    wb = opened;
  });

  /**
   * New Network File from the palette: the XOR template, and in the save dialog the name it proposes
   * (or `typed`, a file name in the workspace) accepted with Enter. Returns the proposed path.
   */
  async function newXorFile(typed) {
    const { page } = wb;
    await wb.runCommand('Backprop: New Network File');
    // the template quick pick
    await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: 'XOR' }).first().click({ timeout: 15000 });
    // VS Code's own save dialog (in the browser, a quick input holding the path)
    const box = page.locator(QUICK_INPUT_BOX);
    await page.locator(QUICK_INPUT).filter({ hasText: 'Save the new network file' }).waitFor({ timeout: 15000 });
    await page.waitForFunction((sel) => /\.json$/.test(document.querySelector(sel)?.value ?? ''), QUICK_INPUT_BOX, { timeout: 15000 });
    const proposed = await box.inputValue();
    if (typed) await box.fill(proposed.slice(0, proposed.lastIndexOf('/') + 1) + typed);
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 15000 });
    return proposed;
  }

  test('New Network File twice: a free name each time, the suffix once', async () => {
    // the workspace holds the examples, xor.backprop.json among them
    assert.ok(fs.existsSync(path.join(wb.workspace, 'xor.backprop.json')));
    const first = await newXorFile();
    assert.match(first, /\/xor-2\.backprop\.json$/, first);
    await wb.activeTab('xor-2.backprop.json').waitFor({ timeout: 15000 });
    await wb.screenshot('flow-new-network-file');
    const second = await newXorFile();
    assert.match(second, /\/xor-3\.backprop\.json$/, second);
    await wb.activeTab('xor-3.backprop.json').waitFor({ timeout: 15000 });
    const files = fs.readdirSync(wb.workspace).filter((f) => f.startsWith('xor'));
    assert.deepStrictEqual(files.sort(), ['xor-2.backprop.json', 'xor-3.backprop.json', 'xor.backprop.json']);
    // the template's content, not an empty file
    assert.match(fs.readFileSync(path.join(wb.workspace, 'xor-3.backprop.json'), 'utf8'), /"layers"/);
    // a name typed without the suffix gets it once
    await newXorFile('mine');
    await wb.activeTab('mine.backprop.json').waitFor({ timeout: 15000 });
    assert.ok(fs.existsSync(path.join(wb.workspace, 'mine.backprop.json')));
    assert.ok(!fs.existsSync(path.join(wb.workspace, 'mine.json')));
    // `mine.json` is free, but the suffix makes it mine.backprop.json, which is not: asked before replacing
    fs.writeFileSync(path.join(wb.workspace, 'mine.backprop.json'), '// mine\n{}\n');
    await newXorFile('mine.json');
    const dialog = wb.page.locator('.monaco-dialog-box').filter({ hasText: 'mine.backprop.json already exists' });
    await dialog.waitFor({ timeout: 15000 });
    await wb.screenshot('flow-new-network-file-replace');
    await wb.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 15000 });
    assert.strictEqual(fs.readFileSync(path.join(wb.workspace, 'mine.backprop.json'), 'utf8'), '// mine\n{}\n', 'kept');
    assert.deepStrictEqual(fs.readdirSync(wb.workspace).filter((f) => /\.json\.backprop\.json$|^mine\.json$/.test(f)), []);
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('w'); // close the editors again (Ctrl+K W: close all in the group)
  });

  /** The labels of the Variables view's top-level rows (scopes) that are expanded. */
  async function expandedScopes() {
    return wb.page.locator('.debug-variables .monaco-list-row[aria-level="1"][aria-expanded="true"]').allInnerTexts();
  }

  test('Step Into (F11): the scope of the layer being formed in view, the equations and ring on neuron 1', async () => {
    await wb.openFile('hand-2-2-2.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    await wb.readCallStack({ until: /^start of iteration 1/ });
    await wb.setSideBarWidth(480);
    await wb.setPaneExpanded('Watch', false);
    await wb.setPaneExpanded('Breakpoints', false);
    const inspector = wb.inspectorFrame();
    let frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^neuron 0 · u_0/);
    frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^neuron 0 · y_0/);
    frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^neuron 1 · u_1/);
    // the inspector follows: neuron j = 1 ringed, its u_1 = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.3925 (by hand), no y_1 yet
    await inspector.locator('.eq-heading').filter({ hasText: /neuron j = 1/ }).waitFor({ timeout: 15000 });
    assert.strictEqual(await inspector.locator('svg.diagram .node.selected').getAttribute('data-k'), '1');
    assert.strictEqual(await inspector.locator('svg.diagram .node.selected').getAttribute('data-layer'), '1');
    const u = (await inspector.locator('.eq-u .katex-html').innerText()).replace(/\s+/g, '');
    assert.ok(u.endsWith('=0.3925'), u);
    assert.strictEqual(await inspector.locator('.eq-y').count(), 0);
    // Variables: the hidden layer's scope expanded first, the others collapsed (one click away)
    const rows = await wb.readVariables({ until: /^u = 1×2 \[\[0\.377\d*, 0\.392\d*\]\]$/ });
    assert.match(rows[0], /^Layer 1 \(sigmoid\)/, JSON.stringify(rows));
    // (VS Code keeps a scope open that was open before, such as Training from the entry stop)
    const open = (await expandedScopes()).map((s) => s.trim());
    assert.strictEqual(open[0], 'Layer 1 (sigmoid)', JSON.stringify(open));
    assert.ok(!open.some((s) => /^Layer [02]/.test(s)), JSON.stringify(open));
    assert.ok(rows.includes('Training') && rows.some((r) => /^Layer 0/.test(r)) && rows.some((r) => /^Layer 2/.test(r)), JSON.stringify(rows));
    await wb.page.keyboard.press('Control+1');
    await wb.screenshot('flow-step-into-neuron-1');
    // the last sub-step, y_1, is a stop of its own
    frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^neuron 1 · y_1/);
  });

  test('epochLoss in the Training scope, expanded at the loss stop', async () => {
    // on to the loss: the layer 2 forward stop, then the loss (F10)
    let frames = await wb.stepOver();
    for (let i = 0; i < 4 && !/^loss E/.test(frames[0]); i++) frames = await wb.stepOver();
    assert.match(frames[0], /^loss E \(sum-of-squares\)/);
    // one sample a batch and an epoch: epochLoss is E = 0.298371109 (the published worked example)
    const rows = await wb.readVariables({ until: /^epochLoss = 0\.29837110\d*$/ });
    assert.ok(rows.some((r) => /^E = 0\.29837110\d*$/.test(r)), JSON.stringify(rows));
    assert.strictEqual((await expandedScopes()).map((s) => s.trim())[0], 'Training');
    assert.match(rows[0], /^Training/);
    await wb.page.keyboard.press('Control+1');
    await wb.screenshot('flow-epoch-loss');
  });

  test('gradient-check results belong to their stop: stale after a step', async () => {
    const inspector = wb.inspectorFrame();
    await inspector.locator('.grad-button').click();
    await inspector.locator('.grad-result .worst-error').waitFor({ timeout: 30000 });
    assert.strictEqual(await inspector.locator('.grad-stale').isVisible(), false);
    await wb.parkMouse();
    await wb.changesCallStack(() => wb.clickDebugToolbar('debug-step-over'));
    await inspector.locator('.grad-stale').filter({ hasText: /iteration 1 · loss/ }).waitFor({ timeout: 15000 });
    assert.strictEqual(await inspector.locator('.grad-result.stale').count(), 1);
    await inspector.locator('.grad-stale').scrollIntoViewIfNeeded();
    await wb.screenshot('flow-gradient-check-stale');
  });
});
