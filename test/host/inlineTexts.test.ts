// The inline values of a paused run (the end of each layer's line in the editor): y and δ of the
// 2-2-2 worked example at 4 significant digits, checked against the published hand calculation
// (y_h = 0.593269992, 0.596884378; y_o = 0.75136507, 0.772928465; δ_o = 0.138498562, −0.038098236;
// E = 0.298371109), `?` for a neuron not formed yet, E on the "loss" line and η on its line.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { parseNetwork } from '../../src/engine/parse';
import { Trainer } from '../../src/engine/trainer';
import { inlineTexts, shortNumber } from '../../src/host/language/inlineTexts';
import { snapshot } from '../../src/protocol/snapshot';

const TEXT = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'hand-2-2-2.backprop.json'), 'utf8');
const document = TextDocument.create('file:///hand-2-2-2.backprop.json', 'backprop-network', 1, TEXT);
const root = getLanguageService({}).parseJSONDocument(document).root;
/** 1-based line numbers, as the editor shows them */
const texts = (trainer: Trainer, forming?: Parameters<typeof snapshot>[1]): Record<number, string> =>
  Object.fromEntries([...inlineTexts(snapshot(trainer, forming), root, (offset) => document.positionAt(offset).line + 1, 4)]);

function trainer(): Trainer {
  const r = parseNetwork(TEXT, { file: 'hand-2-2-2.backprop.json' });
  assert.ok(r.spec, JSON.stringify(r.errors));
  return new Trainer(r.spec);
}

suite('inline values', () => {
  test('at the start: only the inputs; η on its line', () => {
    assert.deepStrictEqual(texts(trainer()), { 8: 'y = [0.05, 0.1]', 22: 'η = 0.5' });
  });

  test('after the loss stop: y of every layer and E; after the output layer\'s backward pass its δ too', () => {
    const t = trainer();
    while (t.currentStop?.phase !== 'loss') t.step();
    assert.deepStrictEqual(texts(t), { 8: 'y = [0.05, 0.1]', 9: 'y = [0.5933, 0.5969]', 15: 'y = [0.7514, 0.7729]', 21: 'E = 0.2984', 22: 'η = 0.5' });
    t.step();
    assert.strictEqual(texts(t)[15], 'y = [0.7514, 0.7729]  δ = [0.1385, -0.0381]');
    assert.strictEqual(texts(t)[9], 'y = [0.5933, 0.5969]', 'no δ of the hidden layer before its backward pass');
  });

  test('stepping into the output layer\'s backward pass: δ_0 formed, δ_1 not yet', () => {
    const t = trainer();
    while (t.currentStop?.phase !== 'backward') t.step();
    assert.strictEqual(texts(t, { layer: 2, phase: 'backward', first: 1, second: 1 })[15], 'y = [0.7514, 0.7729]  δ = [0.1385, ?]');
  });

  test('short numbers: significant digits, non-finite values as words', () => {
    assert.strictEqual(shortNumber(0.000123456, 3), '0.000123');
    assert.strictEqual(shortNumber(123456789, 4), '123500000');
    assert.strictEqual(shortNumber('NaN', 4), 'NaN');
    assert.strictEqual(shortNumber(-Infinity, 4), '-Infinity');
  });
});
