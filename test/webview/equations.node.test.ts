// The notes' equations with this stop's numbers, in plain Node: the TeX the equations panel typesets
// for the 2-2-2 worked example, checked against the example's hand calculation (4 significant digits,
// as the panel shows them): δ_k = (0.7514 − 0.01)(1 − 0.7514)(0.7514) = 0.1385 and so on.

import * as assert from 'node:assert';
import { equations, letters, type Equation, type Selection } from '../../webview/equations';
import { strings } from '../../webview/i18n';
import { toStateView, type StateView } from '../../src/protocol/stateView';
import { formedFor } from '../../webview/panels/equationsPanel';
import { handSnapshots } from './handStates';

const words = strings('en');

function view(x: number): StateView {
  const v = toStateView(handSnapshots(6)[x]);
  if (!v) throw new Error('state refused');
  return v;
}

function lines(state: StateView, sel: Selection, quantity: Equation['quantity']): string[] {
  return equations(state, sel, 0, 4, words).filter((e) => e.quantity === quantity).map((e) => e.tex);
}

suite('webview equations (plain Node)', () => {
  const outputNeuron: Selection = { kind: 'neuron', layer: 2, k: 0 };

  test('output neuron 0 at its backward stop: u, y, E, ∂y, δ, ∂w and ∂b with the hand-computed numbers', () => {
    const s = view(3);
    // u_k = y_j0 w_00 + y_j1 w_10 + b = (0.5933)(0.4) + (0.5969)(0.45) + 0.6 = 1.106
    assert.deepStrictEqual(lines(s, outputNeuron, 'u'), ['u_{k} = \\sum_{j} y_{j} w_{jk} + b_{k} = (0.5933)(0.4) + (0.5969)(0.45) + 0.6 = 1.106']);
    // y_k = σ(1.106) = 0.7514
    assert.deepStrictEqual(lines(s, outputNeuron, 'y'), ['y_{k} = \\frac{1}{1 + e^{-u_{k}}} = \\frac{1}{1 + e^{-(1.106)}} = 0.7514']);
    // E = ½((0.7514 − 0.01)² + (0.7729 − 0.99)²) = 0.2984
    assert.match(lines(s, outputNeuron, 'E')[0], /\(0\.7514 - 0\.01\)\^2 \+ \(0\.7729 - 0\.99\)\^2\\right\) = 0\.2984$/);
    // ∂y_k = y_k − t_k = 0.7514 − 0.01 = 0.7414
    assert.match(lines(s, outputNeuron, 'dy')[0], /= y_k - t_k = 0\.7514 - 0\.01 = 0\.7414$/);
    // δ_k = (0.7514 − 0.01)(1 − 0.7514)(0.7514) = 0.1385
    assert.match(lines(s, outputNeuron, 'delta')[0], /= \(0\.7514 - 0\.01\)\(1 - 0\.7514\)\(0\.7514\) = 0\.1385$/);
    // ∂w_jk = y_j δ_k: (0.5933)(0.1385) = 0.08217, (0.5969)(0.1385) = 0.08267
    const dw = lines(s, outputNeuron, 'dw');
    assert.strictEqual(dw.length, 2);
    assert.match(dw[0], /^j = 0:.*= \(0\.5933\)\(0\.1385\) = 0\.08217$/);
    assert.match(dw[1], /^j = 1:.*= \(0\.5969\)\(0\.1385\) = 0\.08267$/);
    // ∂b_k = δ_k = 0.1385; b ← 0.6 − 0.5 · 0.1385 = 0.5308 at the update
    assert.deepStrictEqual(lines(s, outputNeuron, 'db'), ['\\partial b_{k} = \\delta_{k} = 0.1385']);
    assert.match(lines(s, outputNeuron, 'b')[0], /= 0\.6 - \(0\.5\)\(0\.1385\) = 0\.5308$/);
  });

  test('hidden neuron 0 at its backward stop: ∂y_j = Σ_r δ_r w_jr and δ_j = ∂y_j (1 − y_j) y_j', () => {
    const s = view(4);
    const hidden: Selection = { kind: 'neuron', layer: 1, k: 0 };
    // ∂y_j0 = (0.1385)(0.4) + (−0.0381)(0.5) = 0.03635
    assert.match(lines(s, hidden, 'dy')[0], /= \(0\.1385\)\(0\.4\) \+ \(-0\.0381\)\(0\.5\) = 0\.03635$/);
    // δ_j0 = (0.03635)(1 − 0.5933)(0.5933) = 0.008771
    assert.match(lines(s, hidden, 'delta')[0], /= \(0\.03635\)\(1 - 0\.5933\)\(0\.5933\) = 0\.008771$/);
  });

  test('after the update, u shows the weights it was computed with and w ← w − η∂w the new one', () => {
    const s = view(5);
    assert.match(lines(s, outputNeuron, 'u')[0], /= \(0\.5933\)\(0\.4\) \+ \(0\.5969\)\(0\.45\) \+ 0\.6 = 1\.106$/);
    const weight: Selection = { kind: 'weight', layer: 2, j: 0, k: 0 };
    // w_jk ← 0.4 − (0.5)(0.08217) = 0.3589
    assert.match(lines(s, weight, 'w')[1], /= 0\.4 - \(0\.5\)\(0\.08217\) = 0\.3589$/);
  });

  test('a selection outside the network gives no lines; the letters are the notes’ i, j, k', () => {
    const s = view(3);
    assert.deepStrictEqual(equations(s, { kind: 'neuron', layer: 3, k: 0 }, 0, 4, words), []);
    assert.deepStrictEqual(equations(s, { kind: 'neuron', layer: 2, k: 2 }, 0, 4, words), []);
    assert.deepStrictEqual([letters(0, 2).self, letters(1, 2).self, letters(2, 2).self, letters(2, 2).prev], ['i', 'j', 'k', 'j']);
  });

  test('stepping into a layer: a neuron with only u formed shows u and no y (formedFor)', () => {
    const s = view(1);
    const forming = { ...s, forming: { layer: 2, phase: 'forward' as const, first: 1, second: 0 } };
    const shown = equations(formedFor(forming, outputNeuron), outputNeuron, 0, 4, words).map((e) => e.quantity);
    assert.deepStrictEqual(shown, ['u']);
  });
});
