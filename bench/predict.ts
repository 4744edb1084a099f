// `npm run bench`, the learned-function part: one batched forward pass of a grid (src/engine/predict.ts),
// as the inspector's learned-function panel asks for at every stop. Target: a 100 × 100 grid on a
// 2-8-8-2 network well under a frame (16 ms). Prints one line of medians and one pass/fail line; a
// developer tool, run by tsx (it imports only the engine).

import { parseNetwork } from '../src/engine/parse';
import { gridInputs, predict } from '../src/engine/predict';
import { Trainer } from '../src/engine/trainer';

const FRAME_MS = 16;

function spiral(hidden: number[]): Trainer {
  const layers = [{ size: 2 }, ...hidden.map((size) => ({ size, activation: 'tanh' })), { size: 2, activation: 'softmax' }];
  const r = parseNetwork(JSON.stringify({ name: 'spiral', layers, loss: 'cross-entropy', learningRate: 0.1, data: 'spiral', epochs: 10 }), { file: 'spiral.backprop.json' });
  if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const t = new Trainer(r.spec, { record: false });
  t.runIterations(200);
  return t;
}

/** Median and largest ms of `runs` calls after `warm` unmeasured ones. */
function time(f: () => void, runs = 200, warm = 50): { median: number; max: number } {
  for (let x = 0; x < warm; x++) f();
  const ms: number[] = [];
  for (let x = 0; x < runs; x++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[ms.length >> 1], max: ms[ms.length - 1] };
}

const rows: string[] = [];
let verdict = '';
for (const hidden of [[8, 8], [32, 32]]) {
  const t = spiral(hidden);
  const name = `2-${hidden.join('-')}-2`;
  for (const k of [100, 200]) {
    const grid = gridInputs(t.spec.data.inputs, k);
    const g = time(() => gridInputs(t.spec.data.inputs, k), 50, 10);
    const p = time(() => predict(t.layers, grid.inputs), k === 100 ? 200 : 50, 20);
    rows.push(`| ${name} | ${k} × ${k} | ${p.median.toFixed(2)} ms | ${p.max.toFixed(2)} ms | ${g.median.toFixed(2)} ms |`);
    if (name === '2-8-8-2' && k === 100) verdict = `learned function 100 × 100 on 2-8-8-2 < ${FRAME_MS} ms: ${p.median + g.median < FRAME_MS ? 'PASS' : 'FAIL'} (${(p.median + g.median).toFixed(2)} ms median)`;
  }
}
console.log('## The learned function: one forward pass of a grid (src/engine/predict.ts)\n');
console.log('| network | grid | forward, median | forward, max | making the grid, median |');
console.log('|---|---|---:|---:|---:|');
for (const r of rows) console.log(r);
console.log(`\ntargets: ${verdict}\n`);
