// The adapter under odd use (issue 9): requests before launch, bad launch attributes, a client that goes
// away, Restart after the end, the trace channel, many sessions in one process, long work in slices.
// In this process (inline, as VS Code runs it), so that memory and CPU are this process's.

import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { checkLaunch } from '../../src/debug/launchArguments';
import { TRACE_LINES, TraceLog } from '../../src/debug/traceLog';
import { HAND, tempNetwork } from './helpers';
import { InlineClient } from './inline';
import { memory, pause } from './memory';

/** A network that trains for a long time (w of 100 × 100: state events of ~100 KB). */
function longNetwork(epochs = 1_000_000, sizes = [100, 100, 10], batch = 1): string {
  const layers = sizes.map((size, l) => (l === 0 ? { size } : { size, activation: l === sizes.length - 1 ? 'softmax' : 'sigmoid' }));
  return tempNetwork(
    JSON.stringify({ name: sizes.join('-'), layers, loss: 'cross-entropy', learningRate: 0.05, batch: { size: batch }, init: { seed: 1, distribution: 'xavier' }, data: { builtin: 'synthetic', samples: 256 }, epochs }),
  );
}

const noStack = (message: string | undefined): boolean => !/\n\s+at /.test(message ?? '') && !/\.(ts|js):\d+/.test(message ?? '');

