// `cli.js compare`, run as a student runs it, against student implementations written independently of the
// engine (student.py: NumPy from the notes, with the classic mistakes as switches): each planted mistake is
// pinned to its iteration, stop, layer, quantity and index, with the diagnosis; a correct implementation
// agrees everywhere; bad traces are refused with their line and field.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const python = '/usr/bin/python3';
const sigmoidNet = path.join(__dirname, 'net-sigmoid.json');
const softmaxNet = path.join(__dirname, 'net-softmax.json');
// beside the other suites' scratch files, in the git-ignored test-results (removed in teardown)
const work = path.join(root, 'test-results', 'tmp', `compare-${process.pid}`);

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'compare', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The student's trace: the script's output, written to a file of the test's folder. */
function student(net: string, bug: string, iterations: number, fields = 'all'): string {
  const r = spawnSync(python, [path.join(__dirname, 'student.py'), net, bug, String(iterations), fields], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, r.stderr);
  return write(`${path.basename(net, '.json')}-${bug}-${fields.replace(/,/g, '+')}.jsonl`, r.stdout);
}

function write(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Every number a trace holds (the iteration fields aside): what "all agree" must have counted. */
function numbersIn(file: string): number {
  const count = (v: unknown): number => (Array.isArray(v) ? v.reduce((a: number, x) => a + count(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce((a: number, x) => a + count(x), 0) : typeof v === 'number' ? 1 : 0);
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .reduce((a, line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      delete record.iteration;
      return a + count(record);
    }, 0);
}

/** a trace line as the tests edit it */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the lines' shapes are the point of these tests
type Trace = Record<string, any>;

suite('compare: a student trace against the engine', () => {
  suiteSetup(function () {
    this.timeout(60000);
    fs.mkdirSync(work, { recursive: true });
    if (!fs.existsSync(cli)) assert.strictEqual(spawnSync(process.execPath, ['esbuild.js'], { cwd: root }).status, 0);
  });
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a correct implementation agrees everywhere: every number counted, across epochs and a short last batch', () => {
    for (const [net, iterations] of [
      [sigmoidNet, 9],
      [softmaxNet, 6],
    ] as const) {
      const trace = student(net, 'none', iterations);
      const r = run(net, trace);
      assert.strictEqual(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`^All ${numbersIn(trace)} numbers of .* agree with the engine \\(through iteration ${iterations}\\)`));
      const json = JSON.parse(run(net, trace, '--format', 'json').stdout);
      assert.deepStrictEqual(json, { agree: true, agreed: numbersIn(trace), iterations });
    }
  });

  const planted: { bug: string; net: string; fields?: string; at: Record<string, unknown>; diagnosis: RegExp }[] = [
    { bug: 'no-fprime', net: sigmoidNet, at: { iteration: 1, phase: 'backward', layer: 1, quantity: 'delta', index: [0, 0] }, diagnosis: /as if f′\(u_j\) were left out/ },
    { bug: 'transposed-dw', net: sigmoidNet, at: { iteration: 1, phase: 'backward', layer: 2, quantity: 'dw', index: [0, 1] }, diagnosis: /transposed/ },
    { bug: 'sum-for-mean', net: sigmoidNet, at: { iteration: 1, phase: 'backward', layer: 2, quantity: 'dw', index: [0, 0] }, diagnosis: /2 times .* summed where the file asks for the mean/ },
    { bug: 'sum-for-mean', net: sigmoidNet, fields: 'loss,db', at: { iteration: 1, phase: 'backward', layer: 2, quantity: 'db', index: [0] }, diagnosis: /summed where the file asks for the mean/ },
    { bug: 'update-sign', net: sigmoidNet, at: { iteration: 1, phase: 'update', layer: 1, quantity: 'w', index: [0, 0], line: 2 }, diagnosis: /the update has the wrong sign/ },
    { bug: 'softmax-sse', net: softmaxNet, at: { iteration: 1, phase: 'backward', layer: 2, quantity: 'delta', index: [0, 0] }, diagnosis: /sum of squares/ },
    { bug: 'off-by-one', net: sigmoidNet, at: { iteration: 1, phase: 'forward', layer: 0, quantity: 'samples', index: [0], expected: 0, got: 1 }, diagnosis: /off by one/ },
    { bug: 'off-by-one', net: sigmoidNet, fields: 'x,dw,db', at: { iteration: 1, phase: 'forward', layer: 0, quantity: 'y', index: [0, 0], expected: 0.05, got: 0.9 }, diagnosis: /inputs of sample 1.* off by one/ },
    // without the batch in the trace: the first number computed from it, recognised by running the batches shifted
    { bug: 'off-by-one', net: sigmoidNet, fields: 'dw,db', at: { iteration: 1, phase: 'backward', layer: 2, quantity: 'dw', index: [0, 0] }, diagnosis: /one sample later: your batch is off by one/ },
    { bug: 'off-by-one', net: sigmoidNet, fields: 'loss', at: { iteration: 1, phase: 'loss', quantity: 'loss' }, diagnosis: /^$/ },
  ];
  for (const p of planted) {
    test(`a planted mistake, ${p.bug}${p.fields ? ` (only ${p.fields})` : ''}, is pinned to ${p.at.phase} of layer ${p.at.layer}: ${p.at.quantity}${JSON.stringify(p.at.index)}`, () => {
      const trace = student(p.net, p.bug, 4, p.fields);
      const r = run(p.net, trace, '--format', 'json');
      assert.strictEqual(r.status, 1, r.stdout + r.stderr);
      const d = JSON.parse(r.stdout);
      for (const [k, v] of Object.entries(p.at)) assert.deepStrictEqual(d[k], v, `${k} of ${r.stdout}`);
      assert.match(d.diagnosis ?? '', p.diagnosis);
      assert.ok(d.equation.includes('yours:'), d.equation);
    });
  }

  test('the text names the stop and line, both values, and the equation with the expected numbers substituted', () => {
    const r = run(sigmoidNet, student(sigmoidNet, 'no-fprime', 2));
    assert.strictEqual(r.status, 1);
    // hand-computed from the file: hidden neuron 0 of sample 0 has u = 0.05·0.15 + 0.1·0.2 + 0.35 = 0.3775, y = σ(u) = 0.593270,
    // f′ = y(1 − y) = 0.241300; ∂y_0 = Σ_k δ_k w_0k; δ_0 = ∂y_0 · 0.2413
    assert.match(r.stdout, /^First difference: iteration 1 · backward · layer 1 · δ\[0\]\[0\] \(.*:1\)$/m);
    assert.match(r.stdout, /δ_j = ∂y_j f′\(u_j\) = \(0\.004109\)\(0\.2413\) = 0\.0009916, f′\(u_j\) = \(1 − y_j\) y_j — yours: 0\.004109, as if f′\(u_j\) were left out/);
    assert.match(r.stdout, /^\d+ numbers agreed before it\.$/m);
  });

  test('any subset: only the loss, layers by number, lines without "iteration" taken in order', () => {
    const full = fs.readFileSync(student(sigmoidNet, 'none', 3), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const lossOnly = write('loss.jsonl', full.map((r) => JSON.stringify({ loss: r.loss })).join('\n') + '\n');
    assert.strictEqual(run(sigmoidNet, lossOnly).status, 0);
    const byNumber = write('bynumber.jsonl', full.map((r) => JSON.stringify({ iteration: r.iteration, layers: { 2: { db: r.layers[2].db } } })).join('\n'));
    const ok = run(sigmoidNet, byNumber, '--format', 'json');
    assert.strictEqual(ok.status, 0, ok.stdout + ok.stderr);
    assert.strictEqual(JSON.parse(ok.stdout).agreed, 6);
    // only iteration 3 of the run: its w is that after two updates
    const third = write('third.jsonl', JSON.stringify({ iteration: 3, layers: [null, { w: full[2].layers[1].w }] }));
    assert.strictEqual(run(sigmoidNet, third).status, 0);
  });

  test('the tolerance is relative: 1e-7 off fails at the default 1e-9 and passes at --tolerance 1e-6', () => {
    const rec = JSON.parse(fs.readFileSync(student(sigmoidNet, 'none', 1), 'utf8'));
    rec.layers[1].delta[1][2] *= 1 + 1e-7;
    const file = write('nudged.jsonl', JSON.stringify(rec));
    const strict = run(sigmoidNet, file, '--format', 'json');
    assert.strictEqual(strict.status, 1);
    assert.deepStrictEqual([JSON.parse(strict.stdout).quantity, JSON.parse(strict.stdout).index], ['delta', [1, 2]]);
    assert.strictEqual(run(sigmoidNet, file, '--tolerance', '1e-6').status, 0);
  });

  test('a NaN given where the engine has a number is a difference; "NaN" where it has NaN is not', () => {
    const rec = JSON.parse(fs.readFileSync(student(sigmoidNet, 'none', 1), 'utf8'));
    rec.layers[2].y[0][1] = 'NaN';
    const r = run(sigmoidNet, write('nan.jsonl', JSON.stringify(rec)), '--format', 'json');
    assert.strictEqual(r.status, 1);
    const d = JSON.parse(r.stdout);
    assert.deepStrictEqual([d.quantity, d.layer, d.index, d.got], ['y', 2, [0, 1], 'NaN']);
  });

  const invalid: { name: string; edit: (lines: Trace[]) => string; line: number; message: RegExp }[] = [
    { name: 'an unknown field', edit: (l) => l.map((r, i) => JSON.stringify(i === 1 ? { ...r, grad: 1 } : r)).join('\n'), line: 2, message: /: grad: unknown field "grad"/ },
    { name: "an unknown field of a layer", edit: (l) => l.map((r, i) => JSON.stringify(i === 2 ? { ...r, layers: [null, { grad_w: [[1]] }] } : r)).join('\n'), line: 3, message: /: layers\[1\]\.grad_w: unknown field "grad_w"/ },
    { name: "Python's bare NaN", edit: (l) => l.map((r, i) => (i === 1 ? JSON.stringify(r).replace(/("delta":\[\[[^,\]]+,)[^,\]]+/, '$1NaN') : JSON.stringify(r))).join('\n'), line: 2, message: /: layers\[1\]\.delta\[0\]\[1\]: NaN is not JSON: write it as the string "NaN"/ },
    { name: 'a wrong number of samples (rows)', edit: (l) => l.map((r, i) => JSON.stringify(i === 0 ? { ...r, layers: [null, { u: r.layers[1].u.slice(0, 1) }] } : r)).join('\n'), line: 1, message: /: layers\[1\]\.u: has 1 rows; it must be 2 × 3 \(\[sample\]\[neuron\]/ },
    { name: 'a wrong number of neurons', edit: (l) => l.map((r, i) => JSON.stringify(i === 2 ? { ...r, layers: [null, null, { db: [1, 2, 3] }] } : r)).join('\n'), line: 3, message: /: layers\[2\]\.db: has 3 numbers; it must have 2 \(one per neuron of layer 2\)/ },
    { name: 'a string for a number', edit: (l) => l.map((r, i) => JSON.stringify(i === 0 ? { ...r, loss: 'abc' } : r)).join('\n'), line: 1, message: /: loss: "abc" is not a number/ },
    { name: 'a line that is not JSON', edit: (l) => [JSON.stringify(l[0]), '{"iteration": 2,'].join('\n'), line: 2, message: /:2: not JSON/ },
    { name: 'iterations out of order', edit: (l) => [l[1], l[0]].map((r) => JSON.stringify(r)).join('\n'), line: 2, message: /: iteration: iteration 1 comes after iteration 2/ },
    { name: 'too many layers', edit: (l) => JSON.stringify({ ...l[0], layers: [...l[0].layers, {}] }), line: 1, message: /: layers: has 4 layers; the network has 3/ },
  ];
  for (const c of invalid) {
    test(`an invalid trace is refused with its line and field (exit 2): ${c.name}`, () => {
      const lines = fs.readFileSync(student(sigmoidNet, 'none', 3), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const file = write(`bad-${c.line}.jsonl`, c.edit(lines));
      const r = run(sigmoidNet, file);
      assert.strictEqual(r.status, 2, r.stdout + r.stderr);
      assert.ok(r.stderr.startsWith(`${file}:${c.line}: `), r.stderr);
      assert.match(r.stderr, c.message);
    });
  }

  test("the engine's own trace agrees with it for every example: optimizers' state, dropout's masks and t are each compared at their stop", () => {
    for (const name of fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.backprop.json') && !f.startsWith('digits'))) {
      const net = path.join(root, 'examples', name);
      const t = spawnSync(process.execPath, [cli, 'trace', net, '--iterations', '3'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.strictEqual(t.status, 0, t.stderr);
      const file = write(`self-${name}.jsonl`, t.stdout);
      const r = run(net, file, '--format', 'json');
      assert.strictEqual(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
      assert.strictEqual(JSON.parse(r.stdout).agreed, numbersIn(file), name);
    }
  });

  test("an Adam state that differs is pinned to the update that made it, with the rule and the engine's numbers", () => {
    const net = path.join(root, 'examples', 'spiral-adam.backprop.json');
    const lines = spawnSync(process.execPath, [cli, 'trace', net, '--iterations', '3'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => JSON.parse(l));
    lines[1].layers[1].m.w[0][1] *= 1.01;
    const r = run(net, write('adam.jsonl', lines.map((l) => JSON.stringify(l)).join('\n')), '--format', 'json');
    assert.strictEqual(r.status, 1);
    const d = JSON.parse(r.stdout);
    assert.deepStrictEqual([d.iteration, d.phase, d.layer, d.quantity, d.index, d.line], [2, 'update', 1, 'm.w', [0, 1], 2]);
    assert.match(d.equation, /^m of w: m ← β₁m \+ \(1 − β₁\) ∂w = \(0\.9\)\(.+\) \+ \(0\.1\)\(.+\) = .+ — yours: /);
    // a bias's state: one index, and the equation at that neuron (v ← β₂v + (1 − β₂) ∂b², hand-checked from the line's own numbers)
    const again = spawnSync(process.execPath, [cli, 'trace', net, '--iterations', '2'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const [first, second] = again;
    second.layers[2].v.b[1] *= 1.01;
    const rb = JSON.parse(run(net, write('adam-b.jsonl', [first, second].map((l) => JSON.stringify(l)).join('\n')), '--format', 'json').stdout);
    assert.deepStrictEqual([rb.iteration, rb.phase, rb.layer, rb.quantity, rb.index], [2, 'update', 2, 'v.b', [1]]);
    const g = second.layers[2].db[1];
    const v1 = first.layers[2].v.b[1];
    assert.ok(Math.abs(rb.expected - (0.999 * v1 + 0.001 * g * g)) <= 1e-12 * Math.abs(rb.expected), `${rb.expected} vs the rule`);
    assert.match(rb.equation, /^v of b: v ← β₂v \+ \(1 − β₂\) ∂b² = \(0\.999\)/);
  });

  test("fields the network does not have are refused: an optimizer's state under plain gradient descent, a mask without dropout", () => {
    const v = write('v.jsonl', JSON.stringify({ iteration: 1, layers: [null, { v: { w: [[0, 0, 0], [0, 0, 0]] } }] }));
    const r = run(sigmoidNet, v);
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /:1: layers\[1\]\.v: the network's optimizer \(sgd\) keeps no state/);
    const m = run(sigmoidNet, write('mask.jsonl', JSON.stringify({ iteration: 1, layers: [null, { mask: [[1, 1, 1], [1, 1, 1]] }] })));
    assert.strictEqual(m.status, 2);
    assert.match(m.stderr, /:1: layers\[1\]\.mask: layer 1 has no dropout/);
  });

  test("the README's NumPy program writes a trace that agrees; without f′ in δ_j it is pinned as the README says", () => {
    const snippet = fs.readFileSync(path.join(__dirname, 'readme-snippet.py'), 'utf8');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    // the README's student section shows this file, verbatim
    assert.ok(readme.includes('## Compare your own implementation') && readme.includes(snippet), 'README.md shows test/compare/readme-snippet.py');
    const hand = path.join(root, 'examples', 'hand-2-2-2.backprop.json');
    const runIn = (program: string): string => {
      const dir = fs.mkdtempSync(path.join(work, 'readme-'));
      fs.writeFileSync(path.join(dir, 'student.py'), program);
      const r = spawnSync(python, ['student.py'], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      return path.join(dir, 'my.trace.jsonl');
    };
    const good = run(hand, runIn(snippet));
    assert.strictEqual(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /^All 51 numbers of .* agree with the engine \(through iteration 3\)/);
    const bad = run(hand, runIn(snippet.replace('d1 = (d2 @ w[2].T) * (1 - y1) * y1', 'd1 = (d2 @ w[2].T)')));
    assert.strictEqual(bad.status, 1);
    // the issue's own example: δ_j = ∂y_j f′(u_j) = (0.03635)(0.2413) = 0.008771 — yours: 0.03635
    assert.match(bad.stdout, /δ_j = ∂y_j f′\(u_j\) = \(0\.03635\)\(0\.2413\) = 0\.008771, f′\(u_j\) = \(1 − y_j\) y_j — yours: 0\.03635, as if f′\(u_j\) were left out/);
  });

  test('exit 2 for an invalid network file, 1 for a bad option', () => {
    const bad = write('bad.backprop.json', '{ "layers": [ { "size": 2 } ] }');
    const r = run(bad, write('t.jsonl', '{}'));
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /bad\.backprop\.json:\d+:\d+/);
    assert.strictEqual(run(sigmoidNet, write('t.jsonl', '{}'), '--tolerance', 'x').status, 1);
  });
});
