// The optimizer in the real VS Code workbench (code-server + headless Chromium), at the keyboard (issue 13,
// "stepped and shown"): the 2-2-2 worked example trained with Adam, stepped with F10 to the update; the
// Variables view's Optimizer scope shows m of the output layer; the Debug Console evaluates m[1]; F11 at
// the update walks it layer by layer; the inspector writes Adam's update of the selected weight.
// The expected numbers come from the published worked example (∂w_00 of the output layer = y_j0 δ_k0 =
// 0.082167041, δ_j0 = 0.008771354, x_0 = 0.05) and Adam's first step (m = (1 − β₁)∂w), by hand.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files optimizer.test.js
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench } = require('./workbench');

const FILE = 'hand-adam.backprop.json';

suite('The optimizer at the update stop (as a user)', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('optimizer', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false } }, async (opened) => {
    wb = opened;
    // the worked example with Adam, in the throw-away workspace (a copy of examples/)
    const hand = fs.readFileSync(path.join(wb.workspace, 'hand-2-2-2.backprop.json'), 'utf8');
    const adam = hand.replace('"name": "2-2-2 by hand",', '"name": "2-2-2 with Adam",').replace('"learningRate": 0.5,', '"learningRate": 0.1,\n  "optimizer": { "name": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 },');
    assert.notStrictEqual(adam, hand);
    fs.writeFileSync(path.join(wb.workspace, FILE), adam);
  });

  /** Expands the collapsed row of the Variables view at `level` whose text matches `label` (by its twistie). */
  async function expandRow(level, label) {
    const row = wb.page.locator(`.debug-variables .monaco-list-row[aria-level="${level}"]`).filter({ hasText: label }).first();
    await row.waitFor({ timeout: 15000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await wb.parkMouse();
  }

  test('F10 to the update: the Optimizer scope first, m of the output layer = (1 − β₁)∂w by hand', async () => {
    await wb.openFile(FILE);
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    await wb.readCallStack({ until: /^start of iteration 1/ });
    await wb.setSideBarWidth(560);
    await wb.setPaneExpanded('Watch', false);
    await wb.setPaneExpanded('Breakpoints', false);
    let frames = await wb.readCallStack();
    for (let i = 0; i < 8 && !/^update/.test(frames[0]); i++) frames = await wb.stepOver();
    assert.match(frames[0], /^update \(adam\) · m ← β₁m \+ \(1−β₁\)∂w; v ← β₂v \+ \(1−β₂\)∂w⊙∂w; w ← w − η m̂\/\(√v̂ \+ ε\)/);
    // the Optimizer scope comes first and open: the optimizer, t, one row per layer
    let rows = await wb.readVariables({ until: /^t = 1$/ });
    assert.match(rows[0], /^Optimizer/, JSON.stringify(rows));
    assert.ok(rows.includes('optimizer = adam · β₁ = 0.9, β₂ = 0.999, ε = 1e-8'), JSON.stringify(rows));
    await expandRow(2, /^layer 2 \(output\)/);
    // m_00 = (1 − 0.9) · 0.082167041 = 0.0082167041; v_00 = 0.001 · 0.082167041² = 6.7514e-6
    rows = await wb.readVariables({ until: /^m = 2×2 \[\[0\.008216704\d*, / });
    assert.ok(rows.some((r) => /^m \(before\) = 2×2 \[\[0, 0\], \[0, 0\]\]$/.test(r)), JSON.stringify(rows));
    assert.ok(rows.some((r) => /^v = 2×2 \[\[0\.0000067514\d*, /.test(r)), JSON.stringify(rows));
    await wb.page.keyboard.press('Control+1');
    await wb.screenshot('optimizer-variables');
  });

  test('the Debug Console evaluates m[1]: (1 − β₁) x_0 δ_j0 by hand', async () => {
    // Ctrl+Shift+Y: View › Debug Console
    await wb.page.keyboard.press('Control+Shift+Y');
    await wb.page.locator('.repl').waitFor({ timeout: 15000 });
    const input = wb.page.locator('.repl-input-wrapper .monaco-editor textarea');
    await input.waitFor({ timeout: 15000 });
    await input.focus();
    await wb.page.keyboard.type('m[1]');
    await wb.page.keyboard.press('Enter');
    // ∂w_00 of layer 1 = x_0 δ_j0 = 0.05 · 0.008771354 = 0.0004385677; m = 0.1 of it
    const rows = await wb.readDebugConsole({ until: /2×2 \[\[0\.0000438567\d*, / });
    assert.ok(rows.some((r) => /^m\[1\]/.test(r) || /2×2/.test(r)), JSON.stringify(rows));
    await input.focus();
    await wb.page.keyboard.type('updates == 1 && m[2][0][0] > 0.0082167');
    await wb.page.keyboard.press('Enter');
    await wb.readDebugConsole({ until: /^true$/ });
    await wb.screenshot('optimizer-debug-console');
  });

  test('the inspector writes Adam’s update of the selected weight with its numbers', async () => {
    const inspector = wb.inspectorFrame();
    await inspector.locator('line.edge-hit[data-layer="2"][data-j="0"][data-k="0"]').first().dispatchEvent('click');
    const m = (await inspector.locator('.eq-m .katex-html').first().innerText({ timeout: 15000 })).replace(/\s+/g, '');
    // m_jk ← β₁m_jk + (1 − β₁)∂w_jk = (0.9)(0) + (0.1)(0.08217) = 0.008217
    assert.ok(m.endsWith('=(0.9)(0)+(0.1)(0.08217)=0.008217'), m);
    assert.strictEqual(await inspector.locator('.eq-mhat').count(), 1);
    assert.strictEqual(await inspector.locator('.eq-vhat').count(), 1);
    // w ← w − η m̂/(√v̂ + ε): the first step of Adam is about η = 0.1, so w_00 goes from 0.4 to about 0.3
    const w = (await inspector.locator('.eq-w .katex-html').last().innerText()).replace(/\s+/g, '');
    assert.ok(/^.*=0\.4−\(0\.1\).*=0\.3$/.test(w), w);
    await wb.page.keyboard.press('Control+1');
    await wb.screenshot('optimizer-inspector-adam', { publish: true });
  });

  /** Evaluates `expression` in the Debug Console (open) and returns the text of its answer. */
  async function consoleValue(expression) {
    const input = wb.page.locator('.repl-input-wrapper .monaco-editor textarea');
    await input.focus();
    await wb.page.keyboard.type(expression);
    await wb.page.keyboard.press('Enter');
    const rows = wb.page.locator('.repl .monaco-list-row');
    const end = Date.now() + 15000;
    for (;;) {
      const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      const at = texts.lastIndexOf(expression);
      if (at >= 0 && at + 1 < texts.length) return texts[at + 1];
      if (Date.now() > end) throw new Error(`no answer to ${expression} in ${JSON.stringify(texts)}`);
      await wb.page.waitForTimeout(200);
    }
  }

  test('F11 at the update goes layer by layer', async () => {
    // back to the stop before the update, then Step Into
    await wb.changesCallStack(() => wb.clickDebugToolbar('debug-step-back'));
    let frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^layer 1 \(hidden\) · m ← /);
    assert.match(frames[1], /^update \(adam\)/);
    frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^layer 2 \(output\) · m ← /);
  });

  test('examples/spiral-adam: at the first update m = (1 − β₁)∂w and m̂ = ∂w, from the ∂w the Debug Console shows', async () => {
    await wb.page.keyboard.press('Shift+F5');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
    await wb.openFile('spiral-adam.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    let frames = await wb.readCallStack({ until: /^start of iteration 1/ });
    for (let i = 0; i < 10 && !/^update/.test(frames[0]); i++) frames = await wb.stepOver();
    assert.match(frames[0], /^update \(adam\)/);
    const rows = await wb.readVariables({ until: /^t = 1$/ });
    assert.match(rows[0], /^Optimizer/, JSON.stringify(rows));
    assert.ok(rows.some((r) => /^layer 3 \(output\) = max \|step\| = /.test(r)), JSON.stringify(rows));
    await wb.page.keyboard.press('Control+Shift+Y');
    await wb.page.locator('.repl').waitFor({ timeout: 15000 });
    // a weight with a gradient: the largest |∂w| of layer 1 is where some ∂w is not 0
    const g = Number(await consoleValue('dw[1][0][0]'));
    const m = Number(await consoleValue('m[1][0][0]'));
    const mhat = Number(await consoleValue('mhat[1][0][0]'));
    const step = Number(await consoleValue('step[1][0][0]'));
    assert.ok(Number.isFinite(g) && Number.isFinite(m), `${g} ${m}`);
    assert.ok(Math.abs(m - 0.1 * g) <= 1e-15 * Math.max(1, Math.abs(g)), `m = ${m}, (1 − β₁)∂w = ${0.1 * g}`);
    assert.ok(Math.abs(mhat - g) <= 1e-12 * Math.max(1e-300, Math.abs(g)), `m̂ = ${mhat}, ∂w = ${g}`);
    // Adam's first step: −η m̂/(√v̂ + ε) = −η ∂w/(|∂w| + ε), about −η sign(∂w) with η = 0.01
    const expected = g === 0 ? 0 : (-0.01 * g) / (Math.abs(g) + 1e-8);
    assert.ok(Math.abs(step - expected) <= 1e-12, `step = ${step}, by hand ${expected}`);
    await wb.screenshot('optimizer-spiral-adam');
  });

  test('F9 on a line inside "optimizer": the breakpoint moves to its first line and Continue stops at the update', async () => {
    await wb.page.keyboard.press('Shift+F5');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
    await wb.openFile('spiral-adam.backprop.json');
    // the example's optimizer fits one line: the test's own copy spreads it over three
    const original = fs.readFileSync(path.join(wb.workspace, 'spiral-adam.backprop.json'), 'utf8');
    const spread = original.replace(/"optimizer": \{ "name": "adam", (.*) \},/, '"optimizer": {\n    "name": "adam",\n    $1\n  },');
    assert.notStrictEqual(spread, original);
    fs.writeFileSync(path.join(wb.workspace, 'spiral-adam-lines.backprop.json'), spread);
    await wb.openFile('spiral-adam-lines.backprop.json');
    const first = spread.split('\n').findIndex((l) => l.includes('"optimizer": {')) + 1;
    await wb.goToLine(first + 2); // the line of beta1, beta2 and epsilon
    await wb.page.keyboard.press('F9');
    await wb.parkMouse();
    await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor .codicon-debug-breakpoint').length >= 1, null, { timeout: 10000 });
    assert.deepStrictEqual(await wb.glyphLines('codicon-debug-breakpoint'), [first + 2]);
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    await wb.readCallStack({ until: /^start of iteration 1/ });
    const end = Date.now() + 15000;
    let lines = [];
    while (Date.now() < end && (lines = await wb.glyphLines('codicon-debug-breakpoint')).join() !== String(first)) await wb.page.waitForTimeout(200);
    assert.deepStrictEqual(lines, [first]);
    await wb.page.keyboard.press('Control+1');
    const frames = await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    assert.match(frames[0], /^update \(adam\)/);
    await wb.screenshot('optimizer-breakpoint');
  });
});
