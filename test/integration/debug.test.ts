// A `backprop` debug session inside a real VS Code extension host: start, stop on entry, step with
// the workbench's own commands (Step Over, Step Back, Continue), and read the values the adapter
// reports — through the `backprop.state` event, customRequest and evaluate — against the published
// hand-computed 2-2-2 example. Also: an invalid network file never starts a session; the inspector opens.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { decodeMatrix, type EncodedMatrix } from '../../src/protocol/buffers';
import { applyDelta } from '../../src/protocol/delta';
import { REQUESTS, STATE_EVENT, type StateSnapshot } from '../../src/protocol/snapshot';
import type { BackpropApi } from '../../src/extension';
import { waitFor, workspaceUri } from './util';

const EXTENSION_ID = 'backprop-debugger.backprop-debugger';
const TOLERANCE = 1e-8;

/** The published hand-computed values of the 2-2-2 example (inputs 0.05, 0.10; targets 0.01, 0.99). */
const HAND = {
  loss: 0.298371109,
  y2: [0.75136507, 0.772928465],
  delta2: [0.138498562, -0.038098236],
  dw2_00: 0.082167041,
  /** w[2][0][0] after the first update: 0.40 − 0.5 · 0.082167041 */
  w2_00_after: 0.35891648,
};


function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: ${actual} differs from ${expected} by more than ${TOLERANCE}`);
}

function values(m: EncodedMatrix | undefined, what: string): number[] {
  assert.ok(m, `${what} is computed`);
  return Array.from(decodeMatrix(m));
}


/**
 * Every state the events carry, rebuilt from their deltas (as the extension's views do); listening
 * from the start, so that each delta has the state it refers to.
 */
const states = new vscode.EventEmitter<StateSnapshot>();
let latest: StateSnapshot | undefined;
let listening = false;

/**
 * Listens to the states the adapter sends, as the extension's API passes them on (the inline adapter
 * hands them to the host in-process, not as `backprop.state` DAP events); from before the first launch.
 */
async function listenToStates(): Promise<void> {
  if (listening) return;
  const ext = vscode.extensions.getExtension<BackpropApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  assert.strictEqual(typeof api?.onDidSendState, 'function', 'the extension offers onDidSendState');
  api.onDidSendState(({ session, delta }) => {
    if (session.type !== 'backprop') return;
    const state = applyDelta(latest, delta);
    assert.ok(state, 'each state applies to the one before');
    latest = state;
    states.fire(state);
  });
  // a standalone adapter would send them as DAP events: none may arrive from the inline one
  vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
    if (e.session.type === 'backprop' && e.event === STATE_EVENT) stateEventsSeen++;
  });
  listening = true;
}
let stateEventsSeen = 0;

/**
 * Runs `action` and resolves with the first `backprop.state` event after it that `accept`s (subscribed
 * before the action, so a fast stop is never missed).
 */
function stateAfter(action: () => Thenable<unknown>, accept: (s: StateSnapshot) => boolean, what: string, ms = 30000): Promise<StateSnapshot> {
  return new Promise<StateSnapshot>((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no state event for ${what} within ${ms} ms`)); }, ms);
    const sub = states.event((state) => {
      if (!accept(state)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(state);
    });
    Promise.resolve(action()).then(undefined, (err: unknown) => { clearTimeout(timer); sub.dispose(); reject(err); });
  });
}

const where = (s: StateSnapshot): string => `iteration ${s.iteration} position ${s.position} ${s.stop ? `${s.stop.phase} ${s.stop.layer}` : 'start'}`;

async function topFrame(session: vscode.DebugSession): Promise<{ id: number; name: string }> {
  const trace = (await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: { id: number; name: string }[] };
  assert.ok(trace.stackFrames.length > 0, 'the paused thread has frames');
  return trace.stackFrames[0];
}

async function evaluate(session: vscode.DebugSession, expression: string): Promise<string> {
  const { id } = await topFrame(session);
  const r = (await session.customRequest('evaluate', { expression, frameId: id, context: 'watch' })) as { result: string };
  return r.result;
}

async function stopAll(): Promise<void> {
  if (!vscode.debug.activeDebugSession) return;
  await vscode.debug.stopDebugging();
  await waitFor('all debug sessions to end', () => vscode.debug.activeDebugSession === undefined);
}

function inspectorTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('backprop.inspector') && t.label === 'Backprop Inspector');
}

