// The optimizer's state in the debugger over DAP (issue 13, "stepped and shown"): the Variables scope
// "Optimizer", the expressions v[L], h[L], m[L], mhat, vhat, step[L], lr[L] (the bias's vb, hb, mb, …),
// mask[L] and updates (t), Step Into through the update layer by layer, Step Back restoring the state,
// Set Value of η from the next update on, and the optimizer's part of the state sent to the inspector.
// Every expected number is worked out here from ∂w and ∂b as read at the backward stops, with the
// textbook's formulas, never copied from the adapter's own answers.

import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { decodeMatrix } from '../../src/protocol/buffers';
import { STATE_EVENT, type StateSnapshot } from '../../src/protocol/snapshot';
import { adapterSuite, cont, dump, evaluate, launch, num, seek, step, stepBack, stepIn, tempNetwork, where } from './helpers';

/** The 2-2-2 worked example (inputs 0.05, 0.10; targets 0.01, 0.99) with `extra` top-level fields and layer 1's `layer1` fields. */
function network(extra: string, layer1 = ''): string {
  return tempNetwork(
    [
      '{',
      '  "name": "2-2-2 with an optimizer",',
      '  "layers": [',
      '    { "size": 2 },',
      `    { "size": 2, "activation": "sigmoid", "weights": [[0.15, 0.25], [0.20, 0.30]], "biases": [0.35, 0.35]${layer1} },`,
      '    { "size": 2, "activation": "sigmoid", "weights": [[0.40, 0.50], [0.45, 0.55]], "biases": [0.60, 0.60] }',
      '  ],',
      '  "loss": "sum-of-squares",',
      '  "learningRate": 0.1,',
      extra,
      '  "batch": { "size": 1, "reduction": "sum" },',
      '  "data": { "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] },',
      '  "epochs": 100',
      '}',
      '',
    ].join('\n'),
    'optimizer.backprop.json',
  );
}

const ADAM = '  "optimizer": { "name": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 },';
/** positions in an iteration of the 2-2-2 network: forward 1, 2, the loss, backward 2, 1, the update */
const BACKWARD_1 = 5;
const UPDATE = 6;

