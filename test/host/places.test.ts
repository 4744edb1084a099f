// What a word of a network file stands for while paused (the debug hover of the editor): the place
// found in the JSON language service's syntax tree, and its expression in the watch language.
import * as assert from 'node:assert';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { expressionOf, placeAt } from '../../src/host/language/places';

const TEXT = [
  '// the 2-2-2 example', //  line 0
  '{',
  '  "layers": [',
  '    { "size": 2 },',
  '    {',
  '      "size": 2, "activation": "sigmoid",', // line 5
  '      "weights": [[0.15, 0.25], [0.20, 0.30]],',
  '      "biases": [0.35, 0.35]',
  '    }',
  '  ],',
  '  "loss": "sum-of-squares",', // line 10
  '  "learningRate": 0.5,',
  '  "data": { "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] }',
  '}',
].join('\n');

const json = getLanguageService({}).parseJSONDocument(TextDocument.create('file:///n.backprop.json', 'backprop-network', 1, TEXT));
const lines = TEXT.split('\n');
/** The expression at the first `word` on `line` (its second character). */
const at = (line: number, word: string): string | undefined => {
  const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + lines[line].indexOf(word) + 1;
  const place = placeAt(json, offset);
  return place && expressionOf(place);
};

suite('network file places', () => {
  test('"weights" and "biases" of layer 1, its numbers too, stand for w[1] and b[1]', () => {
    assert.strictEqual(at(6, 'weights'), 'w[1]');
    assert.strictEqual(at(6, '0.20'), 'w[1]');
    assert.strictEqual(at(7, 'biases'), 'b[1]');
  });

  test('anywhere else in a layer\'s object: its y (the input layer\'s too)', () => {
    assert.strictEqual(at(5, 'sigmoid'), 'y[1]');
    assert.strictEqual(at(4, '{'), 'y[1]');
    assert.strictEqual(at(3, 'size'), 'y[0]');
  });

  test('"loss" and "learningRate" stand for E and η; other top-level fields for nothing', () => {
    assert.strictEqual(at(10, 'loss'), 'loss');
    assert.strictEqual(at(10, 'sum-of-squares'), 'loss');
    assert.strictEqual(at(11, 'learningRate'), 'eta');
    assert.strictEqual(at(12, 'inputs'), undefined);
    assert.strictEqual(at(0, 'example'), undefined);
  });
});
