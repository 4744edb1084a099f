// Breakpoints over DAP: function breakpoints by phase and layer, line breakpoints on a layer's line,
// conditions, hit counts, logpoints, the epoch breakpoint, the exception filters (NaN/±Infinity naming
// the culprit, exploding and vanishing gradients, dead ReLU), and the speed of a conditional continue.

import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { HAND, XOR, adapterSuite, cont, evaluate, launch, num, tempNetwork, where } from './helpers';

async function at(dc: DebugClient): Promise<string> {
  return `${await evaluate(dc, 'iteration')}:${(await where(dc))[0].name}`;
}

const fn = (dc: DebugClient, ...breakpoints: DebugProtocol.FunctionBreakpoint[]) => () => dc.setFunctionBreakpointsRequest({ breakpoints });

adapterSuite('adapter: breakpoints', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('function breakpoints by phase, and by phase and layer', async () => {
    let verified: boolean[] = [];
    await launch(dc, XOR, {}, async () => {
      const r = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'backward:1' }, { name: 'loss' }, { name: 'nonsense' }, { name: 'forward:9' }] });
      verified = r.body.breakpoints.map((b) => b.verified);
    });
    assert.deepStrictEqual(verified, [true, true, false, false]);
    let s = await cont(dc);
    assert.strictEqual(s.body.reason, 'breakpoint');
    assert.strictEqual(await at(dc), '1:loss E (sum-of-squares)');
    s = await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · backward');
    assert.strictEqual(s.body.hitBreakpointIds?.length, 1);
    await cont(dc);
    assert.strictEqual(await at(dc), '2:loss E (sum-of-squares)');
  });

  test('forward, backward and update breakpoints, changed while paused', async () => {
    await launch(dc, HAND, {}, fn(dc, { name: 'forward' }));
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · forward');
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 2 (output) · forward');
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'update' }, { name: 'backward' }] });
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 2 (output) · backward');
    await cont(dc);
    await cont(dc);
    assert.match(await at(dc), /^1:update/);
  });

  test('line breakpoints: a layer line hits forward and backward; other lines are not verified', async () => {
    let response: DebugProtocol.Breakpoint[] = [];
    await launch(dc, HAND, {}, async () => {
      const r = await dc.setBreakpointsRequest({ source: { path: HAND }, breakpoints: [{ line: 16 }, { line: 9 }, { line: 8 }, { line: 22 }] });
      response = r.body.breakpoints;
    });
    // line 9 is the comment between layers 0 and 1, line 8 the input layer
    assert.deepStrictEqual(response.map((b) => b.verified), [true, false, false, true]);
    assert.ok(response[1].message);
    assert.match(response[2].message ?? '', /inputs/);
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 2 (output) · forward');
    assert.strictEqual((await where(dc))[0].line, 16);
    await cont(dc);
    assert.strictEqual(await at(dc), '1:loss E (sum-of-squares)');
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 2 (output) · backward');
    await cont(dc);
    assert.strictEqual(await at(dc), '2:layer 2 (output) · forward');
  });

  test('the lines of "optimizer" (any of its object) and "weightDecay" stop at the update, where its frame points', async () => {
    const file = tempNetwork(
      [
        '{',
        '  "layers": [{ "size": 1 }, { "size": 1, "activation": "identity", "weights": [[1]], "biases": [0] }],',
        '  "loss": "sum-of-squares",',
        '  "optimizer": {',
        '    "name": "momentum",',
        '    "momentum": 0.5',
        '  },',
        '  "weightDecay": 0.1,',
        '  "data": { "inputs": [[1]], "targets": [[0]] },',
        '  "epochs": 3',
        '}',
      ].join('\n'),
      'optimizer-lines.backprop.json',
    );
    let response: DebugProtocol.Breakpoint[] = [];
    await launch(dc, file, {}, async () => {
      // line 6 is inside the optimizer's object (4-7); line 9 is "data", which stands for nothing
      const r = await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: 6 }, { line: 8, condition: 'iteration == 3' }, { line: 9 }] });
      response = r.body.breakpoints;
    });
    assert.deepStrictEqual(response.map((b) => [b.verified, b.line]), [[true, 4], [true, 8], [false, 9]]);
    assert.match(response[2].message ?? '', /"optimizer"/);
    await cont(dc);
    assert.match(await at(dc), /^1:update/);
    assert.strictEqual((await where(dc))[0].line, 4);
    await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: 8, condition: 'iteration == 3' }] });
    await cont(dc);
    assert.match(await at(dc), /^3:update/);
  });

  test('a line breakpoint anywhere in a layer\'s object binds to that layer, shown at its first line', async () => {
    let response: DebugProtocol.Breakpoint[] = [];
    await launch(dc, HAND, {}, async () => {
      // layer 1 spans lines 10-14: its "weights" line and its closing "}"; line 24 is "batch", outside every layer
      const r = await dc.setBreakpointsRequest({ source: { path: HAND }, breakpoints: [{ line: 12 }, { line: 14, condition: 'iteration == 2' }, { line: 24 }] });
      response = r.body.breakpoints;
    });
    assert.deepStrictEqual(response.map((b) => [b.verified, b.line]), [[true, 10], [true, 10], [false, 24]]);
    assert.match(response[2].message ?? '', /no layer/);
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · forward');
    assert.strictEqual((await where(dc))[0].line, 10);
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · backward');
    // without the unconditional one, the condition of the other holds
    await dc.setBreakpointsRequest({ source: { path: HAND }, breakpoints: [{ line: 10, condition: 'iteration == 2' }] });
    await cont(dc);
    assert.strictEqual(await at(dc), '2:layer 1 (hidden) · forward');
  });

  test('conditions in the watch language', async () => {
    await launch(dc, XOR, {}, fn(dc, { name: 'update', condition: 'iteration % 100 == 0 && epoch > 30' }));
    await cont(dc);
    // epoch > 30 means iteration > 120 (4 per epoch); the first multiple of 100 after that is 200
    assert.match(await at(dc), /^200:update/);
    await cont(dc);
    assert.match(await at(dc), /^300:update/);
  });

  test('a condition over a quantity not yet computed is false, not an error', async () => {
    await launch(dc, HAND, {}, fn(dc, { name: 'forward', condition: 'norm(dw[1]) >= 0' }, { name: 'backward:1', condition: 'norm(∂w[1]) >= 0' }));
    await cont(dc);
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · backward');
  });

  test('a condition that does not parse leaves the breakpoint unverified with the reason', async () => {
    let bp: DebugProtocol.Breakpoint | undefined;
    await launch(dc, HAND, {}, async () => {
      bp = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'loss', condition: 'loss < ' }] })).body.breakpoints[0];
    });
    assert.strictEqual(bp?.verified, false);
    assert.match(bp?.message ?? '', /condition/);
  });

  test('hit counts: exact, at least, every n-th', async () => {
    await launch(dc, XOR, {}, fn(dc, { name: 'forward:2', hitCondition: '% 10' }, { name: 'backward:1', hitCondition: '3' }));
    await cont(dc);
    assert.strictEqual(await at(dc), '3:layer 1 (hidden) · backward');
    await cont(dc);
    assert.strictEqual(await at(dc), '10:layer 2 (output) · forward');
    await cont(dc);
    assert.strictEqual(await at(dc), '20:layer 2 (output) · forward');
    dc = await adapter.restart();
    await launch(dc, XOR, {}, fn(dc, { name: 'loss', hitCondition: '>= 5', condition: 'iteration > 2' }));
    await cont(dc);
    // the count runs only while the condition holds: iterations 3, 4, 5, 6, 7 → the 5th is 7
    assert.match(await at(dc), /^7:loss/);
    await cont(dc);
    assert.match(await at(dc), /^8:loss/);
  });

  test('logpoints (on a function breakpoint, a field beyond DAP that the adapter accepts) print with {expression} interpolation and do not stop', async () => {
    const output: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console') output.push(e.body.output);
    });
    await launch(dc, HAND, {}, fn(dc, { name: 'loss', logMessage: 'E = {loss} at {iteration}, η {η}, {{literal}}', condition: 'iteration <= 2' } as DebugProtocol.FunctionBreakpoint, { name: 'update', condition: 'iteration == 2' }));
    await cont(dc);
    assert.match(await at(dc), /^2:update/);
    assert.strictEqual(output.length, 2);
    const m = /^E = (\S+) at 1, η 0\.5, \{literal\}\n$/.exec(output[0]);
    assert.ok(m, output[0]);
    assert.ok(Math.abs(Number(m[1]) - 0.298371109) < 1e-8, 'E of iteration 1 by hand');
    assert.match(output[1], /^E = \S+ at 2,/);
  });

  test('a logpoint on a line breakpoint', async () => {
    const output: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => {
      if (e.body.category === 'console') output.push(e.body.output);
    });
    await launch(dc, HAND, {}, async () => {
      await dc.setBreakpointsRequest({ source: { path: HAND }, breakpoints: [{ line: 10, logMessage: 'layer 1 y0={y[1][0][0]}', hitCondition: '1' }] });
      await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'update' }] });
    });
    await cont(dc);
    assert.strictEqual(output.length, 1);
    assert.ok(Math.abs(Number(output[0].replace('layer 1 y0=', '')) - 0.593269992) < 1e-8, output[0]);
  });

  test('the epoch breakpoint stops at the start of each epoch', async () => {
    await launch(dc, XOR, {}, fn(dc, { name: 'epoch' }));
    let s = await cont(dc);
    assert.strictEqual(s.body.reason, 'breakpoint');
    // 4 iterations per epoch: epoch 2 starts with iteration 5, before its forward pass
    assert.strictEqual(await evaluate(dc, 'epoch'), '2');
    assert.match(await at(dc), /^5:start of iteration 5/);
    assert.strictEqual(await evaluate(dc, 'u[1]'), 'not yet computed');
    s = await cont(dc);
    assert.match(await at(dc), /^9:start/);
    dc = await adapter.restart();
    s = await launch(dc, XOR, { stopOnEntry: false }, fn(dc, { name: 'epoch' }));
    assert.strictEqual(s.body.reason, 'breakpoint');
    assert.match(await at(dc), /^1:start/);
  });

  test('continuing to iteration 10,000 with conditions checked at every stop takes well under a second', async () => {
    await launch(dc, XOR, {}, fn(dc, ...['forward', 'loss', 'backward', 'update'].map((name) => ({ name, condition: 'iteration >= 10000 && eta > 0' }))));
    const start = Date.now();
    await cont(dc);
    const ms = Date.now() - start;
    assert.strictEqual(await at(dc), '10000:layer 1 (hidden) · forward');
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});

