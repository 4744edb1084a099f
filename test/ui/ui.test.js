// UI tests in the real VS Code workbench (code-server + headless Chromium), run by scripts/test-vscode.js
// after the integration suite (or alone: npx mocha --ui tdd --timeout 180000 test/ui/ui.test.js).
// Debug-session tests (Debug Network, F10, Variables, Call Stack) build on the helpers in workbench.js.
'use strict';
const assert = require('node:assert');
const { Workbench, metrics } = require('./workbench');

const clean = (s) => s.replace(/\s+/g, ' ').trim();

suite('Workbench UI', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('ui', undefined, (opened) => {
    wb = opened;
  });

  test('loads with the extension and opens the example network', async () => {
    // The extension's contributed commands are in the palette under its "Backprop" category.
    // (debugNetwork, showInspector, newNetworkFile: the others are hidden outside a backprop session).
    const commands = await wb.paletteCommands('Backprop:', { min: 3 });
    assert.ok(commands.length >= 3, `Backprop commands listed: ${JSON.stringify(commands)}`);

    await wb.openFile('hand-2-2-2.backprop.json');
    // the tab is active before Monaco has laid out the lines: wait for them
    await wb.page.locator('.editor-instance .view-lines').filter({ hasText: '"layers"' }).first().waitFor({ timeout: 15000 });
    assert.match(await wb.editorText(), /"layers"/);
    // *.backprop.json is a language of the extension's own (plain VS Code would say "JSON"): VS Code
    // refuses breakpoints in JSON with Comments.
    const mode = wb.page.locator('.statusbar-item#status\\.editor\\.mode');
    await mode.filter({ hasText: 'Backprop Network' }).waitFor({ timeout: 15000 });
    await wb.screenshot('workbench-network-file');
  });

  test('activates quickly (Developer: Show Running Extensions)', async () => {
    // a development extension is listed by its id (the web workbench does not localize its manifest)
    const { ms, text, title } = await wb.activationTime(/^(Backprop Debugger|backprop-debugger\.backprop-debugger)$/);
    metrics.activationMs = ms;
    console.log(`      activation: ${text}${title ? ` (${clean(title)})` : ''}`);
    // generous bound for a loaded CI machine; the measured value is in test-results/vscode.json
    assert.ok(ms < 1500, `activation took ${ms} ms`);
  });
});

