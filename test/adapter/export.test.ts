// Export Trace streamed by the adapter to a file (issue 9 §1): the same text as the headless trace, a
// size the user has not confirmed is refused, Pause cancels it (no partial file, the state unchanged),
// and progress shows meanwhile.

import * as assert from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { loadNetworkFile } from '../../src/engine/load';
import { writeIterationCsv, writeIterationJson, writeIterationTable } from '../../src/engine/trace';
import { Trainer } from '../../src/engine/trainer';
import { DIGITS, HAND, tempDir } from './helpers';
import { InlineClient } from './inline';

/** The headless trace's text of iterations from…to (engine/trace.ts), from a trainer of its own. */
function headless(network: string, from: number, to: number, write: typeof writeIterationJson, between = ''): string {
  const spec = loadNetworkFile(network).spec!;
  const t = new Trainer(spec);
  const parts: string[] = [];
  for (let i = from; i <= to; i++) {
    t.seek(i, t.stops.length - 1);
    if (i > from) parts.push(between);
    write(t, (c) => parts.push(c));
  }
  return parts.join('');
}

suite('adapter: Export Trace', () => {
  let c: InlineClient;
  setup(() => (c = new InlineClient()));
  teardown(() => c.dispose());

  test('streams to the file the same text as the headless trace (JSON Lines, CSV, tables) and says how many bytes', async () => {
    await c.launch({ network: HAND });
    await c.request('backprop.seek', { iteration: 7, position: 2 });
    const dir = tempDir();
    const jsonl = join(dir, 'a.jsonl');
    const r = await c.request('backprop.exportTrace', { from: 2, to: 5, format: 'jsonl', path: jsonl });
    assert.ok(r.success, r.message);
    assert.strictEqual(readFileSync(jsonl, 'utf8'), headless(HAND, 2, 5, writeIterationJson));
    assert.strictEqual(r.body.bytes, statSync(jsonl).size);
    const csv = join(dir, 'a.csv');
    assert.ok((await c.request('backprop.exportTrace', { from: 3, to: 3, format: 'csv', path: csv })).success);
    assert.strictEqual(readFileSync(csv, 'utf8'), 'iteration,epoch,loss,layer,quantity,row,column,value\n' + headless(HAND, 3, 3, writeIterationCsv));
    const table = join(dir, 'a.txt');
    assert.ok((await c.request('backprop.exportTrace', { from: 1, to: 2, format: 'table', path: table })).success);
    assert.strictEqual(readFileSync(table, 'utf8'), headless(HAND, 1, 2, writeIterationTable, '\n\n') + '\n');
    assert.deepStrictEqual(readdirSync(dir).sort(), ['a.csv', 'a.jsonl', 'a.txt'], 'no partial files left');
    assert.strictEqual((await c.request('evaluate', { expression: 'iteration', context: 'watch' })).body.result, '7');
  });

  test('a big export is refused until its estimated size is confirmed; the estimate is close', async function () {
    this.timeout(60000);
    await c.launch({ network: DIGITS });
    const whole = await c.request('backprop.exportTrace', { from: 1, to: 320, format: 'jsonl' });
    assert.ok(whole.body.bytes > 1e9, `784-128-10, 320 iterations as JSON Lines: ${whole.body.bytes} bytes`);
    const dir = tempDir();
    const path = join(dir, 'big.jsonl');
    const refused = await c.request('backprop.exportTrace', { from: 1, to: 320, format: 'jsonl', path });
    assert.strictEqual(refused.success, false);
    assert.match(refused.message ?? '', /about 1\.\d GB: confirm/);
    assert.ok(!existsSync(path) && !existsSync(`${path}.part`));
    // 4 iterations: about 19 MB, over the 16 MiB that need no confirmation
    const estimate = (await c.request('backprop.exportTrace', { from: 1, to: 4, format: 'jsonl' })).body.bytes as number;
    assert.strictEqual((await c.request('backprop.exportTrace', { from: 1, to: 4, format: 'jsonl', path, confirmedBytes: estimate / 2 })).success, false);
    const done = await c.request('backprop.exportTrace', { from: 1, to: 4, format: 'jsonl', path, confirmedBytes: estimate });
    assert.ok(done.success, done.message);
    const size = statSync(path).size;
    assert.ok(Math.abs(size - estimate) / size < 0.15, `estimated ${estimate}, wrote ${size}`);
  });

  test('Pause cancels an export under way: an error answer, no partial file, the stop unchanged, progress closed', async function () {
    this.timeout(60000);
    await c.launch({ network: DIGITS }, { supportsProgressReporting: true });
    await c.request('next', { threadId: 1 });
    const progress: string[] = [];
    c.on((m) => m.type === 'event' && (m as DebugProtocol.Event).event.startsWith('progress') && progress.push((m as DebugProtocol.Event).event));
    const dir = tempDir();
    const path = join(dir, 'cancelled.csv');
    const estimate = (await c.request('backprop.exportTrace', { from: 1, to: 320, format: 'csv' })).body.bytes as number;
    const exporting = c.request('backprop.exportTrace', { from: 1, to: 320, format: 'csv', path, confirmedBytes: estimate });
    await c.event('progressStart');
    // while it runs, a request that reads the state is told why it must wait
    const busy = await c.request('evaluate', { expression: 'iteration', context: 'watch' });
    assert.strictEqual(busy.success, false);
    assert.match(busy.message ?? '', /exporting/);
    await c.request('pause', { threadId: 1 });
    const answer = await exporting;
    assert.strictEqual(answer.success, false);
    assert.strictEqual(answer.message, 'cancelled');
    assert.deepStrictEqual(readdirSync(dir), []);
    assert.strictEqual(progress[progress.length - 1], 'progressEnd');
    const frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames as DebugProtocol.StackFrame[];
    assert.match(frames[0].name, /layer 1 \(hidden\) · forward/);
    assert.strictEqual((await c.request('evaluate', { expression: 'iteration', context: 'watch' })).body.result, '1');
  });
});
