// The debug adapter with a student's trace: the launch attribute `compareWith` (resolved beside the network
// file) and the custom request behind Backprop: Compare With Trace… load it; the exception filter "Differs
// from your trace" (on by default) stops at the first differing stop with a sentence naming it; the state
// carries the student's numbers beside the engine's; a bad trace fails with its line and field. The traces
// come from test/compare/student.py, a NumPy implementation that shares nothing with the engine.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StateSnapshot } from '../../src/protocol/snapshot';
import { adapterSuite, cont, ensureAdapter, ROOT, tempDir } from './helpers';

const STUDENT = join(ROOT, 'test', 'compare', 'student.py');
const NET = join(ROOT, 'test', 'compare', 'net-sigmoid.json');

/** A folder with the network file and the student's traces beside it. */
function workspace(): { network: string; dir: string } {
  const dir = tempDir();
  const network = join(dir, 'student.backprop.json');
  copyFileSync(NET, network);
  for (const bug of ['none', 'no-fprime']) {
    const r = spawnSync('/usr/bin/python3', [STUDENT, NET, bug, '4', 'all'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    writeFileSync(join(dir, `${bug}.jsonl`), r.stdout);
  }
  return { network, dir };
}

async function launchWith(dc: DebugClient, network: string, extra: Record<string, unknown>, filters?: string[]): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (filters) await dc.setExceptionBreakpointsRequest({ filters });
      return dc.configurationDoneRequest();
    }),
    dc.launch({ type: 'backprop', request: 'launch', name: 'test', network, ...extra } as DebugProtocol.LaunchRequestArguments),
  ]);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

const state = async (dc: DebugClient): Promise<StateSnapshot> => (await dc.customRequest('backprop.snapshot')).body as StateSnapshot;

