// The adapter's words in English and in Korean (the `locale` of `initialize`): the sentence of a stop
// on a NaN or ±Infinity (never the filter's id `nonFinite`), a non-finite loss at its sample and output
// neuron, the gradient exceptions, Step Into's neuron frames, expression errors and the network file's
// positioned errors. Every culprit is placed by construction and worked out by hand in the comments.

import * as assert from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Trainer } from '../../src/engine/trainer';
import { describeCulprit } from '../../src/debug/describe';
import { useLocale } from '../../src/debug/i18n';
import { specOf } from '../engine/helpers';
import { HAND, adapterSuite, cont, evaluate, stepIn, where } from './helpers';

/** the suite's network files, in a folder made in suiteSetup and removed in suiteTeardown */
let dir = '';
let files = 0;
function network(spec: object | string): string {
  const path = join(dir, `net${files++}.backprop.json`);
  writeFileSync(path, typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2));
  return path;
}

/** Initializes in `locale`, launches `path` (stopping on entry) and resolves with the entry stop. */
async function start(dc: DebugClient, locale: string, path: string, filters?: string[], args: object = {}): Promise<DebugProtocol.StoppedEvent> {
  await dc.initializeRequest({ adapterID: 'backprop', locale, linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.launchRequest({ network: path, stopOnEntry: true, ...args } as never),
    (async () => {
      if (filters) await dc.setExceptionBreakpointsRequest({ filters });
      await dc.configurationDoneRequest();
    })(),
  ]);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

/**
 * 1-1-1, identity, x = 1: u1 = 1 · 1e200 = 1e200 is finite, u2 = 1e200 · 1e200 = 1e400 overflows to
 * +Infinity in the forward pass of the output layer, sample 0, neuron 0.
 */
const forwardOverflow = {
  layers: [{ size: 1 }, { size: 1, activation: 'identity', weights: [[1e200]], biases: [0] }, { size: 1, activation: 'identity', weights: [[1e200]], biases: [0] }],
  data: { inputs: [[1]], targets: [[0]] },
  epochs: 1,
};

/**
 * The sum of squares over a batch of two samples, two identity outputs with w = [[0, 1e200]], b = 0,
 * targets 0. Sample 0 (x = 0): u = y = (0, 0), terms 0. Sample 1 (x = 1): y = (0, 1e200), finite, but
 * its term ½(1e200 − 0)² overflows to Infinity: the culprit is sample 1, output neuron 1. (Cross-entropy
 * after sigmoid or softmax is computed from u and stays finite, so it cannot make this case.)
 */
const lossOverflow = {
  layers: [{ size: 1 }, { size: 2, activation: 'identity', weights: [[0, 1e200]], biases: [0, 0] }],
  loss: 'sum-of-squares',
  batch: { size: 2 },
  data: { inputs: [[0], [1]], targets: [[0, 0], [0, 0]] },
  epochs: 1,
};

adapterSuite('adapter: English and Korean words', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));
  suiteSetup(() => {
    dir = mkdtempSync(join(tmpdir(), 'backprop-i18n-'));
  });
  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('a non-finite value stops with a sentence naming the layer and its role, sample, neuron, quantity and phase', async () => {
    await start(dc, 'en', network(forwardOverflow));
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    assert.strictEqual(s.body.description, 'Infinity in u of layer 2 (output), sample 0, neuron 0, during forward');
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    // VS Code's exception widget reads "Exception has occurred: <exceptionId>"
    assert.strictEqual(info.body.exceptionId, 'non-finite value (NaN or ±Infinity)');
    assert.strictEqual(info.body.details?.typeName, 'non-finite value (NaN or ±Infinity)');
    assert.strictEqual(info.body.description, s.body.description);
  });

  test('a non-finite loss names the sample and the output neuron whose term made it', async () => {
    await start(dc, 'en', network(lossOverflow));
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    assert.strictEqual(s.body.description, 'Infinity in the loss E (sum-of-squares), sample 1, output neuron 1');
    assert.strictEqual(await evaluate(dc, 'y[1][1][1]'), '1e+200');
  });

  test('in Korean: the non-finite sentence, the exception name, the loss', async () => {
    await start(dc, 'ko', network(forwardOverflow));
    let s = await cont(dc);
    assert.strictEqual(s.body.description, 'Infinity 발생: 층 2 (출력층)의 u, 샘플 0, 뉴런 0, 순전파 중');
    assert.strictEqual((await dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, '유한하지 않은 값 (NaN 또는 ±Infinity)');
    dc = await adapter.restart();
    await start(dc, 'ko', network(lossOverflow));
    s = await cont(dc);
    assert.strictEqual(s.body.description, 'Infinity 발생: 오차 E (sum-of-squares), 샘플 1, 출력 뉴런 1');
  });

  test('in Korean: exploding and vanishing gradients, dead ReLU units', async () => {
    // the hand example: ‖∂w‖ of layer 2 ≈ 0.11 > 0.05 at its backward stop
    await start(dc, 'ko', HAND, ['exploding'], { explodingGradientThreshold: 0.05 });
    let s = await cont(dc);
    assert.match(s.body.description ?? '', /^기울기 폭발: 층 2의 ‖∂w‖ = 0\.1\d* > 0\.05, 역전파 중$/);
    assert.strictEqual((await dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, '기울기 폭발');
    dc = await adapter.restart();
    await start(dc, 'ko', HAND, ['vanishing'], { vanishingGradientThreshold: 1 });
    s = await cont(dc);
    assert.match(s.body.description ?? '', /^기울기 소실: 층 2의 ‖δ‖ = \S+ < 1, 역전파 중$/);
    dc = await adapter.restart();
    // ReLU neuron 0 with w = −1, b = 0 and x = 1: u = −1 ≤ 0 for the only sample
    const dead = { layers: [{ size: 1 }, { size: 2, activation: 'relu', weights: [[-1, 1]], biases: [0, 0] }, { size: 1 }], data: { inputs: [[1]], targets: [[0]] } };
    await start(dc, 'ko', network(dead), ['deadRelu']);
    s = await cont(dc);
    assert.strictEqual(s.body.description, '죽은 ReLU: 층 1의 뉴런 0은(는) 배치의 모든 샘플에서 u ≤ 0, 순전파 중');
  });

  test('in Korean: Step Into names the neuron (뉴런) and keeps the formula', async () => {
    await start(dc, 'ko', HAND);
    await stepIn(dc);
    assert.strictEqual((await where(dc))[0].name, '뉴런 0 · u_0 = Σ y w + b');
    await stepIn(dc);
    assert.strictEqual((await where(dc))[0].name, '뉴런 0 · y_0 = f(u_0)');
  });

  test('in Korean: expression errors in Watch and the Debug Console', async () => {
    await start(dc, 'ko', HAND);
    const error = async (expression: string): Promise<string> => {
      try {
        await dc.evaluateRequest({ expression, context: 'watch', frameId: 1 });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${expression} evaluated without an error`);
    };
    assert.strictEqual(await error('foo + 1'), "알 수 없는 이름 'foo' (사용할 수 있는 이름: u, y, delta, dy, w, b, dw, db, t, loss, epochLoss, iteration, epoch, eta, v, h, m, step, lr, mask, updates)");
    assert.strictEqual(await error('1 +'), '식이 너무 일찍 끝납니다');
    assert.strictEqual(await error('w[1][5]'), '행 5이(가) 범위 0…1를 벗어납니다');
    assert.strictEqual(await error('w[1] > 1'), "'>'에는 행렬이 아닌 수가 필요합니다: 먼저 max(…), norm(…) 등으로 줄이세요");
    assert.strictEqual(await error('w[3]'), '층 3이(가) 없습니다 (층 0…2)');
    assert.strictEqual(await error('u[0]'), '층 0은 입력층이므로 y[0]만 있습니다');
  });

  test("in Korean: the network file's positioned error ends the launch", async () => {
    // "sigmod" on line 4: the value starts at column 32 of '    { "size": 1, "activation": "sigmod" }'
    const path = network(['{', '  "layers": [', '    { "size": 2 },', '    { "size": 1, "activation": "sigmod" }', '  ],', '  "data": "xor"', '}', ''].join('\n'));
    await dc.initializeRequest({ adapterID: 'backprop', locale: 'ko', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(dc.launchRequest({ network: path } as never), (e: Error) => {
      assert.strictEqual(
        e.message,
        `${path}:4:32: 알 수 없는 활성화 함수 "sigmod": "identity", "sigmoid", "tanh", "relu", "leaky-relu", "softmax" 중 하나를 쓰세요 ("sigmoid"을(를) 뜻했나요?)`,
      );
      return true;
    });
  });

  test('in English the expression errors are unchanged', async () => {
    await start(dc, 'en', HAND);
    await assert.rejects(dc.evaluateRequest({ expression: '1 +', context: 'watch', frameId: 1 }), /^Error: the expression ends too early$/);
    await assert.rejects(dc.evaluateRequest({ expression: 'w[1][5]', context: 'watch', frameId: 1 }), /row 5 out of range 0…1/);
    await assert.rejects(dc.evaluateRequest({ expression: 'w[3]', context: 'watch', frameId: 1 }), /^Error: no layer 3 \(layers 0…2\)$/);
  });
});

suite('adapter: the culprit in words, for every kind of quantity', () => {
  // a 2-2-1 network, batch of 2 of 4 samples shuffled: the batch's sample s is data row samples[s]
  const trainer = new Trainer(
    specOf({
      layers: [{ size: 2 }, { size: 2, activation: 'sigmoid' }, { size: 1, activation: 'sigmoid' }],
      batch: { size: 2, shuffle: true },
      data: 'xor',
    }),
  );
  trainer.step(); // forward of layer 1: the first batch is drawn
  teardown(() => useLocale('en'));

  test('a weight names the neurons it joins; a bias its neuron; a per-sample value its data row when it differs', () => {
    useLocale('en');
    assert.strictEqual(
      describeCulprit({ layer: 2, quantity: 'w', phase: 'update', row: 1, column: 0, value: NaN }, trainer),
      'NaN in w of layer 2 (output), the weight from neuron 1 of layer 1 to neuron 0, during the update',
    );
    assert.strictEqual(describeCulprit({ layer: 1, quantity: 'db', phase: 'backward', column: 1, value: -Infinity }, trainer), '-Infinity in ∂b of layer 1 (hidden), neuron 1, during backward');
    const s = [0, 1].find((x) => trainer.samples[x] !== x)!; // seed 1 shuffles xor's rows: some sample is not its data row
    assert.strictEqual(
      describeCulprit({ layer: 1, quantity: 'delta', phase: 'backward', row: s, column: 0, value: NaN }, trainer),
      `NaN in δ of layer 1 (hidden), sample ${s} (data row ${trainer.samples[s]}), neuron 0, during backward`,
    );
  });

  test('the same in Korean', () => {
    useLocale('ko');
    assert.strictEqual(
      describeCulprit({ layer: 2, quantity: 'w', phase: 'update', row: 1, column: 0, value: NaN }, trainer),
      'NaN 발생: 층 2 (출력층)의 w, 층 1의 뉴런 1 → 뉴런 0의 가중치, 가중치 수정 중',
    );
    assert.strictEqual(describeCulprit({ layer: 1, quantity: 'db', phase: 'backward', column: 1, value: -Infinity }, trainer), '-Infinity 발생: 층 1 (은닉층)의 ∂b, 뉴런 1, 역전파 중');
  });
});
