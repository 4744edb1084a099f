// The headless trace and train commands, run as a user runs them: `node dist/cli.js …`.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const hand = path.join(root, 'examples/hand-2-2-2.backprop.json');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

suite('command line', () => {
  suiteSetup(function () {
    this.timeout(60000);
    if (!fs.existsSync(cli)) assert.strictEqual(spawnSync(process.execPath, ['esbuild.js'], { cwd: root }).status, 0);
  });

  test('trace prints iteration 1, every K-th and the last, one JSON object per line', () => {
    const r = run('trace', hand, '--iterations', '10', '--every', '3');
    assert.strictEqual(r.status, 0, r.stderr);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepStrictEqual(records.map((x) => x.iteration), [1, 3, 6, 9, 10]);
    const first = records[0];
    assert.deepStrictEqual(first.samples, [0]);
    assert.deepStrictEqual(first.layers[0], { y: [[0.05, 0.1]] });
    // hand-computed: E = 0.298371109, δ_o0 = 0.138498562, ∂w_00 = 0.082167041; w before its update
    assert.ok(Math.abs(first.loss - 0.298371109) < 1e-9);
    assert.ok(Math.abs(first.layers[2].delta[0][0] - 0.138498562) < 1e-9);
    assert.ok(Math.abs(first.layers[2].dw[0][0] - 0.082167041) < 1e-9);
    assert.deepStrictEqual(first.layers[2].w, [[0.4, 0.5], [0.45, 0.55]]);
    assert.deepStrictEqual(Object.keys(first.layers[1]).sort(), ['b', 'db', 'delta', 'dw', 'dy', 'u', 'w', 'y']);
    // iteration 3 used the weights after two updates: w5 after one update is 0.35891648
    assert.ok(Math.abs(records[1].layers[2].w[0][0] - 0.35891648) > 1e-3);
  });

  test("trace --format table prints aligned tables with the notes' symbols", () => {
    const r = run('trace', hand, '--iterations', '1', '--format', 'table');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /iteration 1 · epoch 1 · samples 0 · E = 0\.298371/);
    assert.match(r.stdout, /^ {2}δ +0 +1$/m);
    assert.match(r.stdout, /^ {2}s0 +0\.138499 +-0\.0380982$/m);
    assert.match(r.stdout, /^ {2}∂w +k=0 +k=1$/m);
  });

  test('train reports the final loss and throughput', () => {
    const r = run('train', hand, '--iterations', '1000');
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.iterations, 1000);
    assert.ok(report.loss < 0.298371109, 'the loss went down');
    assert.ok(report.iterationsPerSecond > 0);
  });

  test('an invalid file exits with 2 and a positioned message on stderr', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-'));
    const bad = path.join(dir, 'bad.backprop.json');
    fs.writeFileSync(bad, '{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmod" }],\n  "data": "xor"\n}\n');
    const r = run('trace', bad);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:56: unknown activation "sigmod"`));
  });

  test('a missing file exits with 2; bad options exit with 1', () => {
    assert.strictEqual(run('trace', '/nonexistent.backprop.json').status, 2);
    assert.strictEqual(run('trace', hand, '--every', 'zero').status, 1);
    assert.strictEqual(run('frobnicate', hand).status, 1);
  });
});
