// Seeing and changing the state over DAP: evaluate (watch, hover, repl) with the notes' names and
// their Unicode aliases, matrices as expandable and paged variables, Set Value and setExpression on
// w, b and η (training continues from the edited state), pause during a long continue, the custom
// requests of src/protocol/snapshot.ts and the throttled state event.

import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StateDelta } from '../../src/protocol/delta';
import { decodeMatrix } from '../../src/protocol/buffers';
import type { StateSnapshot } from '../../src/protocol/snapshot';
import { DIGITS, HAND, XOR, adapterSuite, cont, evaluate, launch, num, seek, step, tempDir } from './helpers';

/** DebugClient has no helper for setExpression: send it as a plain request. */
function setExpression(dc: DebugClient, args: DebugProtocol.SetExpressionArguments): Promise<DebugProtocol.Response> {
  return dc.customRequest('setExpression', args);
}

adapterSuite('adapter: evaluate and Set Value', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('expressions over the state: names, aliases, arithmetic, functions', async () => {
    await launch(dc, HAND);
    assert.strictEqual(await evaluate(dc, 'w[1][0][1]'), '0.25');
    assert.strictEqual(await evaluate(dc, 'b[2][1]'), '0.6');
    assert.strictEqual(await evaluate(dc, 'η * 2', 'repl'), '1');
    assert.strictEqual(await evaluate(dc, 'eta == 0.5 && !(iteration > 1)', 'hover'), 'true');
    assert.strictEqual(await evaluate(dc, 't[0][1]'), '0.99');
    assert.strictEqual(await evaluate(dc, 'y[0][0][1]'), '0.1');
    // by hand: Σ of layer 2's weights 0.40 + 0.50 + 0.45 + 0.55 = 1.9, and their largest 0.55
    assert.ok(Math.abs((await num(dc, 'sum(w[2])')) - 1.9) < 1e-15);
    assert.strictEqual(await evaluate(dc, 'max(w[2])'), '0.55');
    assert.strictEqual(await evaluate(dc, 'min(w[2][1], 0.3)'), '0.3');
    assert.ok(Math.abs((await num(dc, 'norm(b[1])')) - Math.sqrt(2 * 0.35 * 0.35)) < 1e-15);
    assert.ok(Math.abs((await num(dc, 'mean(abs(-w[1]))')) - 0.225) < 1e-15);
    assert.strictEqual(await evaluate(dc, '7 % 4 - -1'), '4');
    await assert.rejects(dc.evaluateRequest({ expression: 'w[1', context: 'watch' }), /expected '\]'/);
    await assert.rejects(dc.evaluateRequest({ expression: 'q + 1', context: 'watch' }), /unknown name 'q'/);
    await assert.rejects(dc.evaluateRequest({ expression: 'w[7]', context: 'watch' }), /no layer 7/);
  });

  test('a matrix evaluates to an expandable variable, rows then elements', async () => {
    await launch(dc, HAND);
    const r = await dc.evaluateRequest({ expression: '∂w[2]', context: 'watch' });
    assert.strictEqual(r.body.result, 'not yet computed');
    const w = await dc.evaluateRequest({ expression: 'w[2] * 2', context: 'watch' });
    assert.ok(w.body.variablesReference > 0);
    const rows = (await dc.variablesRequest({ variablesReference: w.body.variablesReference })).body.variables;
    assert.deepStrictEqual(rows.map((v) => v.name), ['[0]', '[1]']);
    const row1 = (await dc.variablesRequest({ variablesReference: rows[1].variablesReference })).body.variables;
    assert.deepStrictEqual(row1.map((v) => v.value), ['0.9', '1.1']);
  });

  test('big matrices are paged through indexedVariables', async () => {
    await launch(dc, DIGITS);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const layer1 = (await dc.variablesRequest({ variablesReference: (scopes.find((x) => x.name.startsWith('Layer 1')) as DebugProtocol.Scope).variablesReference })).body.variables;
    const w = layer1.find((v) => v.name === 'w') as DebugProtocol.Variable;
    assert.strictEqual(w.indexedVariables, 784);
    const page = (await dc.variablesRequest({ variablesReference: w.variablesReference, filter: 'indexed', start: 700, count: 50 })).body.variables;
    assert.strictEqual(page.length, 50);
    assert.strictEqual(page[0].name, '[700]');
    assert.strictEqual(page[0].indexedVariables, 128);
    const elements = (await dc.variablesRequest({ variablesReference: page[0].variablesReference, filter: 'indexed', start: 120, count: 8 })).body.variables;
    assert.deepStrictEqual(elements.map((v) => v.name), ['[120]', '[121]', '[122]', '[123]', '[124]', '[125]', '[126]', '[127]']);
    assert.strictEqual(elements[3].value, await evaluate(dc, 'w[1][700][123]'));
  });

  test('Set Value on w: the next forward pass uses the new weight', async () => {
    await launch(dc, HAND);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const layer1 = (await dc.variablesRequest({ variablesReference: (scopes.find((x) => x.name.startsWith('Layer 1')) as DebugProtocol.Scope).variablesReference })).body.variables;
    const w = layer1.find((v) => v.name === 'w') as DebugProtocol.Variable;
    const rows = (await dc.variablesRequest({ variablesReference: w.variablesReference })).body.variables;
    const r = await dc.setVariableRequest({ variablesReference: rows[0].variablesReference, name: '[0]', value: '1' });
    assert.strictEqual(r.body.value, '1');
    assert.strictEqual(await evaluate(dc, 'w[1][0][0]'), '1');
    await step(dc);
    // by hand: u_0 = 0.05 · 1 + 0.10 · 0.20 + 0.35 = 0.42
    assert.ok(Math.abs((await num(dc, 'u[1][0][0]')) - 0.42) < 1e-15);
  });

  test('setExpression on b and η; training continues from the edited state, also after going back', async () => {
    await launch(dc, HAND);
    await setExpression(dc, { expression: 'b[1][1]', value: '0' });
    await setExpression(dc, { expression: 'η', value: '0.25 * 4' });
    assert.strictEqual(await evaluate(dc, 'eta'), '1');
    await step(dc);
    // by hand: u_1 = 0.05 · 0.25 + 0.10 · 0.30 + 0 = 0.0425
    assert.ok(Math.abs((await num(dc, 'u[1][0][1]')) - 0.0425) < 1e-15);
    await seek(dc, 1, 6);
    // the update used η = 1: w ← w − 1 · ∂w
    const dw = await num(dc, 'dw[2][0][0]');
    await seek(dc, 1, 5);
    assert.strictEqual(await num(dc, 'w[2][0][0]'), 0.4);
    await seek(dc, 1, 6);
    assert.strictEqual(await num(dc, 'w[2][0][0]'), 0.4 - dw);
    await seek(dc, 3, 1);
    await seek(dc, 1, 1);
    assert.ok(Math.abs((await num(dc, 'u[1][0][1]')) - 0.0425) < 1e-15, 'the edit is replayed');
    await assert.rejects(setExpression(dc, { expression: 'u[1][0][0]', value: '1' }), /only w/);
    await assert.rejects(setExpression(dc, { expression: 'w[1][5][0]', value: '1' }), /no entry/);
  });

  test('Set Value on η in the Training scope', async () => {
    await launch(dc, HAND);
    const scopes = (await dc.scopesRequest({ frameId: 1 })).body.scopes;
    const training = scopes.find((x) => x.name === 'Training') as DebugProtocol.Scope;
    await dc.setVariableRequest({ variablesReference: training.variablesReference, name: 'η', value: '0.125' });
    assert.strictEqual(await evaluate(dc, 'η'), '0.125');
    await assert.rejects(dc.setVariableRequest({ variablesReference: training.variablesReference, name: 'epoch', value: '3' }), /only w, b and η/);
  });
});

