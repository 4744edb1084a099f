// UI tests of network files as a person edits and debugs them in the real workbench (code-server +
// headless Chromium): their own language with what JSON with comments gave (colours, completion,
// hover, formatting, outline, comment toggling) and the Quick Fix; breakpoints set with F9, a click
// in the gutter, the conditional breakpoint and logpoint widgets; the debug hover and inline values.
// Numbers are those of the published 2-2-2 worked example (hand-2-2-2.backprop.json), not the code's.
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench, screenshotsDir } = require('./workbench');

suite('Editing and debugging a network file', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  // the inspector would take half the window: these flows are the editor's
  Workbench.forSuite('editing', { settings: { 'backprop.inspector.openOnSessionStart': false } }, (opened) => {
    wb = opened;
  });

  /** Writes a network file into the workspace and opens it. */
  async function openScratch(name, text) {
    fs.writeFileSync(path.join(wb.workspace, name), text);
    await wb.openFile(name);
    await wb.page.locator('.editor-instance .view-lines').filter({ hasText: '"layers"' }).first().waitFor({ timeout: 15000 });
  }

  const mode = () => wb.page.locator('.statusbar-item#status\\.editor\\.mode');

  /** A screenshot with the pointer where it is (wb.screenshot parks it, and a hover would close). */
  async function screenshotAsIs(name) {
    fs.mkdirSync(screenshotsDir(), { recursive: true });
    await wb.page.screenshot({ path: path.join(screenshotsDir(), `${name}.png`) });
  }

  /** Hovers `word` on `line` until a hover matching `until` shows (a hover can be missed on a busy machine: move away and back). */
  async function hoverUntil(line, word, until) {
    for (let attempt = 1; ; attempt++) {
      await wb.hoverWord(line, word);
      try {
        return await wb.readHover(until, { timeout: 5000 });
      } catch (e) {
        if (attempt === 3) throw e;
        await wb.parkMouse();
        await wb.page.keyboard.press('Escape');
      }
    }
  }

  /** Opens the breakpoint widget with a palette command on the cursor's line and types `text` into it. */
  async function breakpointWidget(command, text, shot) {
    await wb.runCommand(command);
    const widget = wb.page.locator('.breakpoint-widget');
    await widget.waitFor({ timeout: 10000 });
    // the palette gives the focus back to the editor as it closes: click into the widget's input, as a person would
    await widget.locator('.inputContainer').click();
    await widget.locator('.inputContainer .monaco-editor.focused').waitFor({ timeout: 5000 });
    await wb.page.keyboard.type(text);
    await wb.screenshot(shot);
    await wb.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10000 });
  }

  test('a network file is in the Backprop Network language, coloured as JSON with comments; settings.json stays JSON with Comments', async () => {
    await wb.openFile('hand-2-2-2.backprop.json');
    await wb.page.locator('.editor-instance .view-lines').filter({ hasText: '"layers"' }).first().waitFor({ timeout: 15000 });
    await mode().filter({ hasText: 'Backprop Network' }).waitFor({ timeout: 15000 });
    // the JSONC grammar by its scope: a comment, a property name and a string value in three colours
    const classes = async (text) => wb.activeEditor().locator('.view-line span span', { hasText: text }).first().getAttribute('class');
    await wb.page.waitForFunction(() => document.querySelectorAll('.view-line span[class^="mtk"]:not(.mtk1)').length > 0, null, { timeout: 15000 });
    const comment = await classes('// A 2-2-2 network');
    const key = await classes('"name"');
    const value = await classes('"2-2-2 by hand"');
    assert.strictEqual(new Set([comment, key, value]).size, 3, `three token colours: ${comment}, ${key}, ${value}`);
    await wb.screenshot('language-network-file');

    await wb.runCommand('Preferences: Open User Settings (JSON)');
    await wb.activeTab('settings.json').waitFor({ timeout: 15000 });
    await mode().filter({ hasText: 'JSON with Comments' }).waitFor({ timeout: 15000 });
    await wb.page.keyboard.press('Control+W');
  });

  test('completion, hover documentation, Format Document, Go to Symbol and Toggle Line Comment in the new language', async () => {
    const line2 = '  "layers": [{ "size": 2 }, { "size": 1, "activation": "" }],';
    await openScratch('editing.backprop.json', `{\n${line2}\n  "learningRate": 0.5,\n  "data": "xor"\n}\n`);
    await mode().filter({ hasText: 'Backprop Network' }).waitFor({ timeout: 15000 });

    // completion between the quotes of "activation": the schema's activations, documented
    await wb.goToLine(2, line2.indexOf('"activation": ""') + '"activation": "'.length + 1);
    await wb.page.keyboard.press('Control+Space');
    const suggest = wb.page.locator('.editor-widget.suggest-widget .monaco-list-row');
    await suggest.filter({ hasText: 'sigmoid' }).first().waitFor({ timeout: 15000 });
    const offered = (await suggest.allInnerTexts()).join(' ');
    for (const name of ['identity', 'sigmoid', 'tanh', 'relu']) assert.ok(offered.includes(name), `completion offers ${name}: ${offered}`);
    await wb.screenshot('language-completion');
    await wb.page.keyboard.press('Escape');

    // hover documentation of "learningRate" (the schema's description)
    const hover = await hoverUntil(3, 'learningRate', /η/);
    assert.match(hover, /w ← w − η ∂w/);
    await wb.parkMouse();
    await wb.page.keyboard.press('Escape');

    // Format Document (from the palette: in a browser, Shift+Alt+F opens the menu bar): VS Code's JSON
    // formatter puts each layer's property on a line of its own
    await wb.goToLine(1);
    await wb.runCommand('Format Document');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-line')].some((l) => l.textContent.replace(/\u00a0/g, ' ') === '      "activation": ""'), null, { timeout: 15000 });

    // Go to Symbol in Editor (Ctrl+Shift+O) lists the outline: the top-level properties
    assert.ok(await wb.openQuickInput('Control+Shift+O'));
    const symbols = wb.page.locator('.quick-input-widget .monaco-list-row .label-name');
    await symbols.filter({ hasText: 'learningRate' }).first().waitFor({ timeout: 15000 });
    const names = (await symbols.allInnerTexts()).map((s) => s.trim());
    for (const name of ['layers', 'learningRate', 'data']) assert.ok(names.includes(name), `outline has ${name}: ${names.join(', ')}`);
    await wb.page.keyboard.press('Escape');

    // Toggle Line Comment (Ctrl+/) with the language's "//"
    const lines = await wb.editorLines();
    const dataLine = Number(Object.keys(lines).find((n) => lines[n].includes('"data"')));
    await wb.goToLine(dataLine);
    await wb.page.keyboard.press('Control+/');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.editor-instance .view-line')].some((l) => /^\s*\/\/ "data": "xor"$/.test(l.textContent.replace(/\u00a0/g, ' '))), null, { timeout: 10000 });
    await wb.runCommand('File: Revert File');
  });

  test('a misspelled activation is one problem, and its Quick Fix (Ctrl+.) writes "sigmoid"', async () => {
    const line2 = '  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmod" }],';
    await openScratch('quickfix.backprop.json', `{\n${line2}\n  "data": "xor"\n}\n`);
    const problems = await wb.readProblems({ until: /sigmod/ });
    // the engine's message; the schema's "Value is not accepted" for the same place is not repeated
    const about = problems.filter((p) => /sigmod|not accepted/i.test(p));
    assert.strictEqual(about.length, 1, JSON.stringify(problems));
    assert.match(about[0], /did you mean "sigmoid"/);
    await wb.page.keyboard.press('Control+1');
    await wb.goToLine(2, line2.indexOf('"sigmod"') + 3);
    await wb.page.keyboard.press('Control+.');
    const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Change to "sigmoid"' });
    await fix.waitFor({ timeout: 15000 });
    await wb.screenshot('quick-fix');
    await fix.click();
    await wb.page.locator('.editor-instance .view-line', { hasText: '"activation": "sigmoid" }' }).waitFor({ timeout: 10000 });
    await wb.readProblems({ until: /No problems|^$/, timeout: 10000 }).catch(() => {});
    assert.ok(!(await wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'sigmod' }).count()), 'the problem is gone');
    await wb.page.keyboard.press('Control+1');
    await wb.page.keyboard.press('Control+S');
  });

  test('F9 inside a layer\'s object and a click in its gutter: the breakpoints move to the layers\' first lines and Continue stops there', async () => {
    await wb.page.locator('.tabs-container .tab', { hasText: 'hand-2-2-2.backprop.json' }).click();
    await wb.activeTab('hand-2-2-2.backprop.json').waitFor({ timeout: 10000 });
    // layer 2's "weights" (line 17) with F9, layer 1's "weights" (line 12) with the mouse
    await wb.goToLine(17);
    await wb.page.keyboard.press('F9');
    await wb.clickGutter(12);
    await wb.parkMouse();
    await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor .codicon-debug-breakpoint').length >= 2, null, { timeout: 10000 });
    assert.deepStrictEqual(await wb.glyphLines('codicon-debug-breakpoint'), [12, 17]);

    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    await wb.readCallStack({ until: /^start of iteration 1/ });
    // verified by the adapter and shown where they bind: layer 1's "{" (line 9) and layer 2's (line 15)
    const end = Date.now() + 15000;
    let lines = [];
    while (Date.now() < end && (lines = await wb.glyphLines('codicon-debug-breakpoint')).join() !== '9,15') await wb.page.waitForTimeout(200);
    assert.deepStrictEqual(lines, [9, 15]);
    await wb.page.keyboard.press('Control+1');
    let frames = await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    assert.match(frames[0], /^layer 1 \(hidden\) · forward hand-2-2-2\.backprop\.json/);
    frames = await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    assert.match(frames[0], /^layer 2 \(output\) · forward hand-2-2-2\.backprop\.json/);
    assert.match(frames[frames.length - 1], /^iteration 1 \(epoch 1\)/);
    await wb.screenshot('breakpoints-in-layers');
  });

  test('while paused, hovering "weights" shows w[2] and hovering the layer\'s line its y', async () => {
    await wb.page.keyboard.press('Control+1');
    const weights = await hoverUntil(17, 'weights', /0\.55/);
    // the file's own weights of layer 2: w[j][k]
    assert.match(weights, /0\.4\b.*0\.5\b.*0\.45\b.*0\.55\b/);
    await screenshotAsIs('debug-hover');
    await wb.parkMouse();
    await wb.page.keyboard.press('Escape');
    // y of the output layer: 0.75136507 and 0.772928465 in the worked example
    const y = await hoverUntil(16, 'sigmoid', /0\.7513650/);
    assert.match(y, /0\.7513650\d*.*0\.7729284\d*/);
    await screenshotAsIs('debug-hover-layer');
    await wb.parkMouse();
    await wb.page.keyboard.press('Escape');
  });

  test('inline values: y at the end of each layer\'s line, and η on its line', async () => {
    const end = Date.now() + 15000;
    let lines = {};
    while (Date.now() < end && !/y = \[0\.7514, 0\.7729\]/.test((lines = await wb.editorLines())[15] ?? '')) await wb.page.waitForTimeout(250);
    // y of layers 0, 1 and 2 at 4 significant digits (hidden: 0.593269992, 0.596884378)
    assert.match(lines[8], /\{ "size": 2 \},\s*y = \[0\.05, 0\.1\]/);
    assert.match(lines[9], /\{\s*y = \[0\.5933, 0\.5969\]/);
    assert.match(lines[15], /\{\s*y = \[0\.7514, 0\.7729\]/);
    assert.ok(!/δ/.test(lines[15]), 'no δ before the backward pass');
    assert.match(lines[22], /η = 0\.5/);
    await wb.screenshot('inline-values', { publish: true });
  });

  test('the conditional breakpoint and logpoint widgets: `iteration == 3` stops there, `E = {loss}` prints each loss', async () => {
    await wb.runCommand('Remove All Breakpoints');
    // a logpoint on the "loss" line
    await wb.goToLine(21);
    await breakpointWidget('Debug: Add Logpoint', 'E = {loss}', 'logpoint-widget');
    // a conditional breakpoint inside layer 2's object
    await wb.goToLine(16);
    await breakpointWidget('Debug: Add Conditional Breakpoint', 'iteration == 3', 'conditional-breakpoint-widget');
    await wb.page.waitForFunction(() => document.querySelectorAll('.monaco-editor .codicon-debug-breakpoint-log').length > 0, null, { timeout: 10000 });
    assert.deepStrictEqual(await wb.glyphLines('codicon-debug-breakpoint-log'), [21]);
    // shown at the layer's first line once the adapter has verified it
    const end = Date.now() + 15000;
    let lines = [];
    while (Date.now() < end && (lines = await wb.glyphLines('codicon-debug-breakpoint-conditional')).join() !== '15') await wb.page.waitForTimeout(200);
    assert.deepStrictEqual(lines, [15]);

    await wb.page.keyboard.press('Control+1');
    const frames = await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    assert.match(frames[0], /^layer 2 \(output\) · forward/);
    assert.match(frames[frames.length - 1], /^iteration 3 \(epoch 3\)/);
    // the losses of iterations 1 and 2; E of iteration 1 is 0.298371109 in the worked example
    const output = await wb.readDebugConsole({ until: /^E = 0\.2983711\d*/ });
    const losses = output.filter((r) => /^E = /.test(r));
    assert.strictEqual(losses.length, 2, JSON.stringify(output));
    assert.ok(Number(losses[1].slice(4)) < Number(losses[0].slice(4)), `the loss falls: ${losses.join(', ')}`);
    await wb.screenshot('logpoint-output');
  });

  test('the hit count in the same widget: `2` stops at the second time layer 1 is computed', async () => {
    await wb.runCommand('Remove All Breakpoints');
    await wb.page.keyboard.press('Control+1');
    await wb.goToLine(12);
    await wb.runCommand('Debug: Add Conditional Breakpoint');
    const widget = wb.page.locator('.breakpoint-widget');
    await widget.waitFor({ timeout: 10000 });
    // the widget's kind: Expression, Hit Count or Log Message, chosen from its drop-down
    const hitCount = wb.page.locator('.monaco-select-box-dropdown-container .monaco-list-row', { hasText: 'Hit Count' });
    const select = widget.locator('select.monaco-select-box[aria-label="Breakpoint Type"]');
    // The widget lays itself out and focuses its input as it opens, which can close a drop-down opened
    // meanwhile (the row is then detached under the click): open it and choose again until the select
    // says Hit Count.
    for (let attempt = 1; ; attempt++) {
      if (!(await hitCount.isVisible())) await select.click();
      const chosen = await hitCount.click({ timeout: 3000 }).then(() => true, () => false);
      if (chosen && (await select.evaluate((s) => s.options[s.selectedIndex]?.text)) === 'Hit Count') break;
      if (attempt === 6) throw new Error('could not choose Hit Count in the breakpoint widget');
      await wb.page.waitForTimeout(300);
    }
    await widget.locator('.inputContainer').click();
    await widget.locator('.inputContainer .monaco-editor.focused').waitFor({ timeout: 5000 });
    await wb.page.keyboard.type('2');
    await wb.screenshot('hit-count-widget');
    await wb.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10000 });
    await wb.page.keyboard.press('Control+1');
    // from iteration 3's forward pass of layer 2: layer 1's backward pass (1), then iteration 4's forward pass (2)
    const frames = await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    assert.match(frames[0], /^layer 1 \(hidden\) · forward/);
    assert.match(frames[frames.length - 1], /^iteration 4 \(epoch 4\)/);
    await wb.runCommand('Debug: Stop');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
  });
});
