// Continue at a chosen pace (issue 12 §2, "animate"): with { iterationsPerSecond: N } every iteration is
// sent as a state, N a second; with { epochsPerSecond: N } every epoch's end; the pace changes while
// running (backprop.setPace), 0 is full speed; Pause is honoured at once, breakpoints still stop, and a
// bad attribute is refused naming it. A behaviour test of the pace over a few seconds, not a speed target.

import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { XOR } from './helpers';
import { InlineClient } from './inline';

interface Seen {
  at: number;
  iteration: number;
  position: number;
  running: boolean;
}

/** The states the session sends while `during` runs. */
async function statesDuring(c: InlineClient, during: () => Promise<void>): Promise<Seen[]> {
  const seen: Seen[] = [];
  const off = c.on((m) => {
    if (m.type !== 'event' || (m as DebugProtocol.Event).event !== 'backprop.state') return;
    const body = (m as DebugProtocol.Event).body as { iteration: number; position: number; running?: boolean };
    seen.push({ at: performance.now(), iteration: body.iteration, position: body.position, running: body.running === true });
  });
  try {
    await during();
  } finally {
    off();
  }
  return seen;
}

const watchOf = async (c: InlineClient, expression: string): Promise<string> => (await c.request('evaluate', { expression, context: 'watch' })).body.result;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Frames a second over the states seen (first to last). */
function rate(states: Seen[]): number {
  assert.ok(states.length >= 3, `${states.length} states`);
  return (states.length - 1) / ((states[states.length - 1].at - states[0].at) / 1000);
}

function within(actual: number, wanted: number, what: string): void {
  assert.ok(Math.abs(actual - wanted) <= 0.2 * wanted, `${what}: ${actual.toFixed(2)} a second, wanted ${wanted} ± 20 %`);
}

suite('adapter: Continue at a pace (animate)', () => {
  let c: InlineClient;
  setup(() => (c = new InlineClient()));
  teardown(() => c.dispose());

  test('{ iterationsPerSecond: 8 }: every iteration is shown, 8 a second; Pause stops at once', async function () {
    this.timeout(20000);
    const { launch } = await c.launch({ network: XOR, animate: { iterationsPerSecond: 8 } });
    assert.ok(launch.success, launch.message);
    const states = await statesDuring(c, async () => {
      await c.request('continue', { threadId: 1 });
      await sleep(3000);
    });
    const running = states.filter((s) => s.running);
    within(rate(running), 8, 'iterations shown');
    // each iteration at its end (after the update), none skipped
    assert.deepStrictEqual(
      running.map((s) => s.iteration),
      running.map((_, x) => x + 1),
    );
    assert.ok(running.every((s) => s.position === running[0].position && s.position > 0));
    const asked = performance.now();
    const stopped = c.event('stopped');
    await c.request('pause', { threadId: 1 });
    assert.strictEqual((await stopped).body.reason, 'pause');
    assert.ok(performance.now() - asked < 100, `Pause took ${(performance.now() - asked).toFixed(0)} ms`);
  });

  test('{ epochsPerSecond: 4 }: the end of every epoch is shown, 4 a second', async function () {
    this.timeout(20000);
    // xor: 4 samples, batch 1: an epoch is 4 iterations
    await c.launch({ network: XOR, animate: { epochsPerSecond: 4 } });
    const states = await statesDuring(c, async () => {
      await c.request('continue', { threadId: 1 });
      await sleep(3000);
      await c.request('pause', { threadId: 1 });
    });
    const running = states.filter((s) => s.running);
    within(rate(running), 4, 'epochs shown');
    assert.deepStrictEqual(
      running.map((s) => s.iteration),
      running.map((_, x) => 4 * (x + 1)),
    );
  });

  test('backprop.setPace changes the pace while running; 0 is full speed; a slow pace gives way to a fast one at once', async function () {
    this.timeout(20000);
    await c.launch({ network: XOR, animate: { iterationsPerSecond: 1 } });
    const states = await statesDuring(c, async () => {
      await c.request('continue', { threadId: 1 });
      await sleep(300);
      const set = await c.request('backprop.setPace', { perSecond: 20, unit: 'iteration' });
      assert.deepStrictEqual(set.body, { perSecond: 20, unit: 'iteration' });
      await sleep(2000);
    });
    const fast = states.filter((s) => s.running && s.iteration >= 3);
    within(rate(fast), 20, 'after setPace 20');
    // the first iteration came at once, the second not a second later but as soon as the pace changed
    assert.ok(states[1].at - states[0].at < 500, `${(states[1].at - states[0].at).toFixed(0)} ms between the first two`);
    // full speed: the rest of the run (thousands of iterations, minutes at 20 a second) is done at once
    const finished = c.event('stopped');
    const asked = performance.now();
    await c.request('backprop.setPace', { perSecond: 0, unit: 'iteration' });
    assert.match((await finished).body.description ?? '', /training finished/);
    assert.ok(performance.now() - asked < 2000, `full speed took ${(performance.now() - asked).toFixed(0)} ms to the end`);
    assert.strictEqual(await watchOf(c, 'iteration'), '12000');
    // out of range: clamped
    assert.deepStrictEqual((await c.request('backprop.setPace', { perSecond: 1e9, unit: 'epoch' })).body, { perSecond: 60, unit: 'epoch' });
  });

  test("a restart keeps the slider's pace", async function () {
    this.timeout(20000);
    await c.launch({ network: XOR });
    await c.request('backprop.setPace', { perSecond: 10, unit: 'iteration' });
    const restarted = c.event('stopped');
    assert.ok((await c.request('restart', { arguments: { network: XOR } })).success);
    await restarted;
    const states = await statesDuring(c, async () => {
      await c.request('continue', { threadId: 1 });
      await sleep(2000);
      await c.request('pause', { threadId: 1 });
    });
    within(rate(states.filter((s) => s.running)), 10, 'after the restart');
  });

  test('a breakpoint stops a paced Continue where it is', async function () {
    this.timeout(20000);
    await c.launch({ network: XOR, animate: { iterationsPerSecond: 30 } });
    await c.request('setFunctionBreakpoints', { breakpoints: [{ name: 'update', condition: 'iteration == 6' }] });
    const stopped = c.event('stopped');
    await c.request('continue', { threadId: 1 });
    const e = await stopped;
    assert.strictEqual(e.body.reason, 'breakpoint');
    assert.strictEqual((await c.request('evaluate', { expression: 'iteration', context: 'watch' })).body.result, '6');
  });

  test('a bad "animate" is refused with a message naming it', async () => {
    for (const animate of ['fast', { iterationsPerSecond: -1 }, { iterationsPerSecond: 5, epochsPerSecond: 1 }, { framesPerSecond: 5 }, { iterationsPerSecond: 1000 }]) {
      const fresh = new InlineClient();
      try {
        const { launch } = await fresh.launch({ network: XOR, animate });
        assert.strictEqual(launch.success, false, JSON.stringify(animate));
        assert.match(launch.message ?? '', /"animate" must be \{ "iterationsPerSecond": N \} or \{ "epochsPerSecond": N \} with N from 0 to 60/);
      } finally {
        fresh.dispose();
      }
    }
  });
});