adapterSuite('adapter: running long, custom requests and events', (adapter) => {
  let dc: DebugClient;
  setup(() => (dc = adapter.dc));

  test('Pause is honoured promptly during a long continue on 784-128-10, with throttled state events (at most every 100 ms, at most a tenth of the time)', async () => {
    await launch(dc, DIGITS);
    let events = 0;
    const running: (boolean | undefined)[] = [];
    dc.on('backprop.state', (e: DebugProtocol.Event) => {
      events++;
      running.push((e.body as StateDelta).running);
    });
    await dc.continueRequest({ threadId: 1 });
    await new Promise((r) => setTimeout(r, 600));
    const stopped = dc.waitForEvent('stopped');
    const asked = Date.now();
    await dc.pauseRequest({ threadId: 1 });
    const s = (await stopped) as DebugProtocol.StoppedEvent;
    const ms = Date.now() - asked;
    assert.strictEqual(s.body.reason, 'pause');
    assert.ok(ms < 400, `pause took ${ms} ms`);
    assert.ok(Number(await evaluate(dc, 'iteration')) > 1, 'training made progress');
    assert.ok(events >= 1 && events <= 8, `${events} state events in ~600 ms`);
    // the glimpses while running say so; the state at the pause (sent beside the stop, which may come first) does not
    for (let waited = 0; running[running.length - 1] !== undefined && waited < 2000; waited += 25) await new Promise((r) => setTimeout(r, 25));
    // (the first is the entry stop's)
    const during = running.slice(1, running.indexOf(undefined, 1));
    assert.ok(during.length >= 1 && during.every((r) => r === true) && running[running.length - 1] === undefined, JSON.stringify(running));
  });

  test('backprop.snapshot, seek, lossHistory, gradientCheck, exportTrace', async () => {
    await launch(dc, HAND);
    await seek(dc, 1, 3);
    const snap = (await dc.customRequest('backprop.snapshot')).body as StateSnapshot;
    assert.strictEqual(snap.iteration, 1);
    assert.strictEqual(snap.position, 3);
    assert.ok(Math.abs((snap.lossValue ?? NaN) - 0.298371109) < 1e-8);
    assert.ok(Math.abs(decodeMatrix(snap.layers[2].y as never)[0] - 0.75136507) < 1e-8);
    assert.strictEqual(snap.layers[2].delta, undefined, 'δ not computed yet');
    await seek(dc, 3, 6);
    const losses = (await dc.customRequest('backprop.lossHistory', { from: 1 })).body as { from: number; base64: string };
    const values = decodeMatrix({ rows: 1, cols: 3, base64: losses.base64 });
    assert.ok(Math.abs(values[0] - 0.298371109) < 1e-8);
    assert.ok(values[2] < values[1] && values[1] < values[0], 'the loss goes down');
    const check = (await dc.customRequest('backprop.gradientCheck', { maxPerLayer: 64 })).body as { worst: { relativeError: number }; checked: number };
    assert.strictEqual(check.checked, 12);
    assert.ok(check.worst.relativeError < 1e-6);
    const before = await evaluate(dc, 'w[2]');
    const dir = tempDir();
    const exported = async (from: number, to: number, format: string): Promise<string> => {
      const path = join(dir, `trace-${from}-${to}.${format}`);
      const r = await dc.customRequest('backprop.exportTrace', { from, to, format, path });
      assert.strictEqual(r.body.path, path);
      const text = readFileSync(path, 'utf8');
      assert.strictEqual(r.body.bytes, Buffer.byteLength(text));
      return text;
    };
    const jsonl = await exported(1, 2, 'jsonl');
    const records = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    assert.strictEqual(records.length, 2);
    assert.ok(Math.abs(records[0].layers[2].delta[0][0] - 0.138498562) < 1e-8);
    assert.ok(Math.abs(records[0].layers[2].dw[0][0] - 0.082167041) < 1e-8);
    assert.strictEqual(records[0].layers[2].w[0][0], 0.4, 'the record holds the weights the forward pass used');
    const table = await exported(1, 1, 'table');
    assert.match(table, /^iteration 1 · epoch 1/);
    const csv = await exported(2, 2, 'csv');
    assert.match(csv, /^iteration,epoch,loss,layer,quantity,row,column,value\n2,2,/);
    // 2-2-2, one sample: the 2 inputs, then per layer 4 × 2 (u, y, ∂y, δ) + 2 × 4 (w, ∂w) + 2 × 2 (b, ∂b) = 20
    assert.strictEqual(csv.trim().split('\n').length - 1, 2 + 2 * 20, 'one line per number');
    assert.strictEqual(await evaluate(dc, 'iteration'), '3', 'the export leaves the session where it was');
    assert.strictEqual(await evaluate(dc, 'w[2]'), before);
  });

  test('a state event at every stop', async () => {
    const events: StateSnapshot[] = [];
    dc.on('backprop.state', (e: DebugProtocol.Event) => events.push(e.body as StateSnapshot));
    await launch(dc, XOR);
    await step(dc);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(events.map((e) => e.position), [0, 1]);
    const body = events[1];
    assert.strictEqual(body.position, 1);
    assert.ok(body.layers[1].y);
    assert.strictEqual(body.layers[1].delta, undefined);
    await cont(dc).catch(() => undefined);
  });
});
