// The inspector's update equations in the form of the network's optimizer (issue 13), in plain Node:
// real engine states of the 2-2-2 worked example trained with Adam, momentum, AdaGrad and RMSProp, as the
// adapter sends them (snapshot + the optimizer's part), checked and decoded by toStateView. The numbers
// in the expected TeX are worked out here from the ∂w the state shows at the update, with the textbook's
// formulas, and printed to 4 significant digits the way the panel does — never read from the equations.

import * as assert from 'node:assert';
import { parseNetwork } from '../../src/engine/parse';
import { Trainer } from '../../src/engine/trainer';
import { formatNumber } from '../../src/engine/trace';
import { withOptimizer } from '../../src/debug/optimizerSnapshot';
import { snapshot } from '../../src/protocol/snapshot';
import { toStateView, type StateView } from '../../src/protocol/stateView';
import { equations, type Selection } from '../../webview/equations';
import { strings } from '../../webview/i18n';
import { stepAt, valueBefore } from '../../webview/updateEquations';

const words = strings('en');

function network(optimizer: string, extra = ''): Trainer {
  const text = `{
    "name": "2-2-2", "layers": [ { "size": 2 },
      { "size": 2, "activation": "sigmoid", "weights": [[0.15, 0.25], [0.20, 0.30]], "biases": [0.35, 0.35] },
      { "size": 2, "activation": "sigmoid", "weights": [[0.40, 0.50], [0.45, 0.55]], "biases": [0.60, 0.60] } ],
    "loss": "sum-of-squares", "learningRate": 0.1, "optimizer": ${optimizer}, ${extra}
    "batch": { "size": 1 }, "data": { "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] }, "epochs": 10 }`;
  const r = parseNetwork(text);
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return new Trainer(r.spec);
}

/** The view at (iteration, position), as the inspector gets it (`updating`: Step Into's layer at the update). */
function viewAt(trainer: Trainer, iteration: number, position: number, updating?: number): StateView {
  trainer.seek(iteration, position);
  const v = toStateView(withOptimizer(snapshot(trainer), trainer, updating));
  if (!v) throw new Error('state refused');
  return v;
}

/** 4 significant digits, as the panel writes a number in TeX (format.ts's tex). */
const f = (v: number): string => formatNumber(v, 4);
const weight: Selection = { kind: 'weight', layer: 2, j: 0, k: 1 };

function lines(state: StateView, sel: Selection): Map<string, string> {
  return new Map(equations(state, sel, 0, 4, words).map((e) => [e.quantity + (e.quantity === 'w' && e.tex.includes('leftarrow') ? '←' : ''), e.tex]));
}

