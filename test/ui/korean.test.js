// Korean, seen in a real VS Code (issue 8, section 3): code-server started with --locale ko and the
// repo's stand-in Korean language pack (tools/ko-language-pack), as `npm start -- --locale ko` does.
// A person runs the palette command by its Korean title and reads the Call Stack, the Variables
// scopes, the Backprop view, the inspector, a Step Into frame, the stop on a non-finite value (the
// exception widget and the Call Stack) and a network file's positioned error in Problems, in Korean;
// then the non-finite stop in English: a sentence, never the filter id `nonFinite`.
// Run alone: node scripts/test-vscode.js --no-vsix --ui-only --ui-files korean.test.js
'use strict';
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { Workbench } = require('./workbench');

const clean = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * 1-1-1, identity, x = 1: u1 = 1e200 is finite, u2 = 1e200 · 1e200 = 1e400 overflows to +Infinity in
 * the forward pass of the output layer (layer 2), sample 0, neuron 0.
 */
const OVERFLOW = {
  name: 'overflow',
  layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[1e200]], biases: [0] }, { size: 1, activation: 'identity', weights: [[1e200]], biases: [0] }],
  data: { inputs: [[1]], targets: [[0]] },
  epochs: 1,
};

suite('In Korean (VS Code display language ko)', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('korean', {
    locale: 'ko',
    settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false },
  }, (opened) => {
    wb = opened;
  });

  test('the workbench runs in Korean and the palette lists the commands by their Korean titles', async () => {
    // the workbench's own language, set by the messages the server generated from the language pack
    assert.strictEqual(await wb.page.evaluate(() => globalThis._VSCODE_NLS_LANGUAGE), 'ko');
    const commands = await wb.paletteCommands('Backprop:', { min: 3 });
    for (const title of ['Backprop: 네트워크 디버그', 'Backprop: 인스펙터 보기', 'Backprop: 새 네트워크 파일…']) {
      assert.ok(commands.includes(title), `${title} in ${JSON.stringify(commands)}`);
    }
  });

  test('Backprop: 네트워크 디버그 from the palette; the Call Stack and the Variables scopes in Korean', async () => {
    await wb.openFile('hand-2-2-2.backprop.json');
    await wb.runCommand('Backprop: 네트워크 디버그');
    await wb.waitForStop();
    let frames = await wb.readCallStack({ until: /^반복 1의 시작 · 순전파 전/ });
    assert.match(frames[frames.length - 1], /^반복 1 \(에포크 1\)/);
    await wb.setSideBarWidth(560);
    await wb.setPaneExpanded('조사식', false); // Watch
    await wb.setPaneExpanded('중단점', false); // Breakpoints
    frames = await wb.stepOver();
    assert.match(frames[0], /^층 1 \(은닉층\) · 순전파 hand-2-2-2\.backprop\.json/);
    assert.match(frames[1], /^순전파 /);
    // the scope of the layer being computed first, then the others and the training scope
    const rows = await wb.readVariables({ until: /^학습$/ });
    for (const scope of ['층 1 (sigmoid)', '층 0 (입력층)', '층 2 (sigmoid)', '학습']) assert.ok(rows.includes(scope), `${scope} in ${JSON.stringify(rows)}`);
    // a quantity not computed yet says so in Korean (layer 2 is computed after this stop)
    const layer2 = await wb.readVariables({ expand: /^층 2/, until: /^δ = 아직 계산되지 않음$/ });
    assert.ok(layer2.includes('δ = 아직 계산되지 않음'), JSON.stringify(layer2));
    // the views' titles come from the language pack: the workbench itself speaks Korean
    const headers = (await wb.page.locator('.part.sidebar .pane-header').allInnerTexts()).map(clean);
    assert.ok(headers.some((h) => /^호출 스택/.test(h)) && headers.some((h) => /^변수/.test(h)), JSON.stringify(headers));
  });

  test('the Backprop view in Korean', async () => {
    await wb.setPaneExpanded('Backprop', true);
    const view = wb.page.locator('.part.sidebar .pane').filter({ has: wb.page.locator('.pane-header', { hasText: /^\s*Backprop/i }) });
    const rows = view.locator('.monaco-list-row');
    const texts = await wb.settledTexts(rows, { until: /^층 1 \(은닉층\)/, timeout: 15000 });
    assert.ok(texts.some((t) => /^반복 1 · 에포크 1/.test(t)), JSON.stringify(texts));
    assert.ok(texts.some((t) => /^층 0 \(입력층\)/.test(t)), JSON.stringify(texts));
  });

  test('the inspector in Korean, and Step Into (F11) names the neuron', async () => {
    const inspector = wb.inspectorFrame();
    await inspector.locator('h1, header').filter({ hasText: '역전파 인스펙터' }).first().waitFor({ timeout: 15000 });
    // its buttons and the layer's stop in Korean
    await inspector.locator('vscode-button[data-command="continue"]', { hasText: /^\s*계속\s*$/ }).waitFor({ timeout: 15000 });
    await inspector.locator('header').filter({ hasText: /순전파/ }).first().waitFor({ timeout: 15000 });
    await wb.page.keyboard.press('Control+1');
    const frames = await wb.changesCallStack(() => wb.page.keyboard.press('F11'));
    assert.strictEqual(frames[0].replace(/ hand-2-2-2\.backprop\.json.*$/, ''), '뉴런 0 · u_0 = Σ y w + b');
    await wb.page.keyboard.press('Control+1');
    await wb.screenshot('korean-debugging', { publish: true });
  });

  test('the stop on a non-finite value: a sentence in the exception widget and the Call Stack', async () => {
    // end this session (Shift+F5), then debug a network whose output overflows in the forward pass
    await wb.page.keyboard.press('Shift+F5');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
    fs.writeFileSync(path.join(wb.workspace, 'overflow.backprop.json'), JSON.stringify(OVERFLOW, null, 2) + '\n');
    await wb.openFile('overflow.backprop.json');
    await wb.runCommand('Backprop: 네트워크 디버그');
    await wb.waitForStop();
    await wb.page.keyboard.press('Control+1');
    await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    const sentence = 'Infinity 발생: 층 2 (출력층)의 u, 샘플 0, 뉴런 0, 순전파 중';
    // VS Code's exception widget under the culprit's line: the exception's name, then the sentence
    const widget = wb.page.locator('.exception-widget');
    await widget.waitFor({ timeout: 15000 });
    const title = clean(await widget.locator('.title').innerText());
    assert.strictEqual(title, '예외가 발생했습니다. 유한하지 않은 값 (NaN 또는 ±Infinity)');
    assert.ok(!/nonFinite/.test(await widget.innerText()), 'the filter id is never shown');
    assert.strictEqual(clean(await widget.locator('.description').innerText()), sentence);
    // the Call Stack's title bar says why it paused
    await wb.page.locator('.part.sidebar .pane-header').filter({ hasText: sentence }).first().waitFor({ timeout: 15000 });
    await wb.screenshot('korean-non-finite');
  });

  test('a positioned error of a network file, in Korean in Problems', async () => {
    await wb.page.keyboard.press('Shift+F5');
    await wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15000 });
    // "sigmod" on line 4: the engine's error names the activations and suggests the closest
    fs.writeFileSync(path.join(wb.workspace, 'typo.backprop.json'), [
      '{',
      '  "layers": [',
      '    { "size": 2 },',
      '    { "size": 1, "activation": "sigmod" }',
      '  ],',
      '  "data": "xor"',
      '}',
      '',
    ].join('\n'));
    await wb.openFile('typo.backprop.json');
    await wb.runCommand('View: Focus Problems');
    const rows = wb.page.locator('.markers-panel .monaco-list-row');
    const texts = await wb.settledTexts(rows, { until: /알 수 없는 활성화 함수 "sigmod"/, timeout: 20000 });
    const row = texts.find((t) => /알 수 없는 활성화 함수/.test(t));
    assert.match(row, /"sigmoid"을\(를\) 뜻했나요\?/);
    assert.match(row, /\[Ln 4, Col 32\]/);
    await wb.screenshot('korean-problems');
  });
});

