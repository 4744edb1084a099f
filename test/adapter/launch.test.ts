// Launching the `backprop` debug adapter over DAP: the entry stop, the call stack pointing into the
// network file, an invalid file refused with its line and column, and the values of the classic
// 2-2-2 worked example checked against its published hand-computed numbers.

import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { EXAMPLE_HAND, HAND, adapterSuite, close, dump, evaluate, launch, num, seek, step, tempNetwork, where } from './helpers';

adapterSuite('adapter: launch', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('stops on entry before the forward pass, one thread, frames in the network file', async () => {
    const stopped = await launch(dc, HAND);
    assert.strictEqual(stopped.body.reason, 'entry');
    const threads = (await dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(threads.map((t) => t.name), ['training']);
    const frames = await where(dc);
    for (const f of frames) assert.strictEqual(f.source?.path, HAND, `frame ${f.name} has the network's path`);
    assert.match(frames[frames.length - 1].name, /^iteration 1 \(epoch 1\)$/);
    assert.strictEqual(frames[0].line, 10, 'entry points at layer 1');
    assert.strictEqual(await evaluate(dc, 'u[1]'), 'not yet computed');
    assert.strictEqual(await evaluate(dc, 'loss'), 'not yet computed');
  });

  test('frames name iteration, phase and layer and point at their lines', async () => {
    await launch(dc, HAND);
    await step(dc);
    let frames = await where(dc);
    assert.deepStrictEqual(frames.map((f) => f.name), ['layer 1 (hidden) · forward', 'forward', 'iteration 1 (epoch 1)']);
    assert.deepStrictEqual(frames.map((f) => f.line), [10, 5, 5]);
    await step(dc);
    assert.strictEqual((await where(dc))[0].line, 16);
    await step(dc);
    frames = await where(dc);
    assert.match(frames[0].name, /^loss/);
    assert.strictEqual(frames[0].line, 22);
    await step(dc);
    frames = await where(dc);
    assert.deepStrictEqual(frames.map((f) => f.name), ['layer 2 (output) · backward', 'backward', 'iteration 1 (epoch 1)']);
    await step(dc);
    await step(dc);
    frames = await where(dc);
    assert.match(frames[0].name, /^update/);
    assert.strictEqual(frames[0].line, 23);
  });

  test('an invalid network file fails the launch with file:line:column', async () => {
    const path = tempNetwork('{\n  "layers": [\n    { "size": 2 },\n    { "size": "three" }\n  ]\n}\n');
    await dc.initializeRequest();
    await assert.rejects(
      dc.launchRequest({ network: path } as never),
      (e: Error) => {
        assert.ok(e.message.startsWith(`${path}:4:`), e.message);
        assert.match(e.message, /^.+:\d+:\d+: .+/);
        return true;
      },
    );
  });

  test('in Korean when VS Code says so: frames, scopes, filters; the symbols untranslated', async () => {
    const init = await dc.initializeRequest({ adapterID: 'backprop', locale: 'ko', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    assert.ok(init.body?.exceptionBreakpointFilters?.some((f) => f.label === '기울기 폭발'));
    await Promise.all([dc.launchRequest({ network: HAND, stopOnEntry: true } as never), dc.configurationDoneRequest(), dc.waitForEvent('stopped')]);
    await step(dc);
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
    assert.deepStrictEqual(frames, ['층 1 (은닉층) · 순전파', '순전파', '반복 1 (에포크 1)']);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes.map((x) => x.name);
    // the layer being computed first: VS Code's Variables view expands the first scope
    assert.deepStrictEqual(scopes, ['층 1 (sigmoid)', '층 0 (입력층)', '층 2 (sigmoid)', '학습']);
    assert.strictEqual(await evaluate(dc, 'delta[1]'), '아직 계산되지 않음');
  });

  test('a missing network file fails the launch', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.launchRequest({ network: '/nonexistent/x.backprop.json' } as never), /x\.backprop\.json:1:1: cannot read/);
  });
});

