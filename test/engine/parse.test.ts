// Every malformed network file gives its error at the place it was made. Each case marks the
// expected place with ‸ in the text; the marker's line and column are counted here, by the test.

import * as assert from 'node:assert';
import { parseNetwork } from '../../src/engine/parse';
import { formatError } from '../../src/engine/spec';
import { expectErrorAt } from './helpers';

const layers = `"layers": [{ "size": 2 }, { "size": 1, "activation": "sigmoid" }]`;
const data = `"data": { "inputs": [[0, 1]], "targets": [[1]] }`;

/** [name, file text with ‸ where the error belongs, words the message must contain] */
const cases: [string, string, RegExp][] = [
  ['bad JSON: missing comma', `{\n  ${layers}\n  ‸${data}\n}`, /comma is expected/],
  ['bad JSON: unclosed object', `{\n  ${layers},\n  ${data}\n‸`, /closing \} is expected/],
  ['empty file', `‸`, /empty/],
  ['not an object', `‸[1, 2]`, /JSON object/],
  ['unknown field, with a hint', `{\n  ${layers},\n  ‸"learningrate": 0.1,\n  ${data}\n}`, /unknown field "learningrate".*did you mean "learningRate"/],
  ['unknown activation', `{\n  "layers": [{ "size": 2 },\n    { "size": 1, "activation": ‸"sigmod" }],\n  ${data}\n}`, /unknown activation "sigmod".*did you mean "sigmoid"/],
  ['size not a whole number', `{\n  "layers": [{ "size": 2 }, { "size": ‸1.5 }],\n  ${data}\n}`, /layers\[1\]\.size must be a whole number/],
  ['weights with the wrong number of rows', `{\n  "layers": [{ "size": 2 }, { "size": 1, "weights": ‸[[0.1]] }],\n  ${data}\n}`, /weights must have 2 rows.*not 1/],
  ['a weight row of the wrong width', `{\n  "layers": [{ "size": 2 }, { "size": 1, "weights": [[0.1], ‸[0.2, 0.3]] }],\n  ${data}\n}`, /weights\[1\] must have 1 numbers, not 2/],
  ['biases of the wrong length', `{\n  "layers": [{ "size": 2 }, { "size": 1, "biases": ‸[0, 0] }],\n  ${data}\n}`, /biases must have 1 numbers, not 2/],
  ['a non-finite number', `{\n  "layers": [{ "size": 2 }, { "size": 1, "weights": [[‸1e999], [0]] }],\n  ${data}\n}`, /finite/],
  ['a string where a number belongs', `{\n  ${layers},\n  "learningRate": ‸"fast",\n  ${data}\n}`, /learningRate.*must be a number/],
  ['negative learning rate', `{\n  ${layers},\n  "learningRate": ‸-1,\n  ${data}\n}`, /must not be negative/],
  ['targets of the wrong width', `{\n  ${layers},\n  "data": { "inputs": [[0, 1]], "targets": [‸[1, 0]] }\n}`, /data\.targets"\[0\] must have 1 numbers, not 2/],
  ['inputs of the wrong width', `{\n  ${layers},\n  "data": { "inputs": [‸[0]], "targets": [[1]] }\n}`, /data\.inputs"\[0\] must have 2 numbers/],
  ['fewer targets than inputs', `{\n  ${layers},\n  "data": { "inputs": [[0, 1], [1, 1]], "targets": ‸[[1]] }\n}`, /1 rows but "data\.inputs" has 2/],
  ['empty data', `{\n  ${layers},\n  "data": ‸{ "inputs": [], "targets": [] }\n}`, /no samples/],
  ['missing data', `‸{\n  ${layers}\n}`, /needs "data"/],
  ['one layer only', `{\n  "layers": ‸[{ "size": 2 }],\n  ${data}\n}`, /at least two/],
  ['an input layer with an activation', `{\n  "layers": [{ "size": 2, "activation": ‸"relu" }, { "size": 1 }],\n  ${data}\n}`, /input layer/],
  ['unknown loss', `{\n  ${layers},\n  "loss": ‸"hinge",\n  ${data}\n}`, /unknown loss "hinge"/],
  ['cross-entropy after an identity output', `{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "identity" }],\n  "loss": ‸"cross-entropy",\n  ${data}\n}`, /cross-entropy.*softmax.*sigmoid/],
  [
    'softmax with cross-entropy and targets that are not one-hot',
    `{\n  "layers": [{ "size": 2 }, { "size": 2, "activation": "softmax" }],\n  "data": ‸{ "inputs": [[0, 1]], "targets": [[0.5, 0.2]] }\n}`,
    /sums to 0\.7, not 1/,
  ],
  ['bad reduction', `{\n  ${layers},\n  "batch": { "reduction": ‸"average" },\n  ${data}\n}`, /batch\.reduction" must be one of "sum", "mean"/],
  ['unknown built-in data set', `{\n  ${layers},\n  "data": ‸"mnist"\n}`, /unknown data set "mnist"/],
  ['built-in data of the wrong input size', `{\n  "layers": [{ "size": 3 }, { "size": 1 }],\n  "data": ‸"xor"\n}`, /xor" has 2 inputs.*"size" 2/],
  ['missing CSV file', `{\n  ${layers},\n  "data": { "csv": ‸"nowhere.csv", "inputColumns": [0, 1], "targetColumns": [2] }\n}`, /cannot read the CSV file "nowhere\.csv"/],
];

suite('malformed network files', () => {
  for (const [name, text, message] of cases) test(name, () => expectErrorAt(name, text, message));

  test('every error of a file is reported, not only the first', () => {
    const result = parseNetwork(`{ "layers": [{ "size": 2 }, { "size": 0, "activation": "nope" }], "loss": "x", "data": "xor" }`);
    assert.ok(result.errors.length >= 3, result.errors.map(formatError).join('\n'));
  });

  test('comments and trailing commas are allowed (JSON with comments)', () => {
    const result = parseNetwork(`// XOR\n{\n  /* layers */ ${layers},\n  ${data}, // data\n}\n`);
    assert.deepStrictEqual(result.errors, []);
  });

  test("defaults are the textbook's: SGD on one sample, summed, in file order", () => {
    const result = parseNetwork(`{ ${layers}, ${data} }`);
    assert.ok(result.spec);
    assert.deepStrictEqual(result.spec.batch, { size: 1, reduction: 'sum', shuffle: false });
    assert.strictEqual(result.spec.loss, 'sum-of-squares');
    assert.strictEqual(result.spec.layers[1].trainWeights, true);
  });
});

suite('network files too large to debug', () => {
  // each limit is reported at the place that asks too much, before anything is allocated
  const cases: [string, string, RegExp][] = [
    ['a layer of two billion neurons', `{ "layers": [{ "size": 2 }, { "size": ‸2000000000 }], "data": "xor" }`, /size must be at most 100,000/],
    ['a trillion synthetic samples', `{ "layers": [{ "size": 2 }, { "size": 1 }], "data": { "builtin": "synthetic", "samples": ‸1e12 } }`, /samples" must be at most 1,000,000/],
    ['too many parameters', `{ "layers": ‸[{ "size": 100000 }, { "size": 1000 }], "data": "xor" }`, /100,001,000 weights and biases; at most 50,000,000/],
  ];
  for (const [name, marked, message] of cases) {
    test(name, () => {
      const at = marked.indexOf('‸');
      const result = parseNetwork(marked.replace('‸', ''));
      assert.strictEqual(result.spec, undefined);
      const e = result.errors.find((x) => message.test(x.message));
      assert.ok(e, result.errors.map(formatError).join(' | '));
      assert.strictEqual(e.column, at + 1);
    });
  }
});

suite('odd network files', () => {
  test('nesting 8,000 levels deep is refused at the first bracket too deep, before jsonc-parser recurses', () => {
    const text = `{ "layers": ${'['.repeat(8000)}${']'.repeat(8000)}, "data": "xor" }`;
    const result = parseNetwork(text);
    assert.strictEqual(result.spec, undefined);
    assert.strictEqual(result.errors.length, 1);
    const [e] = result.errors;
    assert.match(e.message, /nested more than 16 levels deep/);
    // the root is level 1 and "layers" opens level 2, so the 17th level is the 16th "["
    assert.deepStrictEqual([e.line, e.column], [1, 12 + 15 + 1]);
  });

  test('brackets inside strings and comments do not count as nesting', () => {
    const text = `// [[[[[[[[[[[[[[[[[[[[[[[[\n{ "name": "${'{'.repeat(40)}", /* ${'['.repeat(40)} */ ${layers}, ${data} }`;
    const result = parseNetwork(text);
    assert.ok(result.spec, result.errors.map(formatError).join('\n'));
  });

  test('more values than a network file needs are refused with a position', () => {
    const row = '0,'.repeat(2_000_001);
    const result = parseNetwork(`{ ${layers}, "data": { "inputs": [[${row}0]], "targets": [[1]] } }`);
    assert.strictEqual(result.spec, undefined);
    assert.match(result.errors[0].message, /more than 2,000,000 values/);
    assert.strictEqual(result.errors[0].line, 1);
  });

  test('a UTF-8 byte order mark is accepted, and positions are counted as the editor shows the text', () => {
    const text = `\uFEFF{\n  ${layers},\n  "learningRate": "fast",\n  ${data}\n}`;
    const result = parseNetwork(text);
    assert.deepStrictEqual(result.errors.map((e) => [e.line, e.column]), [[3, 19]]);
    assert.ok(parseNetwork(`\uFEFF{ ${layers}, ${data} }`).spec);
  });

  test('lines ending in a lone CR are counted as lines', () => {
    const text = `{\r  ${layers},\r  "learningRate": "fast",\r  ${data}\r}`;
    assert.deepStrictEqual(parseNetwork(text).errors.map((e) => [e.line, e.column]), [[3, 19]]);
    const mixed = `{\r\n  ${layers},\n  "learningRate": "fast",\r  ${data}\r\n}`;
    assert.deepStrictEqual(parseNetwork(mixed).errors.map((e) => [e.line, e.column]), [[3, 19]]);
  });

  test('keys and values are quoted with control and bidi characters escaped, and cut short', () => {
    const result = parseNetwork(`{ ${layers}, ${data}, "evil\\nkey\\u202e\\u0007": 1, "loss": "${'x'.repeat(500)}" }`);
    const messages = result.errors.map((e) => e.message);
    assert.ok(messages.includes('unknown field "evil\\nkey\\u202e\\u0007" in the network'), messages.join(' | '));
    const loss = messages.find((m) => m.startsWith('unknown loss'))!;
    assert.ok(loss.length < 200, loss);
    for (const m of messages) for (const c of ['\n', '\u202e', '\u0007']) assert.ok(!m.includes(c), m);
  });
});
