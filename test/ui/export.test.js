// Backprop: Export as NumPy Code… as a person runs it, in the real VS Code workbench (code-server +
// headless Chromium): from the palette on the open iris network file (CSV data, shuffled batches), VS
// Code's save dialog proposing iris.py beside it, Enter; the script opens in an editor, and run with
// Debian's python3 it prints a trace that `cli.js compare` accepts against the engine. A network file
// with an error is refused with a message naming file:line:column and the problem.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files export.test.js
'use strict';
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('fs');
const path = require('path');
const { Workbench, QUICK_INPUT, QUICK_INPUT_BOX } = require('./workbench');

const PYTHON = '/usr/bin/python3';
const cli = path.join(__dirname, '../../dist/cli.js');

suite('Export as NumPy Code', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('export', { settings: { 'editor.minimap.enabled': false } }, (opened) => {
    wb = opened;
  });

  test('from the palette: the save dialog proposes iris.py beside the network file; the script opens and trains as the engine does', async () => {
    const { page } = wb;
    await wb.openFile('iris.backprop.json');
    await wb.runCommand('Backprop: Export as NumPy Code');
    // VS Code's own save dialog (in the browser, a quick input holding the path)
    await page.locator(QUICK_INPUT).filter({ hasText: 'Export as NumPy Code' }).waitFor({ timeout: 15000 });
    await page.waitForFunction((sel) => /\.py$/.test(document.querySelector(sel)?.value ?? ''), QUICK_INPUT_BOX, { timeout: 15000 });
    const proposed = await page.locator(QUICK_INPUT_BOX).inputValue();
    assert.match(proposed, /\/workspace\/iris\.py$/, proposed);
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 15000 });

    await wb.activeTab('iris.py').waitFor({ timeout: 15000 });
    // Monaco renders spaces as no-break spaces: \s matches both
    await page.waitForFunction(() => /backpropagation\sin\sNumPy/.test(document.querySelector('.editor-instance .view-lines')?.textContent ?? ''), null, { timeout: 15000 });
    const text = (await wb.editorText()).replace(/\s/g, ' ');
    assert.match(text, /iris: backpropagation in NumPy, exported by Backprop Debugger from iris\.backprop\.json/);
    const shot = await wb.screenshot('export-numpy');
    fs.copyFileSync(shot, path.join(__dirname, '../../test-results/export-numpy.png'));

    // the file the editor shows is the script: run it, and let the engine judge its trace
    const script = path.join(wb.workspace, 'iris.py');
    assert.ok(fs.existsSync(script));
    const run = spawnSync(PYTHON, [script, '--iterations', '12'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.strictEqual(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.strictEqual(lines.length, 12);
    const trace = path.join(wb.workspace, 'iris.trace.jsonl');
    fs.writeFileSync(trace, run.stdout);
    const compared = spawnSync(process.execPath, [cli, 'compare', path.join(wb.workspace, 'iris.backprop.json'), trace], { encoding: 'utf8' });
    assert.strictEqual(compared.status, 0, compared.stdout + compared.stderr);
    assert.match(compared.stdout, /agree with the engine \(through iteration 12\)/);
  });

  test('a network file with an error: a message naming file:line:column and the problem, no script', async () => {
    const { page } = wb;
    fs.writeFileSync(path.join(wb.workspace, 'broken.backprop.json'), '{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmod" }],\n  "data": "xor"\n}\n');
    await wb.openFile('broken.backprop.json');
    await wb.runCommand('Backprop: Export as NumPy Code');
    const toast = page.locator('.notification-toast', { hasText: 'Cannot export broken.backprop.json:2:56 as NumPy code' });
    await toast.waitFor({ timeout: 15000 });
    assert.match(await toast.innerText(), /unknown activation "sigmod"/);
    assert.strictEqual(await page.locator(QUICK_INPUT).isVisible(), false, 'no save dialog');
    assert.ok(!fs.existsSync(path.join(wb.workspace, 'broken.py')));
    await page.waitForTimeout(500); // the toast slides in
    fs.copyFileSync(await wb.screenshot('export-numpy-error'), path.join(__dirname, '../../test-results/export-numpy-error.png'));
  });
});
