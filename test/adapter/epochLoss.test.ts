// epochLoss as a breakpoint condition over DAP: `epoch` with `epochLoss < X` stops at the start of the
// first epoch after one whose mean E_s is below X. The epoch means are worked out here from the
// per-iteration losses of a separate trainer (XOR: one sample a batch, four batches an epoch).

import * as assert from 'node:assert';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { XOR, adapterSuite, cont, launch, num } from './helpers';

adapterSuite('adapter: epochLoss', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('`epoch` breakpoint with the condition epochLoss < X', async () => {
    const r = loadNetworkFile(XOR);
    assert.ok(r.spec);
    const t = new Trainer(r.spec);
    t.runIterations(4 * 400);
    // E of a batch of one sample is that sample's E_s: an epoch's mean is the mean of its four E
    const means = Array.from({ length: 400 }, (_, e) => [1, 2, 3, 4].reduce((s, x) => s + t.recordedLoss(4 * e + x), 0) / 4);
    // a threshold the loss crosses some way into training
    const X = (means[0] + means[399]) / 2;
    const first = means.findIndex((m) => m < X) + 1; // the first epoch below X (1-based)
    assert.ok(first > 1 && first < 400);
    await launch(dc, XOR, {}, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'epoch', condition: `epochLoss < ${X}` }] }));
    const stopped = await cont(dc);
    assert.strictEqual(stopped.body.reason, 'breakpoint');
    // the start of the epoch after it: no loss of the new epoch yet, so epochLoss is the one just finished
    assert.strictEqual(await num(dc, 'iteration'), 4 * first + 1);
    assert.ok(Math.abs((await num(dc, 'epochLoss')) - means[first - 1]) < 1e-12);
    assert.ok(Math.abs((await num(dc, 'lastEpochLoss')) - means[first - 1]) < 1e-12);
  });
});