adapterSuite('adapter: exception filters', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  /** 1-1-1: a ReLU unit held dead by w = −1, then an identity output with w = 1e200, b = 1e150. */
  const overflow = JSON.stringify({
    layers: [{ size: 1 }, { size: 1, activation: 'relu', weights: [[-1]], biases: [0] }, { size: 1, activation: 'identity', weights: [[1e200]], biases: [1e150] }],
    loss: 'sum-of-squares',
    learningRate: 0.1,
    data: { inputs: [[1]], targets: [[0]] },
    epochs: 2,
  });

  test('NaN/±Infinity stops at the first culprit and names layer, neuron, quantity and phase', async () => {
    // by hand: u1 = −1 so y1 = 0 and f'(u1) = 0; y2 = 0 · 1e200 + 1e150 = 1e150; E = ½ 1e300 and
    // δ2 = y2 − t = 1e150 are finite; backward of layer 1: ∂y1 = δ2 · w2 = 1e350 = +Infinity
    // (then δ1 = Infinity · 0 = NaN)
    await launch(dc, tempNetwork(overflow));
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    assert.strictEqual(s.body.description, 'Infinity in ∂y of layer 1 (hidden), sample 0, neuron 0, during backward');
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · backward');
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.strictEqual(info.body.exceptionId, 'non-finite value (NaN or ±Infinity)'); // VS Code shows it: never the filter's id
    assert.strictEqual(info.body.description, s.body.description);
    assert.strictEqual(await evaluate(dc, 'delta[1][0][0]'), 'NaN');
  });

  test('a huge learning rate: the loss overflows first', async () => {
    // by hand, 1-1 identity, x = 1, t = 0, w = 1, b = 0, η = 1e300: iteration 1 gives ∂w = ∂b = 1, so
    // w = b = 1 − 1e300 ≈ −1e300; iteration 2: y = −2e300 and E = ½ y² = 2e600 → Infinity at the loss stop
    const path = tempNetwork(
      JSON.stringify({ layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[1]], biases: [0] }], loss: 'sum-of-squares', learningRate: 1e300, data: { inputs: [[1]], targets: [[0]] }, epochs: 5 }),
    );
    await launch(dc, path);
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    assert.strictEqual(s.body.description, 'Infinity in the loss E (sum-of-squares), sample 0, output neuron 0');
    assert.match(await at(dc), /^2:loss/);
    assert.strictEqual(await num(dc, 'y[1][0][0]'), -2e300);
  });

  test('with the filter off, training runs through the NaNs', async () => {
    await launch(dc, tempNetwork(overflow), {}, () => dc.setExceptionBreakpointsRequest({ filters: [] }));
    const s = await cont(dc);
    assert.strictEqual(s.body.description, 'training finished');
  });

  test('exploding and vanishing gradients against the launch thresholds', async () => {
    // hand example: ‖∂w‖ of layer 2 ≈ 0.11 (∂w_5 = 0.0822 is one of its entries)
    await launch(dc, HAND, { explodingGradientThreshold: 0.05 }, () => dc.setExceptionBreakpointsRequest({ filters: ['exploding'] }));
    let s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    assert.match(s.body.description ?? '', /^exploding gradient in layer 2: ‖∂w‖ = \S+ > 0\.05, during backward$/);
    dc = await adapter.restart();
    await launch(dc, HAND, { vanishingGradientThreshold: 1 }, () => dc.setExceptionBreakpointsRequest({ filters: ['vanishing'] }));
    s = await cont(dc);
    assert.match(s.body.description ?? '', /^vanishing gradient in layer 2/);
  });

  test('dead ReLU units', async () => {
    await launch(dc, tempNetwork(overflow), {}, () => dc.setExceptionBreakpointsRequest({ filters: ['deadRelu'] }));
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    assert.match(s.body.description ?? '', /^dead ReLU in layer 1: neuron\(s\) 0 /);
    assert.strictEqual(await at(dc), '1:layer 1 (hidden) · forward');
  });
});