suite('Debug session (2-2-2 worked example)', () => {
  let session: vscode.DebugSession;
  let entry: StateSnapshot;

  suiteSetup(async function () {
    this.timeout(60000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await listenToStates();
    // the harness checks that this is the build it means to test (the working tree, or the installed .vsix)
    console.log(`BACKPROP_EXTENSION_PATH ${ext.extensionPath}`);
    await stopAll();
    const network = workspaceUri('hand-2-2-2.backprop.json');
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => { if (s.type === 'backprop') { sub.dispose(); resolve(s); } });
    });
    entry = await stateAfter(
      async () => {
        const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
          type: 'backprop', request: 'launch', name: 'hand 2-2-2', network: network.fsPath, stopOnEntry: true,
        });
        assert.strictEqual(ok, true, 'startDebugging resolves true');
      },
      () => true,
      'the entry stop',
    );
    session = await started;
  });

  suiteTeardown(async () => {
    await stopAll();
  });

  test('stops on entry, before the forward pass of iteration 1', async () => {
    assert.strictEqual(entry.iteration, 1);
    assert.strictEqual(entry.position, 0);
    assert.strictEqual(entry.stop, null);
    assert.strictEqual(entry.finished, false);
    assert.strictEqual(vscode.debug.activeDebugSession?.id, session.id);
    assert.match((await topFrame(session)).name, /start of iteration 1/);
    assert.strictEqual(await evaluate(session, 'loss'), 'not yet computed');
  });

  test('opens the inspector panel on session start', async () => {
    await waitFor('a "Backprop Inspector" webview tab', inspectorTab);
  });

  test('Step Over goes forward one stop at a time, to the output layer\'s backward pass', async () => {
    const expected = ['forward 1', 'forward 2', 'loss 2', 'backward 2'];
    for (let p = 1; p <= expected.length; p++) {
      const s = await stateAfter(() => vscode.commands.executeCommand('workbench.action.debug.stepOver'), (x) => x.position === p, `step over to position ${p}`);
      assert.strictEqual(s.iteration, 1);
      assert.strictEqual(`${s.stop?.phase} ${s.stop?.layer}`, expected[p - 1], where(s));
    }
    assert.match((await topFrame(session)).name, /layer 2 \(output\) · backward/);
  });

  test('reports the hand-computed values through customRequest (backprop.snapshot)', async () => {
    const s = (await session.customRequest(REQUESTS.snapshot)) as StateSnapshot;
    assert.strictEqual(`${s.stop?.phase} ${s.stop?.layer}`, 'backward 2', where(s));
    assert.ok(s.lossValue !== null, 'the loss is computed');
    close(s.lossValue, HAND.loss, 'E');
    const out = s.layers[2];
    values(out.y, 'y[2]').forEach((v, k) => close(v, HAND.y2[k], `y[2][0][${k}]`));
    values(out.delta, 'δ[2]').forEach((v, k) => close(v, HAND.delta2[k], `δ[2][0][${k}]`));
    close(values(out.dw, '∂w[2]')[0], HAND.dw2_00, '∂w[2][0][0]');
    assert.strictEqual(s.layers[1].delta, undefined, 'δ of layer 1 is not computed yet');
  });

  test('reports the hand-computed values through evaluate', async () => {
    close(Number(await evaluate(session, 'delta[2][0][0]')), HAND.delta2[0], 'delta[2][0][0]');
    close(Number(await evaluate(session, 'delta[2][0][1]')), HAND.delta2[1], 'delta[2][0][1]');
    close(Number(await evaluate(session, 'dw[2][0][0]')), HAND.dw2_00, 'dw[2][0][0]');
    close(Number(await evaluate(session, 'loss')), HAND.loss, 'loss');
    close(Number(await evaluate(session, 'y[2][0][0]')), HAND.y2[0], 'y[2][0][0]');
    close(Number(await evaluate(session, 'y[2][0][1]')), HAND.y2[1], 'y[2][0][1]');
    assert.match(await evaluate(session, 'y[2]'), /^1×2 \[\[0\.75136506\d*, 0\.77292846\d*\]\]$/);
    assert.strictEqual(await evaluate(session, 'delta[1][0][0]'), 'not yet computed');
  });

  test('Step Back returns to the loss stop, and Step Over comes back to the same values', async () => {
    const back = await stateAfter(() => vscode.commands.executeCommand('workbench.action.debug.stepBack'), () => true, 'step back');
    assert.strictEqual(`${back.iteration} ${back.position} ${back.stop?.phase}`, '1 3 loss', where(back));
    assert.strictEqual(back.layers[2].delta, undefined, 'δ of the output layer is undone');
    assert.match((await topFrame(session)).name, /loss E/);
    const again = await stateAfter(() => vscode.commands.executeCommand('workbench.action.debug.stepOver'), () => true, 'step over again');
    assert.strictEqual(again.position, 4, where(again));
    close(values(again.layers[2].delta, 'δ[2]')[0], HAND.delta2[0], 'δ[2][0][0] after stepping back and forth');
  });

  test('after the update of iteration 1, w[2][0][0] is the hand-computed one', async () => {
    let s: StateSnapshot | undefined;
    for (let i = 0; i < 2; i++) {
      s = await stateAfter(() => vscode.commands.executeCommand('workbench.action.debug.stepOver'), () => true, 'step over');
    }
    assert.ok(s);
    assert.strictEqual(`${s.iteration} ${s.stop?.phase}`, '1 update', where(s));
    close(values(s.layers[2].w, 'w[2]')[0], HAND.w2_00_after, 'w[2][0][0] after one iteration (state event)');
    close(Number(await evaluate(session, 'w[2][0][0]')), HAND.w2_00_after, 'w[2][0][0] after one iteration (evaluate)');
  });

  test('Continue trains to the end and stops saying so', async function () {
    this.timeout(120000);
    const done = await stateAfter(() => vscode.commands.executeCommand('workbench.action.debug.continue'), (x) => x.finished, 'the end of training', 110000);
    assert.strictEqual(done.iteration, done.totalIterations);
    assert.ok(done.lossValue !== null && done.lossValue < 1e-3, `the loss has come down: ${done.lossValue}`);
    assert.ok(vscode.debug.activeDebugSession, 'the session is still there (paused at the end)');
  });
});

