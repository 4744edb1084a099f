// The learned-function panel in the real VS Code (code-server + Chromium), as a user meets it: open a
// network file, F5 (stops on entry: the inspector opens beside it and shows the untrained function),
// F10 (it follows the stops), F5 again (it moves while training runs, and ends with what was learned).
// XOR's regions, two spirals, sin's curve. With --update-screenshots, the panel's pictures go to
// media/screenshots/learned-*.png.
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { Workbench, screenshotsDir, publishedDir } = require('./workbench');

/** Two interleaved spirals (the built-in "spiral", 200 points), which a 2-16-16-2 tanh network separates. */
const SPIRAL = `// Two interleaved spirals: the built-in "spiral" data set, 200 points.
{
  "name": "spiral",
  "layers": [
    { "size": 2 },
    { "size": 16, "activation": "tanh" },
    { "size": 16, "activation": "tanh" },
    { "size": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "learningRate": 0.03,
  "batch": { "size": 10, "reduction": "mean", "shuffle": true },
  "init": { "seed": 2, "distribution": "xavier" },
  "data": "spiral",
  "epochs": 3000
}
`;

suite('The learned function (as a user)', function () {
  this.timeout(300000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('learned', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false, 'workbench.editor.doubleClickTabToToggleEditorGroupSizes': 'maximize' } }, async (opened) => {
    wb = opened;
    fs.writeFileSync(path.join(wb.workspace, 'spiral.backprop.json'), SPIRAL);
  });

  teardown(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      // a session left behind would take the next test's F5
      if (await wb.page.locator('.debug-toolbar').isVisible()) {
        await wb.page.locator('.debug-toolbar .codicon-debug-stop').click().catch(() => {});
        await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 }).catch(() => {});
      }
    }
  });

  const panel = () => wb.inspectorFrame().locator('.learned-panel');
  const caption = () => wb.inspectorFrame().locator('.learned-caption');

  /** The caption once it says `pattern` (the panel answers each stop a moment after it). */
  async function captionMatching(pattern, timeout = 20000) {
    await caption().filter({ hasText: pattern }).waitFor({ timeout });
    return caption().innerText();
  }

  /** F5 on the file's editor: the session starts, stops on entry and the inspector opens beside. */
  async function startDebugging(file) {
    await wb.openFile(file);
    await wb.page.keyboard.press('F5');
    await wb.waitForStop();
    await panel().waitFor({ timeout: 30000 });
    await panel().scrollIntoViewIfNeeded();
  }

  /** F5 (Continue) until training has finished; returns the captions seen on the way. */
  async function continueToEnd(file, totalIterations) {
    // the keys to the file's editor (the first group; the floating debug toolbar may cover its tab)
    await wb.page.keyboard.press('Control+1');
    await wb.activeTab(file).waitFor();
    const seen = new Set();
    await wb.page.keyboard.press('F5');
    const end = Date.now() + 240000;
    for (;;) {
      const text = await caption().innerText().catch(() => '');
      seen.add(text);
      if (new RegExp(`iteration ${totalIterations}\\b`).test(text)) return [...seen];
      if (Date.now() > end) throw new Error(`training did not reach iteration ${totalIterations}: ${JSON.stringify([...seen].slice(-3))}`);
      await wb.page.waitForTimeout(100);
    }
  }

  /** The learned-function panel, the inspector maximized, cut out of the window. */
  async function panelShot(name, file) {
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'Backprop Inspector' });
    const fileTab = wb.page.locator('.tabs-container .tab', { hasText: file });
    const maximize = async () => {
      await tab.dblclick();
      return fileTab.waitFor({ state: 'hidden', timeout: 3000 }).then(
        () => true,
        () => false,
      );
    };
    // a double click toggles: when the group was maximized already, the first one restored it
    const maximized = (await maximize()) || (await maximize());
    assert.ok(maximized, 'the inspector did not maximize');
    try {
      await wb.parkMouse();
      const frame = wb.inspectorFrame();
      // the webview follows the group's new size a moment later: until then the panel spans the narrow layout's width
      const end = Date.now() + 10000;
      while ((await frame.locator('.learned-panel').evaluate((el) => el.getBoundingClientRect().width)) > 450 && Date.now() < end) await wb.page.waitForTimeout(200);
      await wb.page.waitForTimeout(500);
      await frame.locator('.learned-panel').scrollIntoViewIfNeeded();
      // the whole window too (not published), to see the panel in its place
      await wb.screenshot(`${name}-window`);
      const a = await frame.locator('.learned-panel').boundingBox();
      const pad = 8;
      const clip = { x: a.x - pad, y: a.y - pad, width: a.width + 2 * pad, height: a.height + 2 * pad };
      fs.mkdirSync(screenshotsDir(), { recursive: true });
      const file = path.join(screenshotsDir(), `${name}.png`);
      await wb.page.screenshot({ path: file, clip });
      if (process.env.BACKPROP_UPDATE_SCREENSHOTS === '1') {
        fs.mkdirSync(publishedDir, { recursive: true });
        fs.copyFileSync(file, path.join(publishedDir, `${name}.png`));
      }
    } finally {
      await tab.dblclick();
      await fileTab.waitFor({ timeout: 5000 }).catch(() => {});
    }
  }

  /** Stops the session (Shift+F5) from the network file's editor. */
  async function stopDebugging(file) {
    await wb.page.keyboard.press('Control+1');
    await wb.activeTab(file).waitFor();
    await wb.page.keyboard.press('Shift+F5');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
  }

  test('XOR: regions at the entry stop, following F10, and right for every corner after F5 to the end', async () => {
    await startDebugging('xor.backprop.json');
    await wb.inspectorFrame().locator('.learned-panel[data-view="regions"]').waitFor();
    await captionMatching(/^iteration 1 · accuracy/);
    // F10 through iteration 1 (6 stops) into iteration 2: the panel follows
    await wb.stepOver(7);
    await captionMatching(/^iteration 2 · accuracy/);
    const seen = await continueToEnd('xor.backprop.json', 12000);
    const last = await captionMatching(/^iteration 12000 · accuracy 100 % · 0 of 4 misclassified/);
    assert.ok(seen.length >= 2, JSON.stringify(seen));
    // the regions are drawn: the canvas has the size it was laid out at, and colour in it
    const drawn = await wb.inspectorFrame().locator('.learned-canvas').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let orange = 0;
      let blue = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] > d[i + 2] + 60) orange++;
        else if (d[i + 2] > d[i] + 60) blue++;
      }
      return { orange, blue, width: c.width };
    });
    assert.ok(drawn.width > 200 && drawn.orange > 1000 && drawn.blue > 1000, `${JSON.stringify(drawn)} (${last})`);
    await panelShot('learned-xor', 'xor.backprop.json');
    await stopDebugging('xor.backprop.json');
  });

  test('two spirals: the regions move while training runs and end up separating them', async () => {
    await startDebugging('spiral.backprop.json');
    await captionMatching(/^iteration 1 · accuracy/);
    const seen = await continueToEnd('spiral.backprop.json', 60000);
    // while it ran, the panel showed iterations between the first and the last
    const between = seen.filter((t) => /^iteration (\d+)/.test(t) && !/^iteration (1|60000) /.test(t));
    assert.ok(between.length >= 1, `the panel did not move during the run: ${JSON.stringify(seen)}`);
    const text = await captionMatching(/^iteration 60000 · accuracy/);
    const accuracy = Number(/accuracy ([0-9.]+) %/.exec(text)[1]);
    assert.ok(accuracy >= 95, text);
    await panelShot('learned-spiral', 'spiral.backprop.json');
    await stopDebugging('spiral.backprop.json');
  });

  test('sin: the curve over the data, the target dashed', async () => {
    await startDebugging('sin.backprop.json');
    await wb.inspectorFrame().locator('.learned-panel[data-view="curve"]').waitFor();
    await continueToEnd('sin.backprop.json', 126000);
    await captionMatching(/dashed: the target function/);
    await panelShot('learned-sin', 'sin.backprop.json');
    await stopDebugging('sin.backprop.json');
  });
});