suite('inspector: the update in the optimizer’s form (plain Node)', () => {
  test('Adam at the second update: m, v, m̂, v̂ and w ← w − η m̂/(√v̂ + ε) with the numbers, by hand from ∂w', () => {
    const trainer = network('{ "name": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 }');
    const g1 = viewAt(trainer, 1, 6).layers[2].q.dw!.data[1];
    const s = viewAt(trainer, 2, 6);
    const g2 = s.layers[2].q.dw!.data[1];
    const m1 = 0.1 * g1;
    const v1 = 0.001 * g1 * g1;
    const m2 = 0.9 * m1 + 0.1 * g2;
    const v2 = 0.999 * v1 + 0.001 * g2 * g2;
    const mhat = m2 / (1 - 0.81);
    const vhat = v2 / (1 - 0.999 * 0.999);
    const wNow = s.layers[2].q.w!.data[1];
    const wBefore = wNow + (0.1 * mhat) / (Math.sqrt(vhat) + 1e-8);
    const eq = lines(s, weight);
    assert.strictEqual(eq.get('m'), `m_{jk} \\leftarrow \\beta_1 m_{jk} + (1 - \\beta_1)\\, \\partial w_{jk} = (0.9)(${f(m1)}) + (0.1)(${f(g2)}) = ${f(m2)}`);
    assert.strictEqual(eq.get('v'), `v_{jk} \\leftarrow \\beta_2 v_{jk} + (1 - \\beta_2)\\, \\partial w_{jk}^2 = (0.999)(${f(v1).replace(/e-(\d+)$/, ' \\times 10^{-$1}')}) + (0.001)(${f(g2)})^2 = ${f(v2).replace(/e-(\d+)$/, ' \\times 10^{-$1}')}`);
    assert.strictEqual(eq.get('mhat'), `\\hat{m}_{jk} = \\frac{m_{jk}}{1 - \\beta_1^{t}} = \\frac{${f(m2)}}{1 - 0.9^{2}} = ${f(mhat)}`);
    assert.match(eq.get('vhat') ?? '', new RegExp(`^\\\\hat\\{v\\}_\\{jk\\} = \\\\frac\\{v_\\{jk\\}\\}\\{1 - \\\\beta_2\\^\\{t\\}\\} = .*\\{1 - 0\\.999\\^\\{2\\}\\} = ${f(vhat).replace('.', '\\.')}`));
    assert.strictEqual(eq.get('w←'), `w_{jk} \\leftarrow w_{jk} - \\eta \\frac{\\hat{m}_{jk}}{\\sqrt{\\hat{v}_{jk}} + \\varepsilon} = ${f(wBefore)} - (0.1)\\frac{${f(mhat)}}{\\sqrt{${f(vhat)}} + 1 \\times 10^{-8}} = ${f(wNow)}`);
    // the passes of this iteration used w before the update: the state says so through the step
    assert.ok(Math.abs(valueBefore(s, 2, 'w', 1) - wBefore) < 1e-15);
  });

  test('momentum, AdaGrad and RMSProp at the first update; the bias with its own state', () => {
    const cases: [string, (g: number) => string][] = [
      ['{ "name": "momentum", "momentum": 0.9 }', (g) => `v_{jk} \\leftarrow \\alpha\\, v_{jk} - \\eta\\, \\partial w_{jk} = (0.9)(0) - (0.1)(${f(g)}) = ${f(-0.1 * g)}`],
      ['{ "name": "adagrad", "epsilon": 1e-7 }', (g) => `h_{jk} \\leftarrow h_{jk} + \\partial w_{jk}^2 = 0 + (${f(g)})^2 = ${f(g * g).replace(/e-(\d+)$/, ' \\times 10^{-$1}')}`],
      ['{ "name": "rmsprop", "rho": 0.9, "epsilon": 1e-7 }', (g) => `h_{jk} \\leftarrow \\rho\\, h_{jk} + (1 - \\rho)\\, \\partial w_{jk}^2 = (0.9)(0) + (0.1)(${f(g)})^2 = ${f(0.1 * g * g).replace(/e-(\d+)$/, ' \\times 10^{-$1}')}`],
    ];
    for (const [opt, expected] of cases) {
      const s = viewAt(network(opt), 1, 6);
      const g = s.layers[2].q.dw!.data[1];
      const eq = equations(s, weight, 0, 4, words);
      assert.strictEqual(eq.find((e) => e.quantity === 'v' || e.quantity === 'h')?.tex, expected(g), opt);
      const bias = equations(s, { kind: 'neuron', layer: 2, k: 1 }, 0, 4, words).filter((e) => e.quantity === 'v' || e.quantity === 'h');
      assert.match(bias[0].tex, /^(v|h)\^\{b\}_\{k\} \\leftarrow/, `${opt}: the bias's own state`);
    }
  });

  test('before the update the rule alone, at the update; weight decay shows ∂w + λw first', () => {
    const trainer = network('{ "name": "adam" }', '"weightDecay": 0.01,');
    const before = equations(viewAt(trainer, 1, 5), weight, 0, 4, words).filter((e) => e.note === words.beforeUpdate);
    assert.deepStrictEqual(before.map((e) => e.quantity), ['dw', 'm', 'v', 'mhat', 'vhat', 'w']);
    assert.ok(before.slice(1).every((e) => !/=.*=/.test(e.tex)), 'no numbers before the update');
    const s = viewAt(trainer, 1, 6);
    const g = s.layers[2].q.dw!.data[1];
    const decay = equations(s, weight, 0, 4, words).find((e) => e.quantity === 'dw' && e.note === words.afterUpdate);
    // ∂w + λw with w = 0.5 before the update
    assert.strictEqual(decay?.tex, `\\partial w_{jk} + \\lambda\\, w_{jk} = ${f(g)} + (0.01)(0.5) = ${f(g + 0.005)}`);
  });

  test('Step Into at the update: layer 1 updated, layer 2 still before (its w and no numbers)', () => {
    const trainer = network('{ "name": "adam" }');
    const s = viewAt(trainer, 1, 6, 1);
    assert.strictEqual(s.optimizer?.updating, 1);
    assert.strictEqual(s.layers[2].q.w!.data[1], 0.5, 'the state carries w before the update for layer 2');
    assert.strictEqual(stepAt(s, 2, 'w', 1), undefined);
    assert.notStrictEqual(stepAt(s, 1, 'w', 1), undefined);
    const eq = equations(s, weight, 0, 4, words).filter((e) => e.quantity === 'm');
    assert.strictEqual(eq[0].note, words.beforeUpdate);
  });

  test('plain gradient descent keeps the notes’ form and sends no optimizer matrices', () => {
    const s = viewAt(network('{ "name": "sgd" }'), 1, 6);
    assert.strictEqual(s.optimizer, null);
    const g = s.layers[2].q.dw!.data[1];
    const w = equations(s, weight, 0, 4, words).filter((e) => e.quantity === 'w');
    assert.strictEqual(w[1].tex, `w_{jk} \\leftarrow w_{jk} - \\eta\\, \\partial w_{jk} = 0.5 - (0.1)(${f(g)}) = ${f(0.5 - 0.1 * g)}`);
    assert.strictEqual(stepAt(s, 2, 'w', 1), -(0.1 * g));
  });

  test('an inconsistent optimizer part makes the whole state invalid', () => {
    const trainer = network('{ "name": "adam" }');
    trainer.seek(1, 6);
    const good = withOptimizer(snapshot(trainer), trainer, undefined);
    const w = good.optimizer!.layers![2]!.w!;
    const bad = { ...good, optimizer: { ...good.optimizer!, layers: good.optimizer!.layers!.map((x, l) => (l === 2 ? { w: { ...w, step: { ...w.step, rows: 3 } }, b: x!.b } : x)) } };
    assert.ok(toStateView(good));
    assert.strictEqual(toStateView(bad), undefined);
    assert.strictEqual(toStateView({ ...good, optimizer: { ...good.optimizer!, name: 'lbfgs' as never } }), undefined);
  });
});
