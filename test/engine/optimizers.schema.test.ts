// The network schema's optimizer, weightDecay and dropout, through VS Code's own JSON language service (the
// one the extension runs): completion offers the chosen optimizer's fields only, hovers give the equations,
// and the schema's problems stand where the engine's do (the host keeps one of the two per place).

import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ls from 'vscode-json-languageservice';
import { parseNetwork } from '../../src/engine/parse';

const schema = JSON.parse(readFileSync(path.join(__dirname, '../../media/network.schema.json'), 'utf8')) as ls.JSONSchema;
const service = ls.getLanguageService({});
service.configure({ validate: true, allowComments: true, schemas: [{ uri: 'backprop://network.schema.json', fileMatch: ['*'], schema }] });

function documentOf(marked: string): { doc: ls.TextDocument; json: ls.JSONDocument; at: ls.Position; text: string } {
  const offset = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  const doc = ls.TextDocument.create('file:///net.backprop.json', 'json', 1, text);
  return { doc, json: service.parseJSONDocument(doc), at: doc.positionAt(offset < 0 ? 0 : offset), text };
}

const layers = `"layers": [{ "size": 2 }, { "size": 3, "activation": "relu" }, { "size": 1, "activation": "sigmoid" }]`;
const data = `"data": "xor"`;

suite('the network schema: optimizer, weightDecay, dropout', () => {
  test("completion in an Adam optimizer offers Adam's fields, not another optimizer's", async () => {
    const { doc, json, at } = documentOf(`{ ${layers}, "optimizer": { "name": "adam", ‸ }, ${data} }`);
    const labels = (await service.doComplete(doc, at, json))!.items.map((i) => i.label.replace(/"/g, ''));
    for (const f of ['beta1', 'beta2', 'epsilon']) assert.ok(labels.includes(f), `${f} in ${labels.join(', ')}`);
    for (const f of ['momentum', 'rho']) assert.ok(!labels.includes(f), `${f} offered for adam`);
  });

  test('completion of the optimizer names, each with its rule', async () => {
    const { doc, json, at } = documentOf(`{ ${layers}, "optimizer": { "name": ‸ }, ${data} }`);
    const items = (await service.doComplete(doc, at, json))!.items;
    const names = items.map((i) => i.label.replace(/"/g, ''));
    assert.deepStrictEqual(names.sort(), ['adagrad', 'adam', 'momentum', 'rmsprop', 'sgd']);
    const adam = items.find((i) => i.label.includes('adam'))!;
    assert.match(JSON.stringify(adam.documentation), /m̂ \/ \(√v̂ \+ ε\)/);
  });

  test('hovers give the equations of β₁, dropout and weightDecay', async () => {
    for (const [marked, words] of [
      [`{ ${layers}, "optimizer": { "name": "adam", "be‸ta1": 0.9 }, ${data} }`, /β₁ of m ← β₁m \+ \(1−β₁\)∂w/],
      [`{ "layers": [{ "size": 2 }, { "size": 3, "drop‸out": 0.5 }, { "size": 1 }], ${data} }`, /y ← y ⊙ mask \/ \(1 − p\)/],
      [`{ ${layers}, "weight‸Decay": 0.01, ${data} }`, /∂w \+ λw for the weights, never the biases/],
    ] as const) {
      const { doc, json, at } = documentOf(marked);
      const hover = await service.doHover(doc, at, json);
      // the service escapes a plain description for Markdown (\\+, \\( …): compare the text as shown
      assert.match(JSON.stringify(hover?.contents).replace(/\\/g, ''), words);
    }
  });

  test("the schema's problems start where the engine's do: β₁ = 1 at the value, another optimizer's field at its key", async () => {
    for (const marked of [`{ ${layers}, "optimizer": { "name": "adam", "beta1": ‸1 }, ${data} }`, `{ ${layers}, "optimizer": { "name": "adam", ‸"momentum": 0.9 }, ${data} }`, `{ "layers": [{ "size": 2 }, { "size": 3, "dropout": ‸1 }, { "size": 1 }], ${data} }`]) {
      const { doc, json, at, text } = documentOf(marked);
      const problems = await service.doValidation(doc, json, { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'warning', schemaRequest: 'ignore' });
      assert.ok(
        problems.some((p) => p.range.start.line === at.line && p.range.start.character === at.character),
        `schema: ${JSON.stringify(problems.map((p) => [p.range.start, p.message]))}`,
      );
      const engine = parseNetwork(text).errors;
      assert.ok(engine.some((e) => e.line === at.line + 1 && e.column === at.character + 1), `engine: ${engine.map((e) => `${e.line}:${e.column} ${e.message}`).join(' | ')}`);
    }
  });

  test('a valid file with every new field gives the schema nothing to say', async () => {
    const { doc, json } = documentOf(`{ "layers": [{ "size": 2 }, { "size": 3, "dropout": 0.5 }, { "size": 1 }], "optimizer": { "name": "rmsprop", "rho": 0.8, "epsilon": 1e-6 }, "weightDecay": 0.001, ${data} }`);
    const problems = await service.doValidation(doc, json, { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'warning', schemaRequest: 'ignore' });
    assert.deepStrictEqual(problems, []);
  });
});