adapterSuite('adapter: the 2-2-2 worked example by hand', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  // The published hand calculation (inputs 0.05, 0.10; targets 0.01, 0.99; η = 0.5).
  const tol = 1e-8;

  for (const [name, file] of [['examples/hand-2-2-2.backprop.json', EXAMPLE_HAND], ['the tests’ copy', HAND]]) {
  test(`forward, loss, backward and update match the hand-computed values (${name})`, async () => {
    await launch(dc, file);
    await seek(dc, 1, 2);
    close(await num(dc, 'y[1][0][0]'), 0.593269992, tol, 'y_h1');
    close(await num(dc, 'y[1][0][1]'), 0.596884378, tol, 'y_h2');
    close(await num(dc, 'y[2][0][0]'), 0.75136507, tol, 'y_o1');
    close(await num(dc, 'y[2][0][1]'), 0.772928465, tol, 'y_o2');
    await step(dc);
    close(await num(dc, 'loss'), 0.298371109, tol, 'E');
    close(await num(dc, 'E'), 0.298371109, tol, 'E (alias)');
    await step(dc);
    close(await num(dc, 'delta[2][0][0]'), 0.138498562, tol, 'δ_o1');
    close(await num(dc, 'δ[2][0][0]'), 0.138498562, tol, 'δ_o1 (alias)');
    close(await num(dc, 'dw[2][0][0]'), 0.082167041, tol, '∂w_5');
    await step(dc);
    await step(dc);
    const updated: [string, number][] = [
      ['w[2][0][0]', 0.35891648],
      ['w[2][1][0]', 0.408666186],
      ['w[2][0][1]', 0.51130127],
      ['w[2][1][1]', 0.561370121],
      ['w[1][0][0]', 0.149780716],
      ['w[1][1][0]', 0.19956143],
      ['w[1][0][1]', 0.24975114],
      ['w[1][1][1]', 0.29950229],
    ];
    for (const [name, v] of updated) close(await num(dc, name), v, tol, name);
  });
  }

  test('the Variables view shows the same numbers at full precision, unicode labels, ASCII evaluateNames', async () => {
    await launch(dc, HAND);
    await seek(dc, 1, 4);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    // the layer being computed first (VS Code expands the first scope), the others in their order
    assert.deepStrictEqual(scopes.map((s) => s.name), ['Layer 2 (sigmoid)', 'Layer 0 (input)', 'Layer 1 (sigmoid)', 'Training']);
    assert.strictEqual(scopes[0].presentationHint, 'locals');
    const vars = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables;
    assert.deepStrictEqual(vars.map((v) => v.name), ['u', 'y', 'δ', '∂y', '∂w', '∂b', 'w', 'b']);
    assert.deepStrictEqual(vars.map((v) => v.evaluateName), ['u[2]', 'y[2]', 'delta[2]', 'dy[2]', 'dw[2]', 'db[2]', 'w[2]', 'b[2]']);
    const all = await dump(dc);
    close(Number(all.get('Layer 2 (sigmoid)/δ/[0]/[0]')), 0.138498562, tol, 'δ in Variables');
    close(Number(all.get('Layer 2 (sigmoid)/∂w/[0]/[0]')), 0.082167041, tol, '∂w in Variables');
    assert.strictEqual(all.get('Layer 1 (sigmoid)/δ'), 'not yet computed', 'layer 1 backward comes later');
    close(Number(all.get('Training/E')), 0.298371109, tol, 'E in Training');
    // one sample, one batch an epoch: the epoch's mean E_s is E itself, and epoch 1 is complete once E is
    close(Number(all.get('Training/epochLoss')), 0.298371109, tol, 'epochLoss in Training');
    close(Number(all.get('Training/lastEpochLoss')), 0.298371109, tol, 'lastEpochLoss in Training');
    assert.strictEqual(all.get('Training/η'), '0.5');
    // full precision: the text reads back as exactly the double the evaluator returns
    const text = all.get('Layer 2 (sigmoid)/y/[0]/[0]') ?? '';
    assert.strictEqual(text, await evaluate(dc, 'y[2][0][0]'));
    assert.ok(text.replace(/^0\./, '').length >= 15, `full precision: ${text}`);
  });
});