suite('Debugging the worked example (as a user)', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('ui', {
    settings: {
      // product shots: no Debug Console opening under the editor, no minimap in the half-width editor
      'debug.internalConsoleOptions': 'neverOpen',
      'editor.minimap.enabled': false,
      // a double click on a tab maximizes its group (the default, 'expand', only widens it)
      'workbench.editor.doubleClickTabToToggleEditorGroupSizes': 'maximize',
    },
  }, (opened) => {
    wb = opened;
  });

  test('Backprop: Debug Network from the palette stops on entry', async () => {
    await wb.openFile('hand-2-2-2.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    const frames = await wb.readCallStack({ until: /^start of iteration 1/ });
    assert.match(frames[frames.length - 1], /^iteration 1 \(epoch 1\)/);
    // room for the Variables and Call Stack views
    await wb.setSideBarWidth(560);
    await wb.setPaneExpanded('Watch', false);
    await wb.setPaneExpanded('Breakpoints', false);
  });

  test('F10 until the backward pass of the output layer; δ in the Variables view', async () => {
    let frames = await wb.readCallStack();
    for (let i = 0; i < 8 && !/^layer 2 \(output\) · backward/.test(frames[0]); i++) frames = await wb.stepOver();
    assert.match(frames[0], /^layer 2 \(output\) · backward hand-2-2-2\.backprop\.json/);
    // δ of output neuron 0 (the published worked example: 0.138498562)
    const rows = await wb.readVariables({ expand: /^Layer 2/, until: /^δ = 1×2 \[\[0\.1384985616/ });
    assert.ok(rows.some((r) => /^δ = 1×2 \[\[0\.1384985616\d*, -0\.0380982\d*\]\]$/.test(r)), JSON.stringify(rows));
    assert.ok(rows.some((r) => /^∂w = 2×2 \[\[0\.08216704\d*, /.test(r)), JSON.stringify(rows));
    await wb.page.keyboard.press('Control+1'); // focus back in the editor: no focus outline on the Variables row
  });

  test('δ in the inspector webview', async () => {
    const inspector = wb.inspectorFrame();
    // the table of δ of layer 2: row s0, column k=0, at the inspector's default 4 significant digits
    const cell = inspector.locator('#layer-2 .card.q-delta td[data-r="0"][data-c="0"]');
    await cell.filter({ hasText: '0.1385' }).waitFor({ timeout: 15000 });
    assert.strictEqual((await cell.innerText()).trim(), '0.1385');
    // its header names the stop
    await inspector.locator('header').filter({ hasText: /backward/i }).waitFor({ timeout: 15000 });
    await wb.screenshot('debugging', { publish: true });
  });

  test('the inspector panel on its own', async () => {
    // the whole window for the panel's picture: no side bar, its editor group maximized (a double click
    // on the tab, as a user would: palette commands cannot be typed while the webview has the focus)
    await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'Backprop Inspector' });
    let maximized = false;
    try {
      await tab.dblclick();
      maximized = true;
      await wb.page.locator('.tabs-container .tab', { hasText: 'hand-2-2-2.backprop.json' }).waitFor({ state: 'hidden' });
      // the layer being computed in view: fold the input and hidden layers' tables
      for (const l of [0, 1]) await wb.inspectorFrame().locator(`details#layer-${l}[open] > summary`).click();
      await wb.parkMouse();
      await wb.inspectorFrame().locator('#layer-2 .card.q-delta td[data-r="0"][data-c="0"]').filter({ hasText: '0.1385' }).waitFor();
      await wb.screenshot('inspector', { publish: true });
    } finally {
      // the layout back as the next tests need it, even when this one failed
      if (maximized) await tab.dblclick();
      await wb.page.locator('.tabs-container .tab', { hasText: 'hand-2-2-2.backprop.json' }).click();
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
      await wb.page.locator('.part.sidebar').waitFor({ state: 'visible' });
    }
  });

  test('Step Back (debug toolbar) returns to the loss stop', async () => {
    const frames = await wb.changesCallStack(() => wb.clickDebugToolbar('debug-step-back'));
    assert.match(frames[0], /^loss E \(sum-of-squares\)/);
    // at the loss stop the Training scope (E, epochLoss) is the one in view: fold it to reach Layer 2
    await wb.collapseScope(/^Training/);
    const rows = await wb.readVariables({ expand: /^Layer 2/, until: /^δ = not yet computed/ });
    assert.ok(rows.some((r) => r === 'δ = not yet computed'), JSON.stringify(rows));
  });

  test('Step Into (F11) forms the output layer neuron by neuron: ∂y_0, then δ_0', async () => {
    let frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^neuron 0 · ∂y_0/);
    frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.match(frames[0], /^neuron 0 · δ_0 = ∂y_0 · f'\(u_0\)/);
    // δ_0 is formed (0.138498562 by hand), δ_1 not yet
    const rows = await wb.readVariables({ expand: /^Layer 2/, until: /^δ = 1×2 \[\[0\.1384985616\d*, \?\]\]$/ });
    assert.ok(rows.some((r) => /^δ = 1×2 \[\[0\.1384985616\d*, \?\]\]$/.test(r)), JSON.stringify(rows));
    await wb.page.keyboard.press('Control+1');
    await wb.parkMouse();
    await wb.screenshot('step-into', { publish: true });
  });

  test('Continue trains to the end', async () => {
    await wb.clickDebugToolbar('debug-continue');
    // 10000 iterations of one sample take a moment; the adapter then stops with "training finished"
    const frames = await wb.readCallStack({ until: /^iteration 10000 \(epoch 10000\)/, timeout: 60000 });
    await wb.waitForStop();
    // the Call Stack's title bar shows the Stopped event's description
    await wb.page.locator('.part.sidebar .pane-header').filter({ hasText: /call stack/i }).filter({ hasText: /training finished/i }).waitFor({ timeout: 15000 });
    assert.ok(frames.length > 0);
    await wb.screenshot('training-finished');
  });
});