function closeRel(actual: number, expected: number, what: string, rel = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${what}: ${actual}, by hand ${expected}`);
}

/** The scope's children by name. */
async function children(dc: DebugClient, ref: number): Promise<Map<string, DebugProtocol.Variable>> {
  return new Map((await dc.variablesRequest({ variablesReference: ref })).body.variables.map((v) => [v.name, v]));
}

/** Element [j][k] (or [k] of a vector) of an expandable variable. */
async function element(dc: DebugClient, v: DebugProtocol.Variable, j: number, k?: number): Promise<string> {
  const rows = (await dc.variablesRequest({ variablesReference: v.variablesReference })).body.variables;
  if (k === undefined) return rows[j].value;
  return (await dc.variablesRequest({ variablesReference: rows[j].variablesReference })).body.variables[k].value;
}

adapterSuite('adapter: the optimizer in Variables and expressions', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('Adam over two updates: m, v, m̂, v̂, the step, the effective learning rate and t, by hand from ∂w', async () => {
    await launch(dc, network(ADAM));
    const eta = 0.1;
    await seek(dc, 1, BACKWARD_1);
    // before the first update the state is zero and t = 0; the step does not exist yet
    assert.strictEqual(await num(dc, 'm[2][0][1]'), 0);
    assert.strictEqual(await num(dc, 'vb[2][1]'), 0);
    assert.strictEqual(await num(dc, 'updates'), 0);
    assert.strictEqual(await evaluate(dc, 'step[2]'), 'not yet computed');
    const g1 = await num(dc, 'dw[2][0][1]');
    const gb1 = await num(dc, 'db[2][1]');
    const w0 = await num(dc, 'w[2][0][1]');
    assert.strictEqual(w0, 0.5);
    await seek(dc, 1, UPDATE);
    // t = 1: m = (1 − β₁)g, v = (1 − β₂)g², m̂ = m/(1 − β₁), v̂ = v/(1 − β₂), w ← w − η m̂/(√v̂ + ε)
    const m1 = 0.1 * g1;
    const v1 = 0.001 * g1 * g1;
    const mhat1 = m1 / (1 - 0.9);
    const vhat1 = v1 / (1 - 0.999);
    const step1 = -eta * mhat1 / (Math.sqrt(vhat1) + 1e-8);
    assert.strictEqual(await num(dc, 'updates'), 1);
    closeRel(await num(dc, 'm[2][0][1]'), m1, 'm');
    closeRel(await num(dc, 'v[2][0][1]'), v1, 'v');
    closeRel(await num(dc, 'mhat[2][0][1]'), mhat1, 'm̂');
    closeRel(await num(dc, 'vhat[2][0][1]'), vhat1, 'v̂');
    closeRel(await num(dc, 'lr[2][0][1]'), eta / (Math.sqrt(vhat1) + 1e-8), 'η/(√v̂ + ε)');
    closeRel(await num(dc, 'step[2][0][1]'), step1, 'step');
    closeRel(await num(dc, 'w[2][0][1]'), w0 + step1, 'w after the update');
    // the first Adam step is about −η sign(g): the bias-corrected ratio m̂/√v̂ is ±1
    assert.ok(Math.abs(Math.abs(step1) - eta) < 1e-6);
    closeRel(await num(dc, 'mb[2][1]'), 0.1 * gb1, 'm of b');
    closeRel(await num(dc, 'stepb[2][1]'), -eta * (0.1 * gb1 / 0.1) / (Math.sqrt((0.001 * gb1 * gb1) / 0.001) + 1e-8), 'step of b');

    await seek(dc, 2, BACKWARD_1);
    const g2 = await num(dc, 'dw[2][0][1]');
    const w1 = await num(dc, 'w[2][0][1]');
    await seek(dc, 2, UPDATE);
    // t = 2: m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², m̂ = m/(1 − β₁²), v̂ = v/(1 − β₂²)
    const m2 = 0.9 * m1 + 0.1 * g2;
    const v2 = 0.999 * v1 + 0.001 * g2 * g2;
    const mhat2 = m2 / (1 - 0.81);
    const vhat2 = v2 / (1 - 0.999 * 0.999);
    const step2 = -eta * mhat2 / (Math.sqrt(vhat2) + 1e-8);
    assert.strictEqual(await num(dc, 'updates'), 2);
    closeRel(await num(dc, 'm[2][0][1]'), m2, 'm at t = 2');
    closeRel(await num(dc, 'v[2][0][1]'), v2, 'v at t = 2');
    closeRel(await num(dc, 'mhat[2][0][1]'), mhat2, 'm̂ at t = 2', 1e-11);
    closeRel(await num(dc, 'step[2][0][1]'), step2, 'step at t = 2', 1e-11);
    closeRel(await num(dc, 'w[2][0][1]'), w1 + step2, 'w after the second update', 1e-12);
    // conditions and the Debug Console read them too
    assert.strictEqual(await evaluate(dc, 'updates == 2 && norm(step[2]) > 0', 'repl'), 'true');
  });

  test('the Optimizer scope: first at the update stop, the state before and after per layer, t, the rule', async () => {
    await launch(dc, network(ADAM));
    await seek(dc, 1, BACKWARD_1);
    const g = await num(dc, 'dw[1][1][0]');
    let scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    // Adam keeps its state at every stop: the scope is there (after the layer being computed and Training)
    assert.deepStrictEqual(scopes.map((s) => s.name), ['Layer 1 (sigmoid)', 'Layer 0 (input)', 'Layer 2 (sigmoid)', 'Training', 'Optimizer']);
    await seek(dc, 1, UPDATE);
    scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    assert.strictEqual(scopes[0].name, 'Optimizer', 'VS Code expands the first scope: the optimizer at the update');
    const top = await children(dc, scopes[0].variablesReference);
    assert.strictEqual(top.get('optimizer')?.value, 'adam · β₁ = 0.9, β₂ = 0.999, ε = 1e-8');
    assert.match(top.get('optimizer')?.type ?? '', /m ← β₁m \+ \(1−β₁\)∂w; v ← β₂v \+ \(1−β₂\)∂w⊙∂w; w ← w − η m̂\/\(√v̂ \+ ε\)/);
    assert.strictEqual(top.get('t')?.value, '1');
    assert.strictEqual(top.get('t')?.evaluateName, 'updates');
    const layer1 = await children(dc, (top.get('layer 1 (hidden)') as DebugProtocol.Variable).variablesReference);
    assert.deepStrictEqual([...layer1.keys()], ['m', 'm (before)', 'v', 'v (before)', 'm̂', 'v̂', 'η/(√v̂+ε)', 'step', 'mb', 'mb (before)', 'vb', 'vb (before)', 'm̂b', 'v̂b', 'η/(√v̂b+ε)', 'stepb']);
    // by hand from ∂w_10 of layer 1: m = 0.1 g, before 0; v = 0.001 g²
    closeRel(Number(await element(dc, layer1.get('m') as DebugProtocol.Variable, 1, 0)), 0.1 * g, 'm in Variables');
    assert.strictEqual(await element(dc, layer1.get('m (before)') as DebugProtocol.Variable, 1, 0), '0');
    closeRel(Number(await element(dc, layer1.get('v') as DebugProtocol.Variable, 1, 0)), 0.001 * g * g, 'v in Variables');
    assert.strictEqual(layer1.get('m')?.evaluateName, 'm[1]');
    assert.strictEqual(layer1.get('vb')?.evaluateName, 'vb[1]');
    assert.strictEqual(layer1.get('η/(√v̂+ε)')?.evaluateName, 'lr[1]');
    assert.match(layer1.get('η/(√v̂+ε)')?.type ?? '', /step = −\(η\/\(√v̂\+ε\)\) · m̂/);
    assert.match((await where(dc))[0].name, /^update \(adam\) · m ← β₁m/);
  });

  test('Step Into at the update goes layer by layer; the layers not reached show w and the state before', async () => {
    await launch(dc, network(ADAM));
    await seek(dc, 1, BACKWARD_1);
    const w1Before = await num(dc, 'w[1][1][0]');
    const w2Before = await num(dc, 'w[2][0][1]');
    const g2 = await num(dc, 'dw[2][0][1]');
    await stepIn(dc);
    let frames = await where(dc);
    assert.match(frames[0].name, /^layer 1 \(hidden\) · m ← /);
    assert.match(frames[1].name, /^update \(adam\)/);
    assert.notStrictEqual(await num(dc, 'w[1][1][0]'), w1Before, 'layer 1 is updated');
    assert.strictEqual(await num(dc, 'w[2][0][1]'), w2Before, 'layer 2 not yet');
    assert.strictEqual(await num(dc, 'm[2][0][1]'), 0, 'layer 2 shows its state before');
    assert.strictEqual(await evaluate(dc, 'step[2]'), 'not yet computed');
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const top = await children(dc, scopes[0].variablesReference);
    assert.strictEqual(top.get('layer 2 (output)')?.value, 'not updated yet (Step Into)');
    await stepIn(dc);
    frames = await where(dc);
    assert.match(frames[0].name, /^layer 2 \(output\) · m ← /);
    closeRel(await num(dc, 'm[2][0][1]'), 0.1 * g2, 'm of layer 2 after its sub-step');
    closeRel(await num(dc, 'w[2][0][1]'), w2Before - 0.1 * Math.sign(g2) * (1 / (1 + 1e-8 / Math.abs(g2))), 'w of layer 2 after its sub-step', 1e-9);
    // Step Back: layer 1's sub-step again, then the backward stop
    await stepBack(dc);
    assert.match((await where(dc))[0].name, /^layer 1 \(hidden\) · /);
    assert.strictEqual(await num(dc, 'w[2][0][1]'), w2Before);
    await stepBack(dc);
    assert.strictEqual((await where(dc))[0].name, 'layer 1 (hidden) · backward');
    // Step Over at a sub-step finishes the update; Step Into after the last layer goes on
    await stepIn(dc);
    await step(dc);
    assert.match((await where(dc))[0].name, /^update \(adam\)/);
    assert.notStrictEqual(await num(dc, 'w[2][0][1]'), w2Before);
    await stepIn(dc);
    assert.strictEqual(await num(dc, 'iteration'), 2);
  });

  test('Step Back over an Adam update restores m, v, t and the Variables bit for bit', async () => {
    await launch(dc, network(ADAM));
    const names = ['m[2][0][1]', 'v[1][1][0]', 'mb[1][0]', 'step[2][1][1]', 'w[2][0][0]', 'updates'];
    await seek(dc, 1, UPDATE);
    const at1 = await Promise.all(names.map((n) => evaluate(dc, n)));
    await seek(dc, 2, UPDATE);
    const at2 = await Promise.all(names.map((n) => evaluate(dc, n)));
    const vars2 = await dump(dc);
    await seek(dc, 5, UPDATE);
    assert.notDeepStrictEqual(await Promise.all(names.map((n) => evaluate(dc, n))), at2);
    await seek(dc, 3, 1);
    await stepBack(dc);
    assert.deepStrictEqual(await Promise.all(names.map((n) => evaluate(dc, n))), at2);
    assert.deepStrictEqual(await dump(dc), vars2);
    await stepBack(dc);
    // back before the update of iteration 2: the state the first update left, t = 1
    assert.strictEqual(await num(dc, 'updates'), 1);
    assert.deepStrictEqual(await Promise.all(names.slice(0, 3).map((n) => evaluate(dc, n))), at1.slice(0, 3));
    assert.strictEqual(await evaluate(dc, 'step[2]'), 'not yet computed');
  });

  test('Set Value of η applies from the next update', async () => {
    await launch(dc, network(ADAM));
    await seek(dc, 1, UPDATE);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const training = scopes.find((x) => x.name === 'Training') as DebugProtocol.Scope;
    const w1 = await num(dc, 'w[2][0][1]');
    const stepBefore = await num(dc, 'step[2][0][1]');
    await dc.setVariableRequest({ variablesReference: training.variablesReference, name: 'η', value: '0.01' });
    // the update done stays as it was
    assert.strictEqual(await num(dc, 'w[2][0][1]'), w1);
    assert.strictEqual(await num(dc, 'step[2][0][1]'), stepBefore);
    const m1 = await num(dc, 'm[2][0][1]');
    const v1 = await num(dc, 'v[2][0][1]');
    await seek(dc, 2, BACKWARD_1);
    const g2 = await num(dc, 'dw[2][0][1]');
    await seek(dc, 2, UPDATE);
    const m2 = 0.9 * m1 + 0.1 * g2;
    const v2 = 0.999 * v1 + 0.001 * g2 * g2;
    const step2 = -0.01 * (m2 / (1 - 0.81)) / (Math.sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
    closeRel(await num(dc, 'step[2][0][1]'), step2, 'the next update with η = 0.01', 1e-11);
    closeRel(await num(dc, 'w[2][0][1]'), w1 + step2, 'w', 1e-12);
  });

  test('momentum, AdaGrad and RMSProp: their one slot and the first step by hand', async () => {
    const cases = [
      { file: '"optimizer": { "name": "momentum", "momentum": 0.9 },', slot: 'v', state: (g: number) => -0.1 * g, step: (g: number) => -0.1 * g },
      { file: '"optimizer": { "name": "adagrad", "epsilon": 1e-7 },', slot: 'h', state: (g: number) => g * g, step: (g: number) => (-0.1 * g) / (Math.abs(g) + 1e-7) },
      { file: '"optimizer": { "name": "rmsprop", "rho": 0.9, "epsilon": 1e-7 },', slot: 'h', state: (g: number) => 0.1 * g * g, step: (g: number) => (-0.1 * g) / (Math.sqrt(0.1 * g * g) + 1e-7) },
    ];
    for (const c of cases) {
      dc = await adapter.restart();
      await launch(dc, network(`  ${c.file}`));
      await seek(dc, 1, BACKWARD_1);
      const g = await num(dc, 'dw[1][0][1]');
      const w = await num(dc, 'w[1][0][1]');
      await seek(dc, 1, UPDATE);
      closeRel(await num(dc, `${c.slot}[1][0][1]`), c.state(g), `${c.file} ${c.slot}`);
      closeRel(await num(dc, 'step[1][0][1]'), c.step(g), `${c.file} step`);
      closeRel(await num(dc, 'w[1][0][1]'), w + c.step(g), `${c.file} w`);
      if (c.slot === 'h') closeRel(await num(dc, 'lr[1][0][1]'), 0.1 / (Math.sqrt(c.state(g)) + 1e-7), `${c.file} η/(√h + ε)`);
      else await assert.rejects(dc.evaluateRequest({ expression: 'lr[1]', context: 'watch' }), /keeps no lr/);
      await assert.rejects(dc.evaluateRequest({ expression: 'm[1]', context: 'watch' }), /keeps no m/);
      await assert.rejects(dc.evaluateRequest({ expression: 'mhat[1]', context: 'watch' }), /keeps no mhat/);
    }
  });

  test('sgd: no Optimizer scope before the update; at it the step −η∂w; clear errors for state it does not keep', async () => {
    await launch(dc, network(''));
    await seek(dc, 1, BACKWARD_1);
    assert.ok(!(await dc.scopesRequest({ frameId: 1 })).body.scopes.some((s) => s.name === 'Optimizer'));
    const g = await num(dc, 'dw[2][1][0]');
    await assert.rejects(dc.evaluateRequest({ expression: 'v[1]', context: 'watch' }), /the optimizer sgd keeps no v/);
    await assert.rejects(dc.evaluateRequest({ expression: 'mask[1]', context: 'watch' }), /layer 1 has no dropout/);
    await assert.rejects(dc.evaluateRequest({ expression: 'v', context: 'watch' }), /needs a layer index/);
    await assert.rejects(dc.evaluateRequest({ expression: 'step[0]', context: 'watch' }), /only y\[0\]/);
    await seek(dc, 1, UPDATE);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    assert.strictEqual(scopes[0].name, 'Optimizer');
    const top = await children(dc, scopes[0].variablesReference);
    assert.strictEqual(top.get('optimizer')?.value, 'sgd');
    const layer2 = await children(dc, (top.get('layer 2 (output)') as DebugProtocol.Variable).variablesReference);
    assert.deepStrictEqual([...layer2.keys()], ['step', 'stepb']);
    closeRel(await num(dc, 'step[2][1][0]'), -0.1 * g, 'step = −η∂w');
    assert.strictEqual((await where(dc))[0].name, 'update · w ← w − η∂w, b ← b − η∂b');
  });

  test('a frozen tensor keeps no state', async () => {
    await launch(dc, network(ADAM, ', "trainWeights": false'));
    await seek(dc, 1, UPDATE);
    await assert.rejects(dc.evaluateRequest({ expression: 'm[1]', context: 'watch' }), /w of layer 1 is frozen: it keeps no m/);
    closeRel(await num(dc, 'mb[1][0]'), 0.1 * (await num(dc, 'db[1][0]')), 'm of the trained b beside the frozen w');
  });

  test('dropout: mask[L] in expressions and Variables, y = f(u)·mask/(1 − p) by hand, the same mask after Step Back', async () => {
    await launch(dc, network(ADAM, ', "dropout": 0.5'));
    assert.strictEqual(await evaluate(dc, 'mask[1]'), 'not yet computed');
    await step(dc);
    const mask = [await num(dc, 'mask[1][0][0]'), await num(dc, 'mask[1][0][1]')];
    for (const x of mask) assert.ok(x === 0 || x === 1, `mask entries are 0 or 1, not ${x}`);
    for (let k = 0; k < 2; k++) {
      const u = await num(dc, `u[1][0][${k}]`);
      closeRel(await num(dc, `y[1][0][${k}]`), (mask[k] * (1 / (1 + Math.exp(-u)))) / (1 - 0.5), `y_${k} with dropout`);
    }
    const vars = await dump(dc);
    assert.strictEqual(vars.get('Layer 1 (sigmoid)/mask/[0]'), `[${mask.join(', ')}]`);
    await step(dc);
    await stepBack(dc);
    assert.deepStrictEqual([await num(dc, 'mask[1][0][0]'), await num(dc, 'mask[1][0][1]')], mask);
    assert.deepStrictEqual(await dump(dc), vars);
  });

  test('conditions and logpoints read the state: an update breakpoint when t = 3 and the step is small', async () => {
    await launch(dc, network(ADAM), {}, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'update', condition: 'updates == 3 && max(abs(step[2])) < 0.2' }] }));
    const stopped = await cont(dc);
    assert.strictEqual(stopped.body.reason, 'breakpoint');
    assert.strictEqual(await num(dc, 'iteration'), 3);
    assert.strictEqual(await num(dc, 'updates'), 3);
  });

  test('in Korean: the scope, the update frame and the errors', async () => {
    await dc.initializeRequest({ adapterID: 'backprop', locale: 'ko', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await Promise.all([dc.launchRequest({ network: network('  "optimizer": { "name": "momentum", "momentum": 0.9 },'), stopOnEntry: true } as never), dc.configurationDoneRequest(), dc.waitForEvent('stopped')]);
    await seek(dc, 1, UPDATE);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    assert.strictEqual(scopes[0].name, '옵티마이저');
    assert.match((await where(dc))[0].name, /^가중치 수정 \(momentum\) · v ← αv − η∂w; w ← w \+ v$/);
    const top = await children(dc, scopes[0].variablesReference);
    const layer1 = await children(dc, (top.get('층 1 (은닉층)') as DebugProtocol.Variable).variablesReference);
    assert.ok(layer1.has('v (수정 전)'), [...layer1.keys()].join(', '));
    await assert.rejects(dc.evaluateRequest({ expression: 'm[1]', context: 'watch' }), /옵티마이저 momentum에는 m이\(가\) 없습니다/);
  });

  test('the state sent to the inspector carries the optimizer at the update stop only', async () => {
    await launch(dc, network(ADAM));
    const states: StateSnapshot[] = [];
    dc.on(STATE_EVENT, (e: DebugProtocol.Event) => states.push(e.body as StateSnapshot));
    await seek(dc, 1, BACKWARD_1);
    await new Promise((r) => setTimeout(r, 100));
    const before = states[states.length - 1];
    assert.strictEqual(before.optimizer?.name, 'adam');
    assert.strictEqual(before.optimizer?.t, 0);
    assert.strictEqual(before.optimizer?.layers, undefined, 'no matrices before the update');
    await step(dc);
    await new Promise((r) => setTimeout(r, 100));
    const at = states[states.length - 1].optimizer;
    assert.strictEqual(at?.t, 1);
    assert.deepStrictEqual(at?.params, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const w2 = at?.layers?.[2]?.w;
    assert.ok(w2);
    assert.strictEqual(decodeMatrix(w2.step)[1], await num(dc, 'step[2][0][1]'));
    assert.strictEqual(decodeMatrix(w2.after.m!)[1], await num(dc, 'm[2][0][1]'));
    assert.strictEqual(decodeMatrix(w2.before.v!)[1], 0);
  });
});
