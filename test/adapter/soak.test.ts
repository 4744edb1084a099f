// Soak: Continue for a bounded time and watch this process's memory (the adapter runs inline, as in the
// extension host). The history budget fills within seconds; after that the memory must stay flat, and
// the whole stays within the budget plus a fixed overhead. About 35 s in all.

import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { DIGITS, HAND, tempNetwork } from './helpers';
import { InlineClient } from './inline';
import { memory, pause, type Memory } from './memory';

const SOAK_SECONDS = 20;

/** Bytes the session's history holds now (read for the report only). */
function historyBytes(c: InlineClient): number {
  return (c.session as unknown as { trainer?: { history?: { bytes: number } } }).trainer?.history?.bytes ?? 0;
}

function show(m: Memory): string {
  return `heap+buffers ${m.heap.toFixed(1)} MiB, RSS ${m.rss.toFixed(0)} MiB`;
}

suite('adapter: soak', () => {
  test(`Continue on 784-128-10 for ${SOAK_SECONDS} s: memory flat once the history budget is full`, async function () {
    this.timeout((SOAK_SECONDS + 30) * 1000);
    const network = tempNetwork(readFileSync(DIGITS, 'utf8').replace('"epochs": 20', '"epochs": 100000'));
    const baseline = memory();
    const c = new InlineClient();
    try {
      await c.launch({ network, historyMegabytes: 32 }, { supportsProgressReporting: true });
      await c.request('continue', { threadId: 1 });
      const samples: Memory[] = [];
      for (let s = 0; s < SOAK_SECONDS; s += 2) {
        await pause(2000);
        samples.push(memory());
      }
      const iteration = Number((await c.request('evaluate', { expression: 'iteration', context: 'watch' })).body.result);
      await c.request('pause', { threadId: 1 });
      const history = historyBytes(c) / 1024 / 1024;
      const warm = samples[2];
      const end = samples[samples.length - 1];
      console.log(`      784-128-10, ${iteration} iterations in ${SOAK_SECONDS} s, budget 32 MiB: baseline ${show(baseline)}; at 6 s ${show(warm)}; at ${SOAK_SECONDS} s ${show(end)}; over the baseline ${(end.heap - baseline.heap).toFixed(1)} MiB, of which the history ${history.toFixed(1)} MiB`);
      assert.ok(iteration > 500, `only ${iteration} iterations`);
      assert.ok(end.heap - warm.heap < 8, `grew ${(end.heap - warm.heap).toFixed(1)} MiB from 6 s to ${SOAK_SECONDS} s`);
      assert.ok(end.heap - baseline.heap < 32 + 24, `${(end.heap - baseline.heap).toFixed(1)} MiB over the baseline with a 32 MiB budget`);
    } finally {
      c.dispose();
    }
  });

  test('10⁶ iterations of 2-2-2 with the default budget: within it plus the fixed overhead', async function () {
    this.timeout(120000);
    const network = tempNetwork(readFileSync(HAND, 'utf8').replace('"epochs": 10000', '"epochs": 1000000'));
    const baseline = memory();
    const c = new InlineClient();
    try {
      await c.launch({ network });
      const finished = c.event('stopped', (e) => /finished/.test(e.body?.description ?? ''), 110000);
      await c.request('continue', { threadId: 1 });
      await finished;
      const end = memory();
      const at = (await c.request('evaluate', { expression: 'iteration', context: 'watch' })).body.result;
      const history = historyBytes(c) / 1024 / 1024;
      console.log(`      2-2-2, ${at} iterations, default budget 256 MiB: baseline ${show(baseline)}; at the end ${show(end)}; over the baseline ${(end.heap - baseline.heap).toFixed(1)} MiB, of which the history ${history.toFixed(1)} MiB`);
      assert.strictEqual(at, '1000000');
      // the loss record (8 MB) and the checkpoints (3,907 of 104 bytes) are all it keeps
      assert.ok(end.heap - baseline.heap < 16, `${(end.heap - baseline.heap).toFixed(1)} MiB over the baseline`);
    } finally {
      c.dispose();
    }
  });
});
