// The typed custom DAP messages (src/protocol/dap.ts): each request's parser of its arguments, the typed
// request() the host uses, and the adapter answering with those types; Restart answering whatever goes wrong.

import * as assert from 'node:assert';
import { REQUESTS, THREAD_ID, parseArguments, request, type RequestTarget } from '../../src/protocol/dap';
import { HAND } from './helpers';
import { InlineClient } from './inline';

suite('adapter: typed custom requests', () => {
  test('one parser per request reads its arguments as the adapter always has: numbers (also in strings), whole, else the default', () => {
    const seek = parseArguments[REQUESTS.seek];
    assert.deepStrictEqual(seek({ iteration: 5, position: 2 }), { iteration: 5, position: 2 });
    assert.deepStrictEqual(seek({ iteration: '7', position: 2.9 }), { iteration: 7, position: 2 });
    assert.deepStrictEqual(seek({ iteration: -3, position: -1 }), { iteration: 1, position: 0 });
    assert.deepStrictEqual(seek(null), { iteration: 1, position: 0 });
    assert.deepStrictEqual(seek({ iteration: { x: 1 } }), { iteration: 1, position: 0 });
    assert.deepStrictEqual(parseArguments[REQUESTS.gradientCheck]({ maxPerLayer: 'many' }), { maxPerLayer: 64 });
    assert.deepStrictEqual(parseArguments[REQUESTS.gradientCheck]({ maxPerLayer: 3 }), { maxPerLayer: 3 });
    assert.deepStrictEqual(parseArguments[REQUESTS.lossHistory]({ from: 0 }), { from: 1 });
    assert.deepStrictEqual(parseArguments[REQUESTS.lossHistory]({ from: 12 }), { from: 12 });
    const exp = parseArguments[REQUESTS.exportTrace];
    assert.deepStrictEqual(exp({ from: 2, to: 4, format: 'csv' }), { from: 2, to: 4, format: 'csv', path: undefined, confirmedBytes: 0 });
    assert.deepStrictEqual(exp({ format: 'xml' }), { from: undefined, to: undefined, format: 'jsonl', path: undefined, confirmedBytes: 0 });
    assert.throws(() => exp({ path: 42 }), /"path" must be the absolute path/);
  });

  test('request() sends the command and its arguments and hands back the result as typed', async () => {
    const sent: unknown[] = [];
    const target: RequestTarget = { customRequest: async (command, args) => (sent.push([command, args]), { from: 3, base64: '' }) };
    const r = await request(target, REQUESTS.lossHistory, { from: 3 });
    assert.strictEqual(r.from, 3);
    assert.deepStrictEqual(sent, [['backprop.lossHistory', { from: 3 }]]);
    assert.strictEqual(THREAD_ID, 1);
  });

  suite('in the adapter', () => {
    let c: InlineClient;
    setup(() => (c = new InlineClient()));
    teardown(() => c.dispose());

    test("Export Trace's estimate and the loss history answer with their types (range as clamped)", async () => {
      await c.launch({ network: HAND });
      const estimate = await c.request(REQUESTS.exportTrace, { from: 0, to: 3, format: 'table' });
      assert.ok(estimate.success, estimate.message);
      assert.deepStrictEqual({ ...estimate.body, bytes: undefined }, { bytes: undefined, iterations: 3, from: 1, to: 3, format: 'table' });
      assert.ok(estimate.body.bytes > 0);
      const losses = await c.request(REQUESTS.lossHistory, { from: 1 });
      assert.deepStrictEqual(losses.body, { from: 1, base64: '' }, 'nothing recorded at the entry stop');
    });

    test('Restart answers with an error when reading its arguments fails (as launch does), never leaves the request unanswered', async () => {
      await c.launch({ network: HAND });
      const hostile = {
        get network(): string {
          throw new Error('no such attribute today');
        },
      };
      const r = await c.request('restart', { arguments: hostile }, 3000);
      assert.strictEqual(r.success, false);
      assert.match(r.message ?? '', /restart: no such attribute today/);
      // the session is still usable
      const again = await c.request('restart', { arguments: { network: HAND } });
      assert.ok(again.success, again.message);
    });
  });
});
