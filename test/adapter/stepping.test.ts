// Stepping a training run over DAP: Step Over at each granularity, Step Into neuron by neuron,
// Step Out, Step Back to a bit-identical state, Reverse Continue, seek (time travel), Restart and
// the end of training.

import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { STATE_EVENT, type StateSnapshot } from '../../src/protocol/snapshot';
import { HAND, XOR, adapterSuite, cont, dump, evaluate, launch, num, resume, reverseContinue, seek, step, stepBack, stepIn, stepOut, tempNetwork, where } from './helpers';

/** The iteration and stop done, read through evaluate and the call stack. */
async function at(dc: DebugClient): Promise<string> {
  const frames = await where(dc);
  return `${await evaluate(dc, 'iteration')}:${frames[0].name}`;
}

adapterSuite('adapter: stepping', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('Step Over at granularity stop visits every stop of an iteration in order, then the next iteration', async () => {
    await launch(dc, HAND);
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const s = await step(dc);
      assert.strictEqual(s.body.reason, 'step');
      names.push((await where(dc))[0].name);
    }
    assert.deepStrictEqual(names.map((n) => n.replace(/ ·.*/, '').replace(/ .*/, '')), ['layer', 'layer', 'loss', 'layer', 'layer', 'update', 'layer']);
    assert.strictEqual(await evaluate(dc, 'iteration'), '2');
  });

  test('Step Over at granularity layer skips the loss and update stops', async () => {
    await launch(dc, HAND, { granularity: 'layer' });
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      await step(dc);
      seen.push(await at(dc));
    }
    assert.deepStrictEqual(seen, [
      '1:layer 1 (hidden) · forward',
      '1:layer 2 (output) · forward',
      '1:layer 2 (output) · backward',
      '1:layer 1 (hidden) · backward',
      '2:layer 1 (hidden) · forward',
    ]);
  });

  test('Step Over at granularity iteration and epoch', async () => {
    await launch(dc, XOR, { granularity: 'iteration' });
    await step(dc);
    assert.match(await at(dc), /^1:update/);
    await step(dc);
    assert.match(await at(dc), /^2:update/);
    dc = await adapter.restart();
    await launch(dc, XOR, { granularity: 'epoch' });
    await step(dc);
    // XOR: 4 samples, batch 1 → 4 iterations per epoch
    assert.match(await at(dc), /^4:update/);
    assert.strictEqual(await evaluate(dc, 'epoch'), '1');
    await step(dc);
    assert.match(await at(dc), /^8:update/);
  });

  test('Step Into forms a layer neuron by neuron: u_j then y_j, the rest not yet computed', async () => {
    await launch(dc, HAND);
    const states: StateSnapshot[] = [];
    dc.on(STATE_EVENT, (e: DebugProtocol.Event) => states.push(e.body as StateSnapshot));
    await stepIn(dc);
    // the inspector is told which neuron is being formed
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(states[states.length - 1].forming, { layer: 1, phase: 'forward', first: 1, second: 0 });
    assert.match((await where(dc))[0].name, /^neuron 0 · u_0/);
    assert.notStrictEqual(await evaluate(dc, 'u[1][0][0]'), 'not yet computed');
    assert.strictEqual(await evaluate(dc, 'y[1][0][0]'), 'not yet computed');
    assert.strictEqual(await evaluate(dc, 'u[1][0][1]'), 'not yet computed');
    // u_0 = 0.05·0.15 + 0.10·0.20 + 0.35, by hand
    assert.ok(Math.abs((await num(dc, 'u[1][0][0]')) - 0.3775) < 1e-15);
    let vars = await dump(dc);
    assert.strictEqual(vars.get('Layer 1 (sigmoid)/y/[0]/[0]'), 'not yet computed');
    await stepIn(dc);
    assert.match((await where(dc))[0].name, /^neuron 0 · y_0/);
    await new Promise((r) => setTimeout(r, 50)); // the stop's state follows the answer to the stack request
    assert.deepStrictEqual(states[states.length - 1].forming, { layer: 1, phase: 'forward', first: 1, second: 1 });
    assert.ok(Math.abs((await num(dc, 'y[1][0][0]')) - 0.593269992) < 1e-8);
    assert.strictEqual(await evaluate(dc, 'u[1][0][1]'), 'not yet computed');
    await stepIn(dc);
    assert.match((await where(dc))[0].name, /^neuron 1 · u_1/);
    await stepIn(dc);
    // the last sub-step is a stop of its own too: neuron 1's y, every neuron formed
    assert.match((await where(dc))[0].name, /^neuron 1 · y_1/);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(states[states.length - 1].forming, { layer: 1, phase: 'forward', first: 2, second: 2 });
    vars = await dump(dc);
    assert.notStrictEqual(vars.get('Layer 1 (sigmoid)/y/[0]/[1]'), 'not yet computed');
    // Step Over there goes on to the next stop: the layer is already formed
    await step(dc);
    assert.strictEqual((await where(dc))[0].name, 'layer 2 (output) · forward');
    await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(states[states.length - 1].forming, undefined);
    await stepBack(dc);
    assert.strictEqual((await where(dc))[0].name, 'layer 1 (hidden) · forward');
    // Step Back inside a layer un-forms the last neuron
    await stepIn(dc);
    await stepBack(dc);
    assert.strictEqual((await where(dc))[0].name, 'layer 1 (hidden) · forward');
    // the loss is one step
    await step(dc);
    await stepIn(dc);
    assert.match((await where(dc))[0].name, /^loss/);
    // backward: ∂y_k then δ_k
    await stepIn(dc);
    assert.match((await where(dc))[0].name, /^neuron 0 · ∂y_0/);
    assert.strictEqual(await evaluate(dc, 'delta[2][0][0]'), 'not yet computed');
    await stepIn(dc);
    assert.ok(Math.abs((await num(dc, 'delta[2][0][0]')) - 0.138498562) < 1e-8);
    // Step Over inside a layer finishes it
    await step(dc);
    assert.strictEqual((await where(dc))[0].name, 'layer 2 (output) · backward');
  });

  test('Step Into a softmax layer forms every u before any y (y_k needs them all), and every ∂y before any δ', async () => {
    const net = tempNetwork(JSON.stringify({
      layers: [{ size: 2 }, { size: 3, activation: 'softmax' }],
      loss: 'sum-of-squares',
      data: { inputs: [[0.5, -0.5]], targets: [[1, 0, 0]] },
    }));
    await launch(dc, net);
    const labels: string[] = [];
    for (let i = 0; i < 6; i++) {
      await stepIn(dc);
      labels.push((await where(dc))[0].name.replace(/ =.*/, ''));
      if (i === 2) {
        // all three u formed, no y yet
        assert.notStrictEqual(await evaluate(dc, 'u[1][0][2]'), 'not yet computed');
        assert.strictEqual(await evaluate(dc, 'y[1][0][0]'), 'not yet computed');
      }
    }
    // the last Step Into forms the last y; the next goes on to the loss
    assert.deepStrictEqual(labels, ['neuron 0 · u_0', 'neuron 1 · u_1', 'neuron 2 · u_2', 'neuron 0 · y_0', 'neuron 1 · y_1', 'neuron 2 · y_2']);
    await stepIn(dc); // the loss
    assert.match((await where(dc))[0].name, /^loss/);
    await stepIn(dc); // into the backward pass
    for (let i = 0; i < 3; i++) await stepIn(dc);
    // ∂y_0..2 formed, then the first δ, through the softmax Jacobian
    assert.match((await where(dc))[0].name, /^neuron 0 · δ_0 = y_0 \(∂y_0 − Σ_r ∂y_r y_r\)/);
  });

  test("Step Into a one-neuron identity output layer (sin's): ∂y_0, then δ_0, each a stop of its own", async () => {
    const net = tempNetwork(JSON.stringify({
      layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[2]], biases: [0.5] }],
      loss: 'sum-of-squares',
      data: { inputs: [[1]], targets: [[1]] },
    }));
    await launch(dc, net);
    const labels: string[] = [];
    for (let i = 0; i < 5; i++) {
      await stepIn(dc);
      labels.push((await where(dc))[0].name.replace(/ =.*/, ''));
      // u = 2 · 1 + 0.5 = 2.5 = y; δ = y − t = 1.5, by hand
      if (i === 3) assert.strictEqual(await evaluate(dc, 'delta[1][0][0]'), 'not yet computed');
      if (i === 4) assert.strictEqual(await num(dc, 'delta[1][0][0]'), 1.5);
    }
    assert.deepStrictEqual(labels, ['neuron 0 · u_0', 'neuron 0 · y_0', 'loss E (sum-of-squares)', 'neuron 0 · ∂y_0', 'neuron 0 · δ_0']);
  });

  test("Step Over at a layer's last sub-step goes on to the next stop (the layer is already formed)", async () => {
    const net = tempNetwork(JSON.stringify({
      layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[2]], biases: [0.5] }],
      loss: 'sum-of-squares',
      data: { inputs: [[1]], targets: [[1]] },
    }));
    await launch(dc, net);
    await stepIn(dc); // u_0
    await stepIn(dc); // y_0: the layer's last sub-step
    assert.match((await where(dc))[0].name, /^neuron 0 · y_0/);
    await step(dc);
    assert.match((await where(dc))[0].name, /^loss E/);
  });

  test('Step Out goes to the end of the iteration, and from there to the end of the epoch', async () => {
    await launch(dc, XOR);
    await step(dc);
    await stepOut(dc);
    assert.match(await at(dc), /^1:update/);
    await stepOut(dc);
    assert.match(await at(dc), /^4:update/);
  });

  test('Step Back returns to a bit-identical state, and stepping forward again gives the same numbers', async () => {
    await launch(dc, XOR);
    await seek(dc, 3, 3);
    const before = await dump(dc);
    const back = await step(dc).then(() => step(dc)).then(() => dump(dc));
    for (let i = 0; i < 2; i++) await stepBack(dc);
    assert.deepStrictEqual(await dump(dc), before);
    await step(dc);
    await step(dc);
    assert.deepStrictEqual(await dump(dc), back);
    // across an iteration boundary
    await seek(dc, 4, 1);
    const start = await dump(dc);
    await stepBack(dc);
    assert.match(await at(dc), /^3:update/);
    await step(dc);
    assert.deepStrictEqual(await dump(dc), start);
    // far back through the history and forward again
    await seek(dc, 50, 4);
    const fifty = await dump(dc);
    await seek(dc, 2, 1);
    await seek(dc, 50, 4);
    assert.deepStrictEqual(await dump(dc), fifty);
  });

  test('Step Back at the very start stays there', async () => {
    await launch(dc, HAND);
    await step(dc);
    await stepBack(dc);
    assert.match((await where(dc))[0].name, /^start of iteration 1/);
    await stepBack(dc);
    assert.match((await where(dc))[0].name, /^start of iteration 1/);
  });

  test('Reverse Continue runs back to the previous breakpoint hit, or to the start', async () => {
    await launch(dc, XOR, {}, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'loss', condition: 'iteration % 10 == 0' }] }));
    let s = await cont(dc);
    assert.strictEqual(s.body.reason, 'breakpoint');
    assert.match(await at(dc), /^10:loss/);
    s = await cont(dc);
    assert.match(await at(dc), /^20:loss/);
    const twenty = await dump(dc);
    await step(dc);
    await step(dc);
    s = await reverseContinue(dc);
    assert.strictEqual(s.body.reason, 'breakpoint');
    assert.match(await at(dc), /^20:loss/);
    assert.deepStrictEqual(await dump(dc), twenty);
    s = await reverseContinue(dc);
    assert.match(await at(dc), /^10:loss/);
    s = await reverseContinue(dc);
    assert.strictEqual(s.body.reason, 'entry');
    assert.match((await where(dc))[0].name, /^start of iteration 1/);
  });

  test('Reverse Continue finds a hit more than one window back', async () => {
    await launch(dc, XOR, {}, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'update', condition: 'iteration == 7' }] }));
    await cont(dc);
    await seek(dc, 300, 2);
    const s = await reverseContinue(dc);
    assert.strictEqual(s.body.reason, 'breakpoint');
    assert.match(await at(dc), /^7:update/);
  });

  test('seek travels to any stop and reports goto', async () => {
    await launch(dc, XOR);
    const s = await seek(dc, 100, 2);
    assert.strictEqual(s.body.reason, 'goto');
    assert.match(await at(dc), /^100:layer 2 \(output\) · forward/);
  });

  test('Restart starts over at the entry stop', async () => {
    await launch(dc, XOR);
    await seek(dc, 20, 3);
    const s = await resume(dc, (c) => c.restartRequest({}));
    assert.strictEqual(s.body.reason, 'entry');
    assert.strictEqual(await evaluate(dc, 'iteration'), '1');
  });

  test('Continue past the last update stops with "training finished"; a further Continue terminates', async () => {
    const path = tempNetwork(
      JSON.stringify({
        layers: [{ size: 1 }, { size: 1, activation: 'sigmoid' }],
        loss: 'sum-of-squares',
        learningRate: 0.1,
        data: { inputs: [[1], [0]], targets: [[1], [0]] },
        epochs: 3,
      }),
    );
    await launch(dc, path);
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'pause');
    assert.strictEqual(s.body.description, 'training finished');
    assert.strictEqual(await evaluate(dc, 'iteration'), '6');
    // still inspectable and steppable back
    await stepBack(dc);
    assert.strictEqual(await evaluate(dc, 'iteration'), '6');
    await step(dc);
    const terminated = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await terminated;
  });
});