suite('The stop on a non-finite value, in English', function () {
  this.timeout(180000);
  /** @type {Workbench} */
  let wb;

  Workbench.forSuite('korean', { settings: { 'debug.internalConsoleOptions': 'neverOpen', 'editor.minimap.enabled': false } }, (opened) => {
    wb = opened;
  });

  test('Continue (F5) stops with a sentence, never the filter id nonFinite', async () => {
    fs.writeFileSync(path.join(wb.workspace, 'overflow.backprop.json'), JSON.stringify(OVERFLOW, null, 2) + '\n');
    await wb.openFile('overflow.backprop.json');
    await wb.runCommand('Backprop: Debug Network');
    await wb.waitForStop();
    await wb.page.keyboard.press('Control+1');
    await wb.changesCallStack(() => wb.page.keyboard.press('F5'));
    const sentence = 'Infinity in u of layer 2 (output), sample 0, neuron 0, during forward';
    const widget = wb.page.locator('.exception-widget');
    await widget.waitFor({ timeout: 15000 });
    assert.strictEqual(clean(await widget.locator('.title').innerText()), 'Exception has occurred: non-finite value (NaN or ±Infinity)');
    assert.strictEqual(clean(await widget.locator('.description').innerText()), sentence);
    assert.ok(!/nonFinite/.test(await widget.innerText()), 'the filter id is never shown');
    await wb.page.locator('.part.sidebar .pane-header').filter({ hasText: sentence }).first().waitFor({ timeout: 15000 });
    const frames = await wb.readCallStack();
    assert.match(frames[0], /^layer 2 \(output\) · forward overflow\.backprop\.json/);
    await wb.screenshot('non-finite');
  });
});