suite('adapter: hardening', () => {
  let c: InlineClient;
  setup(() => (c = new InlineClient()));
  teardown(() => c.dispose());

  test('requests before launch get one clear error each, never a stack trace; stepIn does not answer success', async () => {
    await c.request('initialize', { adapterID: 'backprop', pathFormat: 'path' });
    for (const command of ['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'scopes', 'evaluate', 'setVariable', 'setExpression', 'exceptionInfo', 'backprop.seek', 'backprop.snapshot', 'backprop.exportTrace', 'backprop.gradientCheck', 'backprop.lossHistory', 'goto', 'restart']) {
      const r = await c.request(command, { threadId: 1, frameId: 1, expression: 'w[1]', variablesReference: 1, name: 'η', value: '1' });
      assert.strictEqual(r.success, false, `${command} before launch answered success`);
      assert.ok(r.message && noStack(r.message), `${command}: ${r.message}`);
    }
    await pause(50);
    for (const [seq, n] of c.answered) assert.strictEqual(n, 1, `request ${seq} answered ${n} times`);
  });

  test('every launch attribute is checked: a bad value refuses the launch with a message naming the field', async () => {
    const bad: [string, unknown][] = [
      ['historyMegabytes', '64MB'],
      ['historyMegabytes', 0],
      ['historyMegabytes', -5],
      ['historyMegabytes', 1e9],
      ['explodingGradientThreshold', 'big'],
      ['explodingGradientThreshold', 0],
      ['vanishingGradientThreshold', -1],
      ['stopOnEntry', 'yes'],
      ['granularity', 'neuron'],
      ['trace', 1],
      ['network', 42],
    ];
    for (const [field, value] of bad) {
      const client = new InlineClient();
      try {
        const { launch } = await client.launch({ network: HAND, [field]: value });
        assert.strictEqual(launch.success, false, `${field}: ${JSON.stringify(value)} was accepted`);
        assert.ok(launch.message?.includes(`"${field}"`), `${field}: ${launch.message}`);
      } finally {
        client.dispose();
      }
    }
    // NaN cannot cross JSON, but an inline caller can send it
    const nan = checkLaunch({ network: 'x', historyMegabytes: NaN });
    assert.ok(!nan.ok && nan.problem.field === 'historyMegabytes');
    const good = checkLaunch({ network: 'x', historyMegabytes: 64.5, vanishingGradientThreshold: 0 });
    assert.ok(good.ok && good.value.historyMegabytes === 64.5 && good.value.stopOnEntry && good.value.granularity === 'stop' && !good.value.trace);
  });

  test('a session that is disposed (its client gone) stops training and sends nothing more', async () => {
    const { stopped } = await c.launch({ network: longNetwork() });
    assert.ok(stopped);
    await c.request('continue', { threadId: 1 });
    await pause(300);
    const before = c.received;
    assert.ok(before > 3, 'state events while running');
    c.session.dispose();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await pause(400);
    const used = process.cpuUsage(cpu);
    const busy = (used.user + used.system) / 1000 / (performance.now() - t0);
    assert.strictEqual(c.received, before, 'messages after dispose');
    assert.ok(busy < 0.5, `the process used ${(busy * 100).toFixed(0)} % of a core after dispose`);
  });

  test('Restart after "training finished" clears that stop (continued) before the new entry stop', async () => {
    const short = tempNetwork(readFileSync(HAND, 'utf8').replace('"epochs": 10000', '"epochs": 3'));
    await c.launch({ network: short });
    const finished = c.event('stopped', (e) => /finished/.test(e.body?.description ?? ''));
    await c.request('continue', { threadId: 1 });
    await finished;
    const order: string[] = [];
    const off = c.on((m) => {
      if (m.type === 'event' && ['continued', 'stopped'].includes((m as DebugProtocol.Event).event)) order.push(`${(m as DebugProtocol.Event).event}:${(m as DebugProtocol.Event).body?.description ?? ''}`);
    });
    const entry = c.event('stopped');
    const r = await c.request('restart', { arguments: { network: short, stopOnEntry: true } });
    assert.ok(r.success, r.message);
    await entry;
    off();
    assert.strictEqual(order[0], 'continued:');
    assert.match(order[1], /^stopped:before the forward pass/);
  });

  test('no trace by default; `trace: true` sends a bounded line per message to the Debug Console', async () => {
    const outputs: string[] = [];
    c.on((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'output' && outputs.push((m as DebugProtocol.OutputEvent).body.output));
    await c.launch({ network: HAND });
    await c.request('next', { threadId: 1 });
    assert.deepStrictEqual(outputs, []);
    const traced = new InlineClient();
    const lines: string[] = [];
    traced.on((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'output' && lines.push((m as DebugProtocol.OutputEvent).body.output));
    try {
      await traced.launch({ network: HAND, trace: true });
      await traced.request('evaluate', { expression: 'w[1][0][0]', context: 'watch' });
      assert.ok(lines.some((l) => l.startsWith('→ {') && l.includes('"evaluate"')), lines.join(''));
      assert.ok(lines.some((l) => l.startsWith('← {') && l.includes('"backprop.state"')));
      assert.ok(lines.every((l) => l.length < 400), 'lines are shortened');
    } finally {
      traced.dispose();
    }
    const log = new TraceLog();
    for (let i = 0; i < 3 * TRACE_LINES; i++) log.add('←', { i, big: 'x'.repeat(10000) });
    const all = log.all();
    assert.strictEqual(all.length, TRACE_LINES);
    assert.match(all[0], new RegExp(`"i":${2 * TRACE_LINES}\\b`));
  });

  test('100 sessions in one process leave the memory as it was', async function () {
    this.timeout(60000);
    const network = longNetwork(1000, [100, 100, 10], 4);
    const once = async (): Promise<void> => {
      const client = new InlineClient();
      try {
        await client.launch({ network, historyMegabytes: 4 });
        await client.request('continue', { threadId: 1 });
        await pause(20);
        await client.request('pause', { threadId: 1 });
        await client.request('disconnect', {});
      } finally {
        client.dispose();
      }
    };
    for (let i = 0; i < 5; i++) await once();
    const before = memory();
    for (let i = 0; i < 100; i++) await once();
    const after = memory();
    console.log(`      100 sessions of 100-100-10: heap+buffers ${before.heap.toFixed(1)} → ${after.heap.toFixed(1)} MiB, RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MiB`);
    assert.ok(after.heap - before.heap < 10, `heap and buffers grew from ${before.heap.toFixed(1)} to ${after.heap.toFixed(1)} MiB over 100 sessions`);
  });

  test('a far jump runs in slices: Pause is answered within 100 ms and stops it where it got to', async function () {
    this.timeout(60000);
    await c.launch({ network: longNetwork(1_000_000, [100, 100, 10], 1) }, { supportsProgressReporting: true });
    const progress: string[] = [];
    c.on((m) => m.type === 'event' && (m as DebugProtocol.Event).event.startsWith('progress') && progress.push((m as DebugProtocol.Event).event));
    // iteration 50,000 has not been trained: the jump trains there, which takes seconds
    const stopped = c.event('stopped');
    await c.request('backprop.seek', { iteration: 50000, position: 0 });
    await pause(700);
    const t0 = performance.now();
    const r = await c.request('pause', { threadId: 1 });
    const answered = performance.now() - t0;
    assert.ok(r.success);
    // the 100 ms target is measured in `npm run bench`; here: answered while the work goes on, not after it
    assert.ok(answered < 500, `Pause answered after ${answered.toFixed(0)} ms`);
    const stop = await stopped;
    assert.strictEqual(stop.body.reason, 'pause');
    const at = Number((await c.request('evaluate', { expression: 'iteration', context: 'watch' })).body.result);
    assert.ok(at > 1 && at < 50000, `stopped at iteration ${at}`);
    assert.deepStrictEqual([progress[0], progress[progress.length - 1]], ['progressStart', 'progressEnd']);
  });

  test('a whole-network gradient check runs as a job: other requests are answered meanwhile, and cancel ends it', async function () {
    this.timeout(60000);
    await c.launch({ network: longNetwork(10, [100, 100, 10], 64) }, { supportsProgressReporting: true });
    const started = c.event('progressStart');
    const check = c.request('backprop.gradientCheck', { maxPerLayer: 1e9 });
    const progressId = (await started).body.progressId as string;
    const t0 = performance.now();
    const r = await c.request('evaluate', { expression: 'iteration', context: 'watch' });
    assert.strictEqual(r.body.result, '1');
    assert.ok(performance.now() - t0 < 500, `evaluate took ${(performance.now() - t0).toFixed(0)} ms during the check`);
    await c.request('cancel', { progressId });
    const answer = await check;
    assert.strictEqual(answer.success, false);
    assert.strictEqual(answer.message, 'cancelled');
  });
});