adapterSuite('adapter: compare with a student trace', (adapter) => {
  let ws: { network: string; dir: string };
  suiteSetup(function () {
    this.timeout(60000);
    ensureAdapter();
    ws = workspace();
  });

  test('"Differs from your trace" is offered, on by default', async () => {
    const init = await adapter.dc.initializeRequest({ adapterID: 'backprop', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const f = init.body?.exceptionBreakpointFilters?.find((x) => x.filter === 'differs');
    assert.deepStrictEqual([f?.label, f?.default], ['Differs from your trace', true]);
  });

  test('compareWith (beside the network file) stops at the first differing stop, with a sentence and both values in the state', async () => {
    const { dc } = adapter;
    await launchWith(dc, ws.network, { compareWith: 'no-fprime.jsonl' });
    const s = await cont(dc);
    assert.strictEqual(s.body.reason, 'exception');
    // the student left f′(u) out of the hidden layer's δ: the engine's δ_0 of sample 0 is ∂y_0 · y(1 − y), y = σ(0.3775)
    assert.match(s.body.description ?? '', /^Your trace differs at iteration 1 · backward · layer 1 · δ\[0\]\[0\]: expected 0\.0009916, yours 0\.004109\. δ_j = ∂y_j f′\(u_j\) = \(0\.004109\)\(0\.2413\) = 0\.0009916.* as if f′\(u_j\) were left out \(no-fprime\.jsonl:1\)$/);
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.strictEqual(info.body.exceptionId, 'differs from your trace');
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.match(frames[0].name, /backward/);
    const c = (await state(dc)).compare;
    assert.ok(c && c.here, 'the state says this is the stop');
    assert.match(c.sentence, /^\d+ numbers of your trace agreed before iteration 1 · backward · layer 1 · δ\[0\]\[0\]$/);
    const delta = c.yours.find((y) => y.layer === 1 && y.quantity === 'delta');
    assert.ok(delta && delta.differs.includes(0), JSON.stringify(delta));
    // ∂y of the same layer is right: shown, nothing marked
    assert.deepStrictEqual(c.yours.find((y) => y.layer === 1 && y.quantity === 'dy')?.differs, []);
  });

  test('after the first difference, Continue does not stop for the ones that follow from it', async () => {
    const { dc } = adapter;
    await launchWith(dc, ws.network, { compareWith: 'no-fprime.jsonl' });
    assert.strictEqual((await cont(dc)).body.reason, 'exception');
    const s = await cont(dc);
    assert.notStrictEqual(s.body.reason, 'exception');
  });

  test('with the filter off, the run does not stop for the trace; a correct trace never stops it', async () => {
    const { dc } = adapter;
    await launchWith(dc, ws.network, { compareWith: 'no-fprime.jsonl' }, ['nonFinite']);
    assert.notStrictEqual((await cont(dc)).body.reason, 'exception');
    const dc2 = await adapter.restart();
    await launchWith(dc2, ws.network, { compareWith: 'none.jsonl' });
    assert.notStrictEqual((await cont(dc2)).body.reason, 'exception');
    assert.match((await state(dc2)).compare?.sentence ?? '', /^all \d+ numbers of your trace agree \(through iteration 4\)$/);
  });

  test('an invalid trace fails the launch with its file, line and field', async () => {
    const { dc } = adapter;
    writeFileSync(join(ws.dir, 'bad.jsonl'), '{"iteration": 1, "loss": 0.3}\n{"iteration": 2, "layers": [null, {"grad_w": [[1]]}]}\n');
    await dc.initializeRequest({ adapterID: 'backprop', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(
      dc.launchRequest({ network: ws.network, compareWith: 'bad.jsonl' } as DebugProtocol.LaunchRequestArguments),
      (e: Error) => /bad\.jsonl:2: layers\[1\]\.grad_w: unknown field "grad_w"/.test(e.message),
    );
  });

  test('in Korean: the sentence, the stop and the mistake (the notes\' symbols unchanged)', async () => {
    const { dc } = adapter;
    const stopped = dc.waitForEvent('stopped');
    await dc.initializeRequest({ adapterID: 'backprop', locale: 'ko', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), dc.launchRequest({ network: ws.network, compareWith: 'no-fprime.jsonl' } as DebugProtocol.LaunchRequestArguments)]);
    await stopped;
    const s = await cont(dc);
    assert.match(s.body.description ?? '', /^내 트레이스와 처음 다른 곳: 반복 1 · 역전파 · 층 1 · δ\[0\]\[0\] — 기대값 0\.0009916, 내 값 0\.004109\. δ_j = ∂y_j f′\(u_j\) = .* — 내 값: 0\.004109, f′\(u_j\)를 빠뜨린 것처럼 \(no-fprime\.jsonl:1\)$/);
    assert.match((await state(dc)).compare?.sentence ?? '', /^반복 1 · 역전파 · 층 1 · δ\[0\]\[0\] 전까지 내 트레이스의 수 \d+개가 일치했습니다$/);
  });

  test('"compareWith" of the wrong type is refused by name', async () => {
    const { dc } = adapter;
    await dc.initializeRequest({ adapterID: 'backprop', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(dc.launchRequest({ network: ws.network, compareWith: 3 } as DebugProtocol.LaunchRequestArguments), /"compareWith" must be the path of your trace/);
  });

  test('Compare With Trace… on a running session: the summary, then the stop at the first difference', async () => {
    const { dc } = adapter;
    await launchWith(dc, ws.network, {});
    const r = (await dc.customRequest('backprop.compareWith', { path: join(ws.dir, 'no-fprime.jsonl') })).body;
    assert.match(r.sentence, /agreed before iteration 1 · backward · layer 1 · δ\[0\]\[0\]/);
    assert.deepStrictEqual(r.first, { iteration: 1, position: 5 }); // forward 1, 2, the loss, backward 2, backward 1
    assert.strictEqual((await cont(dc)).body.reason, 'exception');
    await assert.rejects(dc.customRequest('backprop.compareWith', { path: join(ws.dir, 'missing.jsonl') }), /missing\.jsonl: cannot read the trace to compare with: no such file/);
  });
});
