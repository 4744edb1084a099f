// A worked example for class (issue 12 §3), as a teacher makes one in the real workbench: paused on the
// 2-2-2 example, "Backprop: Export Worked Example…" from the palette, the current iteration, Markdown,
// the proposed file name saved — the Markdown opens beside its preview with the published numbers; then
// another iteration as an HTML page, which is opened in the browser, printed to PDF on A4 and looked at.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files worked.test.js
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench, screenshotsDir, QUICK_INPUT, QUICK_INPUT_BOX, QUICK_INPUT_ROW } = require('./workbench');

/** a copy of this suite's pictures beside the shared screenshots folder, which another run may clear meanwhile */
const OWN = path.join(__dirname, '..', '..', 'test-results', 'ui-worked');
const keep = (file) => {
  fs.mkdirSync(OWN, { recursive: true });
  fs.copyFileSync(file, path.join(OWN, path.basename(file)));
};

suite('Export Worked Example', function () {
  this.timeout(240000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('worked', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false, 'backprop.inspector.openOnSessionStart': false } }, (opened) => {
    wb = opened;
  });

  /** Answers the save dialog (in the browser: a quick input holding the path) with `target`, once it proposes a name ending in `ext`. */
  async function save(target, ext) {
    const { page } = wb;
    await page.locator(QUICK_INPUT).filter({ has: page.locator('.quick-input-box') }).waitFor({ timeout: 15000 });
    await page.waitForFunction(([sel, e]) => (document.querySelector(sel)?.value ?? '').endsWith(e), [QUICK_INPUT_BOX, ext], { timeout: 15000 });
    const proposed = await page.locator(QUICK_INPUT_BOX).inputValue();
    await page.locator(QUICK_INPUT_BOX).fill(target);
    await page.keyboard.press('Enter');
    return proposed;
  }

  // first: before a handout is in Quick Open's history (it would be listed above the network file)
  test("the inspector's Copy as LaTeX: the equations' TeX pasted into an editor", async () => {
    const { page } = wb;
    await wb.openFile('hand-2-2-2.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop({ timeout: 60000 });
    // forward 1, forward 2, the loss, backward 2: the output neuron's δ is formed
    await wb.stepOver(4);
    await wb.runCommand('Backprop: Show Inspector');
    const inspector = wb.inspectorFrame();
    await inspector.locator('.eq-delta').first().waitFor({ timeout: 30000 });
    await inspector.locator('.eq-copy').click();
    await inspector.locator('.eq-copied', { hasText: 'Copied' }).waitFor({ timeout: 15000 });
    await wb.runCommand('File: New Untitled Text File');
    await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Control+V');
    await page.waitForFunction(() => /\$\$/.test(document.querySelector('.editor-instance.active .view-lines, .editor-group-container.active .view-lines')?.textContent ?? ''), undefined, { timeout: 15000 });
    const pasted = (await page.locator('.editor-group-container.active .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    // the output neuron k = 0 by hand: δ_k = (y_k − t_k)(1 − y_k) y_k = 0.1385, ∂w_jk = y_j δ_k = 0.08217
    assert.match(pasted, /\\delta_\{k\} = .*= 0\.1385/);
    assert.match(pasted, /\\partial w_\{jk\} = y_\{j\} \\delta_\{k\} = \(0\.5933\)\(0\.1385\) = 0\.08217/);
    assert.match(pasted, /^\$\$$/m);
    await wb.runCommand('Debug: Stop');
    // leave no dirty editor and no inspector behind: an empty untitled file closes without a question
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await wb.runCommand('View: Close All Editors');
  });

  test('the current iteration as Markdown: opened beside its preview, with the published numbers', async () => {
    const { page } = wb;
    await wb.openFile('hand-2-2-2.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop({ timeout: 60000 });
    await wb.runCommand('Backprop: Export Worked Example');
    await page.locator(QUICK_INPUT_ROW, { hasText: 'Current iteration (1)' }).first().click({ timeout: 15000 });
    await page.locator(QUICK_INPUT_ROW, { hasText: 'Markdown with LaTeX' }).first().click({ timeout: 15000 });
    const target = path.join(wb.workspace, '2-2-2-by-hand-iteration-1.md');
    const proposed = await save(target, '.md');
    assert.match(proposed, /2-2-2-by-hand-iteration-1\.md$/);
    // the Markdown in an editor, its preview beside it
    await wb.activeTab('2-2-2-by-hand-iteration-1.md').waitFor({ timeout: 30000 });
    await page.locator('.tab', { hasText: /Preview 2-2-2-by-hand-iteration-1\.md/ }).waitFor({ timeout: 30000 });
    const text = fs.readFileSync(target, 'utf8');
    assert.match(text, /^# Worked example: 2-2-2 by hand, iteration 1$/m);
    // the published worked example: E, δ of output neuron 0, ∂w_00 of the output layer, the updated w5
    assert.match(text, /^E = .* = 0\.298371109$/m);
    assert.match(text, /^\\delta_\{k\} = .* = 0\.138498562$/m);
    assert.match(text, /^j = 0:\\quad \\partial w_\{jk\} = y_\{j\} \\delta_\{k\} = \(0\.593269992\)\(0\.138498562\) = 0\.0821670406$/m);
    assert.match(text, /^j = 0:\\quad w_\{jk\} \\leftarrow .* = 0\.35891648$/m);
    // Monaco wraps and spaces the text with non-breaking spaces
    assert.match((await wb.editorText()).replace(/\s+/g, ' '), /## 1\. Forward pass/);
    // the preview typesets the equations (VS Code's Markdown math: KaTeX)
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('.katex').first().waitFor({ timeout: 30000 });
    assert.ok((await preview.locator('.katex-display').count()) >= 40, 'every equation typeset as a display block');
    keep(await wb.screenshot('worked-example-markdown', { publish: true }));
  });

  test('another iteration as an HTML page: saved, self-contained, prints on A4', async () => {
    const { page } = wb;
    await wb.runCommand('Backprop: Export Worked Example');
    await page.locator(QUICK_INPUT_ROW, { hasText: 'Another iteration' }).first().click({ timeout: 15000 });
    await page.locator(QUICK_INPUT).filter({ hasText: 'Iteration, from 1 to' }).waitFor({ timeout: 15000 });
    await page.locator(QUICK_INPUT_BOX).fill('3');
    await page.keyboard.press('Enter');
    await page.locator(QUICK_INPUT_ROW, { hasText: 'HTML page' }).first().click({ timeout: 15000 });
    const target = path.join(wb.workspace, 'handout-3.html');
    const proposed = await save(target, '.html');
    assert.match(proposed, /2-2-2-by-hand-iteration-3\.html$/);
    await page.locator('.notification-toast', { hasText: 'Worked example saved to handout-3.html' }).waitFor({ timeout: 30000 });
    const html = fs.readFileSync(target, 'utf8');
    assert.match(html, /<h1>Worked example: 2-2-2 by hand, iteration 3<\/h1>/);
    assert.match(html, /@page \{ size: A4;/);
    // the debugger still stands where it was
    const frames = await wb.readCallStack({ until: /iteration 1\b/ });
    assert.ok(frames.some((r) => /iteration 1\b/.test(r)), frames.join('\n'));
    // the page in a browser with no network: it draws from the file alone, and fits A4's width when printed
    // A4's width less the page's margins (210 − 2 × 15 mm = 180 mm = 680 CSS px)
    const context = await wb.page.context().browser().newContext({ viewport: { width: 680, height: 1000 }, offline: true });
    try {
      const p = await context.newPage();
      const requests = [];
      p.on('request', (r) => requests.push(r.url()));
      await p.goto(`file://${target}`);
      await p.emulateMedia({ media: 'print' });
      assert.deepStrictEqual(requests.filter((u) => !u.startsWith('file://')), [], 'nothing fetched');
      const overflowing = await p.evaluate(() => [...document.querySelectorAll('.eq')].filter((e) => e.scrollWidth > e.clientWidth + 1).length);
      assert.strictEqual(overflowing, 0, 'no equation wider than the page');
      assert.ok((await p.locator('math').count()) > 40);
      fs.mkdirSync(screenshotsDir(), { recursive: true });
      await p.screenshot({ path: path.join(screenshotsDir(), 'worked-example-html.png') });
      keep(path.join(screenshotsDir(), 'worked-example-html.png'));
      const pdf = await p.pdf({ format: 'A4', preferCSSPageSize: true });
      fs.mkdirSync(OWN, { recursive: true });
      fs.writeFileSync(path.join(OWN, 'worked-example.pdf'), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 2 && pages <= 8, `${pages} A4 pages`);
    } finally {
      await context.close();
    }
    await wb.runCommand('Debug: Stop');
  });

});
