// The run loop without a DAP client: a Runner over the 2-2-2 worked example, its moves and the stops it
// reports as events. The gradient norms the exception rules compare are worked out by hand from the
// classic example (Mazur's): ∂E/∂w5…w8 = 0.082167041, 0.082667628, −0.022602540, −0.022740242, so
// ‖∂w₂‖ = 0.12088; δ₁ = (∂E/∂w1, ∂E/∂w3) / x₁ = (0.000438568, 0.000497713) / 0.05, so ‖δ₁‖ = 0.013266;
// δ₂ = (0.138499, −0.038098), ‖δ₂‖ = 0.14364.

import * as assert from 'node:assert';
import { Trainer } from '../../src/engine/trainer';
import { compileBreakpoint, parseFunctionName } from '../../src/debug/breakpoints';
import { useLocale } from '../../src/debug/i18n';
import { Runner, type Halt } from '../../src/debug/runner';
import { specOf } from '../engine/helpers';

const HAND = {
  name: '2-2-2 by hand',
  layers: [
    { size: 2 },
    { size: 2, activation: 'sigmoid', weights: [[0.15, 0.25], [0.2, 0.3]], biases: [0.35, 0.35] },
    { size: 2, activation: 'sigmoid', weights: [[0.4, 0.5], [0.45, 0.55]], biases: [0.6, 0.6] },
  ],
  loss: 'sum-of-squares',
  learningRate: 0.5,
  batch: { size: 1, reduction: 'sum' },
  data: { inputs: [[0.05, 0.1]], targets: [[0.01, 0.99]] },
  epochs: 3,
};

/** The next stop the runner reports after `move`. */
function stopAfter(runner: Runner, move: () => void): Promise<Halt> {
  return new Promise((resolve) => {
    runner.once('stop', resolve);
    move();
  });
}

/** Where the trainer stands: iteration, and the stop done in it ("forward 1", "loss", …, or "start"). */
function where(runner: Runner): string {
  const t = runner.trainer;
  const s = t.currentStop;
  return `${t.iteration} ${s ? `${s.phase}${s.phase === 'forward' || s.phase === 'backward' ? ` ${s.layer}` : ''}` : 'start'}`;
}

function functionBreakpoint(runner: Runner, name: string, options: { condition?: string; logMessage?: string } = {}) {
  const c = compileBreakpoint(parseFunctionName(name, runner.trainer.layers.length), options);
  assert.ok(c.ok, c.ok ? '' : c.message);
  return c.breakpoint;
}

