// The worked example's request (backprop.workedIteration): the adapter travels to the iteration asked
// for, reads it with its update, and puts the trainer back where the user stood; the numbers are those
// of a fresh engine run of the same file (Set Value edits included, as they are part of the history).

import * as assert from 'node:assert';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { fromWire, workedIterationOf } from '../../src/export/workedIteration';
import { HAND, XOR } from './helpers';
import { InlineClient } from './inline';

suite('adapter: the worked example of an iteration', () => {
  let c: InlineClient;
  setup(() => (c = new InlineClient()));
  teardown(() => c.dispose());

  const watch = async (expression: string): Promise<string> => (await c.request('evaluate', { expression, context: 'watch' })).body.result;

  test('an earlier iteration, as the engine computes it; the stop the user stands at is unchanged', async () => {
    await c.launch({ network: XOR });
    await c.request('backprop.seek', { iteration: 9, position: 2 });
    const before = [await watch('iteration'), await watch('y[1]'), await watch('w[2]')];
    const r = await c.request('backprop.workedIteration', { iteration: 4 });
    assert.ok(r.success, r.message);
    const it = fromWire(r.body);
    const t = new Trainer(loadNetworkFile(XOR).spec!);
    t.seek(4, 0);
    assert.deepStrictEqual(it, workedIterationOf(t));
    assert.strictEqual(it.iteration, 4);
    assert.deepStrictEqual([await watch('iteration'), await watch('y[1]'), await watch('w[2]')], before);
  });

  test('without an iteration: the current one, with a weight set by hand', async () => {
    await c.launch({ network: HAND });
    const set = await c.request('setExpression', { expression: 'w[2][0][0]', value: '0.7', frameId: 1 });
    assert.ok(set.success, set.message);
    const it = fromWire((await c.request('backprop.workedIteration', {})).body);
    assert.strictEqual(it.iteration, 1);
    assert.strictEqual(it.layers[2].w?.[0][0], 0.7);
    assert.strictEqual(it.layers[2].wAfter?.[0][0], 0.7 - 0.5 * (it.layers[2].dw?.[0][0] ?? NaN));
  });

  test('refused while running', async () => {
    await c.launch({ network: XOR });
    await c.request('continue', { threadId: 1 });
    const r = await c.request('backprop.workedIteration', {});
    assert.strictEqual(r.success, false);
    assert.match(r.message ?? '', /pause first/);
    await c.request('pause', { threadId: 1 });
  });
});