suite('Invalid network file', () => {
  const bad = (): vscode.Uri => workspaceUri('bad-activation.backprop.json');
  // line 5 (0-based 4) names an activation that does not exist
  const text = [
    '{',
    '  "name": "bad",',
    '  "layers": [',
    '    { "size": 2 },',
    '    { "size": 2, "activation": "sigmoidal" }',
    '  ],',
    '  "data": { "inputs": [[0, 1]], "targets": [[1, 0]] }',
    '}',
    '',
  ].join('\n');

  suiteSetup(async () => {
    await stopAll();
    await vscode.workspace.fs.writeFile(bad(), new TextEncoder().encode(text));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(bad()).then(undefined, () => undefined);
  });

  test('shows a diagnostic on the right line when opened', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bad()));
    const diagnostics = await waitFor('a backprop diagnostic', () => {
      const d = vscode.languages.getDiagnostics(bad()).filter((x) => x.source === 'backprop');
      return d.length ? d : undefined;
    });
    const d = diagnostics[0];
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, 4, `diagnostic at line ${d.range.start.line + 1}: ${d.message}`);
    assert.match(d.message, /unknown activation "sigmoidal"/);
  });

  test('does not start a session (startDebugging)', async () => {
    let started = false;
    const sub = vscode.debug.onDidStartDebugSession((s) => { if (s.type === 'backprop') started = true; });
    try {
      const ok = await vscode.debug.startDebugging(undefined, { type: 'backprop', request: 'launch', name: 'bad', network: bad().fsPath, stopOnEntry: true });
      assert.strictEqual(ok, false, 'startDebugging resolves false');
      assert.strictEqual(started, false, 'no backprop session started');
      assert.strictEqual(vscode.debug.activeDebugSession, undefined);
    } finally {
      sub.dispose();
    }
  });

  test('does not start a session (Backprop: Debug Network on the open file)', async () => {
    let started = false;
    const sub = vscode.debug.onDidStartDebugSession((s) => { if (s.type === 'backprop') started = true; });
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bad()));
      const ok = await vscode.commands.executeCommand('backprop.debugNetwork');
      assert.strictEqual(ok, false, 'the command resolves false');
      assert.strictEqual(started, false, 'no backprop session started');
    } finally {
      sub.dispose();
    }
  });
});

suite('Backprop: Debug Network command', () => {
  suiteTeardown(async () => {
    await stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('starts a session on the active network file, stopped on entry', async () => {
    await listenToStates();
    await stopAll();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('hand-2-2-2.backprop.json')));
    const s = await stateAfter(() => vscode.commands.executeCommand('backprop.debugNetwork'), () => true, 'the entry stop');
    assert.strictEqual(`${s.iteration} ${s.position}`, '1 0', where(s));
    // the state is handed over in-process, so it may arrive before VS Code has made the session the active one
    assert.strictEqual((await waitFor('the active debug session', () => vscode.debug.activeDebugSession)).type, 'backprop');
    // the inline adapter hands its states to the host in-process: none crossed the window as a DAP event
    assert.strictEqual(stateEventsSeen, 0, 'backprop.state DAP events from the inline adapter');
  });

  test('Backprop: Show Inspector reveals the panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no inspector tab', () => !inspectorTab());
    await vscode.commands.executeCommand('backprop.showInspector');
    await waitFor('a "Backprop Inspector" webview tab', inspectorTab);
  });
});