suite('adapter: the runner without DAP', () => {
  let runner: Runner;
  suiteSetup(() => useLocale('en'));
  setup(() => (runner = new Runner(new Trainer(specOf(HAND)))));
  teardown(() => runner.dispose());

  test('the entry stop, then Step Over stop by stop through an iteration: forward, loss, backward from the output, update', async () => {
    assert.deepStrictEqual(await stopAfter(runner, () => runner.begin(true)), { reason: 'entry', description: 'before the forward pass of iteration 1' });
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const h = await stopAfter(runner, () => runner.next());
      assert.strictEqual(h.reason, 'step');
      seen.push(where(runner));
    }
    assert.deepStrictEqual(seen, ['1 forward 1', '1 forward 2', '1 loss', '1 backward 2', '1 backward 1', '1 update']);
    // Step Back goes to the stop before; at an iteration's first stop, to the end of the one before
    await stopAfter(runner, () => runner.stepBack());
    assert.strictEqual(where(runner), '1 backward 1');
  });

  test('Step Into forms a layer neuron by neuron (u_0, y_0, u_1, y_1), then goes on; Step Over inside it finishes it', async () => {
    await stopAfter(runner, () => runner.begin(true));
    await stopAfter(runner, () => runner.stepIn());
    assert.deepStrictEqual([where(runner), runner.sub], ['1 forward 1', { phase: 'forward', layer: 1, count: 1 }]);
    for (const count of [2, 3, 4]) {
      await stopAfter(runner, () => runner.stepIn());
      assert.strictEqual(runner.sub?.count, count);
    }
    await stopAfter(runner, () => runner.stepIn());
    assert.deepStrictEqual([where(runner), runner.sub?.count], ['1 forward 2', 1]);
    await stopAfter(runner, () => runner.next());
    assert.deepStrictEqual([where(runner), runner.sub], ['1 forward 2', undefined]);
  });

  test('a function breakpoint with a condition stops where it holds; a logpoint reports its line as output and runs on', async () => {
    const log = functionBreakpoint(runner, 'loss', { logMessage: 'E at {iteration}' });
    const bp = functionBreakpoint(runner, 'backward:1', { condition: 'iteration == 2' });
    runner.setBreakpoints([log, bp]);
    const lines: string[] = [];
    runner.on('output', (text) => lines.push(text));
    await stopAfter(runner, () => runner.begin(true));
    const h = await stopAfter(runner, () => runner.continue());
    assert.deepStrictEqual(h, { reason: 'breakpoint', ids: [bp.id] });
    assert.strictEqual(where(runner), '2 backward 1');
    assert.deepStrictEqual(lines, ['E at 1\n', 'E at 2\n']);
    // Reverse Continue: conditions apply, logpoints do not stop it; no hit before iteration 2 → the start
    const back = await stopAfter(runner, () => runner.reverse());
    assert.strictEqual(back.reason, 'entry');
    assert.strictEqual(where(runner), '1 start');
  });

  test('exception rules: ‖∂w₂‖ = 0.12088 is exploding above 0.12, not above 0.125; ‖δ₁‖ = 0.013266 vanishing below 0.02', async () => {
    runner.exceptions.setThresholds({ exploding: 0.12, vanishing: 0.02 });
    runner.exceptions.setFilters(['exploding', 'vanishing']);
    await stopAfter(runner, () => runner.begin(true));
    const exploding = await stopAfter(runner, () => runner.continue());
    assert.strictEqual(exploding.reason, 'exception');
    assert.strictEqual(exploding.reason === 'exception' && exploding.filter, 'exploding');
    assert.match(exploding.reason === 'exception' ? exploding.description : '', /layer 2: ‖∂w‖ = 0\.12088/);
    assert.strictEqual(where(runner), '1 backward 2');
    assert.deepStrictEqual(runner.exception?.filter, 'exploding');
    const vanishing = await stopAfter(runner, () => runner.continue());
    assert.strictEqual(vanishing.reason === 'exception' && vanishing.filter, 'vanishing');
    assert.match(vanishing.reason === 'exception' ? vanishing.description : '', /layer 1: ‖δ‖ = 0\.01326/);
    assert.strictEqual(where(runner), '1 backward 1');
  });

  test('an exception rule that is off never hides the other: exploding off, vanishing still stops at layer 1', async () => {
    runner.exceptions.setThresholds({ exploding: 0.12, vanishing: 0.02 });
    runner.exceptions.setFilters(['vanishing']);
    await stopAfter(runner, () => runner.begin(true));
    const h = await stopAfter(runner, () => runner.continue());
    assert.strictEqual(h.reason === 'exception' && h.filter, 'vanishing');
    assert.strictEqual(where(runner), '1 backward 1');
    // above 0.125 nothing explodes in iteration 1: the run goes on to the vanishing δ₁ of the next iteration
    runner.exceptions.setThresholds({ exploding: 0.125, vanishing: 0.02 });
    runner.exceptions.setFilters(['exploding', 'vanishing']);
    await stopAfter(runner, () => runner.continue());
    assert.strictEqual(where(runner), '2 backward 1');
  });

  test('Pause stops a Continue at its next slice; Continue after the last iteration reports that training is finished', async () => {
    runner.load(new Trainer(specOf({ ...HAND, epochs: 100000 })));
    await stopAfter(runner, () => runner.begin(true));
    const paused = stopAfter(runner, () => runner.continue());
    assert.ok(runner.isRunning);
    await new Promise((r) => setTimeout(r, 30));
    runner.pause();
    assert.deepStrictEqual(await paused, { reason: 'pause' });
    assert.ok(!runner.isRunning);
    assert.ok(runner.trainer.iteration > 1, 'it ran meanwhile');

    runner.load(new Trainer(specOf({ ...HAND, epochs: 2 })));
    await stopAfter(runner, () => runner.begin(true));
    const finished = await stopAfter(runner, () => runner.continue());
    assert.deepStrictEqual(finished, { reason: 'pause', description: 'training finished' });
    assert.strictEqual(runner.continue(), false, 'nothing more to run');
  });
});
