// UI tests in the real VS Code workbench (code-server + headless Chromium), run by scripts/test-vscode.js
// after the integration suite (or alone: npx mocha --ui tdd --timeout 180000 test/ui/ui.test.js).
// Debug-session tests (Debug Network, F10, Variables, Call Stack) build on the helpers in workbench.js.
'use strict';
const assert = require('node:assert');
const { Workbench } = require('./workbench');

suite('Workbench UI', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  suiteSetup(async () => {
    wb = await Workbench.open();
  });

  suiteTeardown(async () => {
    await wb?.close();
  });

  teardown(async function () {
    // A failing test leaves its picture behind (test-results/screenshots/fail-*.png).
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.screenshot(`fail-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => {});
    }
  });

  test('loads with the extension and opens the example network', async () => {
    // The extension's contributed commands are in the palette under its "Backprop" category.
    // (debugNetwork, showInspector, newNetworkFile: the others are hidden outside a backprop session).
    const commands = await wb.paletteCommands('Backprop:', { min: 3 });
    assert.ok(commands.length >= 3, `Backprop commands listed: ${JSON.stringify(commands)}`);

    await wb.openFile('hand-2-2-2.backprop.json');
    assert.match(await wb.editorText(), /"layers"/);
    // The extension maps *.backprop.json to JSON with Comments (plain VS Code would say "JSON").
    const mode = wb.page.locator('.statusbar-item#status\\.editor\\.mode');
    await mode.filter({ hasText: 'JSON with Comments' }).waitFor({ timeout: 15000 });
    await wb.screenshot('workbench-network-file', { publish: true });
  });
});
