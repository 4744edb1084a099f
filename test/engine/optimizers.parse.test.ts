// The network file's optimizer, weightDecay and dropout: their defaults, and every bad value reported at
// the place it was written. Each case marks the expected place with ‸; the marker's line and column are
// counted here, by the test, as in parse.test.ts.

import * as assert from 'node:assert';
import { useMessages } from '../../src/engine/messages';
import { parseNetwork } from '../../src/engine/parse';
import { expectErrorAt, specOf } from './helpers';

const layers = `"layers": [{ "size": 2 }, { "size": 3, "activation": "relu" }, { "size": 1, "activation": "sigmoid" }]`;
const data = `"data": { "inputs": [[0, 1]], "targets": [[1]] }`;

/** [name, file text with ‸ where the error belongs, words the message must contain] */
const cases: [string, string, RegExp][] = [
  ['β₁ of 1', `{\n  ${layers},\n  "optimizer": { "name": "adam", "beta1": ‸1 },\n  ${data}\n}`, /"optimizer\.beta1" must be at least 0 and below 1/],
  ['β₂ above 1', `{\n  ${layers},\n  "optimizer": {\n    "name": "adam",\n    "beta2": ‸1.5\n  },\n  ${data}\n}`, /"optimizer\.beta2" must be at least 0 and below 1/],
  ['a negative β₁', `{\n  ${layers},\n  "optimizer": { "name": "adam", "beta1": ‸-0.1 },\n  ${data}\n}`, /beta1" must be at least 0/],
  ['a negative ε', `{\n  ${layers},\n  "optimizer": { "name": "rmsprop", "epsilon": ‸-1e-8 },\n  ${data}\n}`, /"optimizer\.epsilon" must not be negative/],
  ['ρ of 1', `{\n  ${layers},\n  "optimizer": { "name": "rmsprop", "rho": ‸1 },\n  ${data}\n}`, /"optimizer\.rho" must be at least 0 and below 1/],
  ['momentum of 1', `{\n  ${layers},\n  "optimizer": { "name": "momentum", "momentum": ‸1 },\n  ${data}\n}`, /"optimizer\.momentum" must be at least 0 and below 1/],
  ['ε as text', `{\n  ${layers},\n  "optimizer": { "name": "adam", "epsilon": ‸"small" },\n  ${data}\n}`, /"optimizer\.epsilon" must be a number/],
  ['an unknown optimizer, with a hint', `{\n  ${layers},\n  "optimizer": { "name": ‸"adma" },\n  ${data}\n}`, /unknown optimizer "adma": use one of "sgd", "momentum", "adagrad", "rmsprop", "adam" \(did you mean "adam"\?\)/],
  ['an unknown optimizer, no hint', `{\n  ${layers},\n  "optimizer": { "name": ‸"lbfgs" },\n  ${data}\n}`, /unknown optimizer "lbfgs": use one of[^(]*$/],
  ['"RMSProp" spelled otherwise', `{\n  ${layers},\n  "optimizer": { "name": ‸"RMSProp" },\n  ${data}\n}`, /did you mean "rmsprop"/],
  ['a field of another optimizer', `{\n  ${layers},\n  "optimizer": { "name": "momentum", ‸"beta1": 0.9 },\n  ${data}\n}`, /"beta1" is not a field of the optimizer "momentum": it takes "momentum"/],
  ['a field given to sgd', `{\n  ${layers},\n  "optimizer": { "name": "sgd", ‸"epsilon": 1e-8 },\n  ${data}\n}`, /"epsilon" is not a field of the optimizer "sgd": it takes only "name"/],
  ['a field of no optimizer, with a hint', `{\n  ${layers},\n  "optimizer": { "name": "adam", ‸"beta_1": 0.9 },\n  ${data}\n}`, /unknown field "beta_1" in "optimizer".*did you mean "beta1"/],
  ['an optimizer as a string', `{\n  ${layers},\n  "optimizer": ‸"adam",\n  ${data}\n}`, /"optimizer" must be an object like \{ "name": "adam"/],
  ['a negative weight decay', `{\n  ${layers},\n  "weightDecay": ‸-0.001,\n  ${data}\n}`, /"weightDecay" \(λ\) must not be negative/],
  ['dropout of 1', `{\n  "layers": [{ "size": 2 }, { "size": 3, "dropout": ‸1 }, { "size": 1 }],\n  ${data}\n}`, /layers\[1\]\.dropout must be at least 0 and below 1/],
  ['a negative dropout', `{\n  "layers": [{ "size": 2 },\n    { "size": 3, "dropout": ‸-0.5 }, { "size": 1 }],\n  ${data}\n}`, /layers\[1\]\.dropout must be at least 0 and below 1/],
  ['dropout on the input layer', `{\n  "layers": [{ "size": 2, "dropout": ‸0.2 }, { "size": 3 }, { "size": 1 }],\n  ${data}\n}`, /layers\[0\] is the input layer: it has no "dropout"/],
  ['dropout on the output layer', `{\n  "layers": [{ "size": 2 }, { "size": 3 }, { "size": 1, "dropout": ‸0.5 }],\n  ${data}\n}`, /the output layer takes no "dropout"/],
];

suite('the optimizer, weight decay and dropout in the network file', () => {
  for (const [name, text, message] of cases) test(`${name}: a positioned error`, () => expectErrorAt(name, text, message));

  test('the defaults: sgd, no weight decay, no dropout', () => {
    const spec = specOf(`{ ${layers}, ${data} }`);
    assert.deepStrictEqual(spec.optimizer, { name: 'sgd' });
    assert.strictEqual(spec.weightDecay, 0);
    assert.deepStrictEqual(
      spec.layers.map((l) => l.dropout),
      [0, 0, 0],
    );
    assert.strictEqual(spec.ranges.optimizer, undefined);
  });

  test("each optimizer's defaults, and values as written", () => {
    const of = (optimizer: object): object => specOf(`{ ${layers}, "optimizer": ${JSON.stringify(optimizer)}, ${data} }`).optimizer;
    assert.deepStrictEqual(of({ name: 'sgd' }), { name: 'sgd' });
    assert.deepStrictEqual(of({ name: 'momentum' }), { name: 'momentum', momentum: 0.9 });
    assert.deepStrictEqual(of({ name: 'adagrad' }), { name: 'adagrad', epsilon: 1e-7 });
    assert.deepStrictEqual(of({ name: 'rmsprop' }), { name: 'rmsprop', rho: 0.9, epsilon: 1e-7 });
    assert.deepStrictEqual(of({ name: 'adam' }), { name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    assert.deepStrictEqual(of({ name: 'adam', beta1: 0, beta2: 0.5, epsilon: 0 }), { name: 'adam', beta1: 0, beta2: 0.5, epsilon: 0 });
    assert.deepStrictEqual(of({}), { name: 'sgd' });
  });

  test('weight decay, dropout and where the optimizer stands', () => {
    const text = `{\n  "layers": [{ "size": 2 }, { "size": 3, "dropout": 0.5 }, { "size": 1 }],\n  "optimizer": { "name": "adam" },\n  "weightDecay": 0.001,\n  ${data}\n}`;
    const spec = specOf(text);
    assert.strictEqual(spec.weightDecay, 0.001);
    assert.deepStrictEqual(
      spec.layers.map((l) => l.dropout),
      [0, 0.5, 0],
    );
    assert.deepStrictEqual([spec.ranges.optimizer!.line, spec.ranges.optimizer!.column], [3, 16]);
  });

  test('the errors in Korean too, at the same place', () => {
    useMessages('ko');
    try {
      const result = parseNetwork(`{ ${layers}, "optimizer": { "name": "adma", "beta1": 2 }, ${data} }`);
      assert.ok(result.errors.some((e) => /알 수 없는 옵티마이저 "adma".*"adam"을\(를\) 뜻했나요/.test(e.message)), result.errors.map((e) => e.message).join(' | '));
      const beta = parseNetwork(`{ ${layers}, "optimizer": { "name": "adam", "beta1": 2 }, ${data} }`);
      assert.match(beta.errors[0].message, /0 이상 1 미만/);
      const output = parseNetwork(`{ "layers": [{ "size": 2 }, { "size": 1, "dropout": 0.5 }], ${data} }`);
      assert.match(output.errors[0].message, /출력층에는 "dropout"을 쓸 수 없습니다/);
    } finally {
      useMessages(undefined);
    }
  });
});
