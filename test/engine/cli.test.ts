// The headless trace and train commands, run as a user runs them: `node dist/cli.js …`.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const hand = path.join(root, 'examples/hand-2-2-2.backprop.json');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const work = path.join(__dirname, `.cli-${process.pid}`);

suite('command line', () => {
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));
  suiteSetup(function () {
    fs.mkdirSync(work, { recursive: true });
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
    const bad = path.join(work, 'bad.backprop.json');
    fs.writeFileSync(bad, '{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmod" }],\n  "data": "xor"\n}\n');
    const r = run('trace', bad);
    assert.strictEqual(r.status, 2);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:56: unknown activation "sigmod"`));
  });

  test('NaN, Infinity and -Infinity stay distinguishable in JSON Lines (as strings) and in tables', () => {
    // hidden u = [10·1e308, −10·1e308] = [Infinity, −Infinity]; the output adds them: NaN
    const file = path.join(work, 'nonfinite.backprop.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        layers: [{ size: 1 }, { size: 2, activation: 'identity', weights: [[1e308, -1e308]], biases: [0, 0] }, { size: 1, activation: 'identity', weights: [[1], [1]], biases: [0] }],
        data: { inputs: [[10]], targets: [[0]] },
        epochs: 1,
      }),
    );
    const r = run('trace', file, '--iterations', '1');
    assert.strictEqual(r.status, 0, r.stderr);
    const record = JSON.parse(r.stdout);
    assert.deepStrictEqual(record.layers[1].u, [['Infinity', '-Infinity']]);
    assert.deepStrictEqual(record.layers[2].u, [['NaN']]);
    assert.strictEqual(record.loss, 'NaN');
    assert.deepStrictEqual(record.layers[1].w, [[1e308, -1e308]]);
    const table = run('trace', file, '--iterations', '1', '--format', 'table');
    assert.match(table.stdout, /^ {2}s0 +Infinity +-Infinity$/m);
    assert.match(table.stdout, /E = NaN/);
  });

  test('a network too large for one string (784-128-100000) streams its trace within 512 MB of heap', function () {
    this.timeout(120_000);
    const file = path.join(work, 'wide.backprop.json');
    fs.writeFileSync(file, JSON.stringify({ layers: [{ size: 784 }, { size: 128 }, { size: 100000 }], data: { builtin: 'synthetic', samples: 1 }, epochs: 1 }));
    // the record is ~540 MB of JSON, beyond V8's longest string; counted as it streams, not kept
    const r = spawnSync(process.execPath, ['--max-old-space-size=512', cli, 'trace', file, '--iterations', '1'], { maxBuffer: 1 << 30 });
    assert.strictEqual(r.status, 0, String(r.stderr).slice(0, 2000));
    const out = r.stdout as Buffer;
    assert.ok(out.length > 500_000_000, `${out.length} bytes`);
    assert.strictEqual(out[out.length - 1], 10);
    assert.strictEqual(out.subarray(0, 30).toString(), '{"iteration":1,"epoch":1,"samp');
  });

  test('a CSV outside the network file\'s folder and the current folder is refused; --max-csv-mb raises the cap', () => {
    const dir = path.join(work, 'net');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(work, 'out.csv'), 'a,t\n1,0\n');
    fs.writeFileSync(path.join(dir, 'in.csv'), 'a,t\n' + '1,0\n'.repeat(300_000));
    const net = (csv: string): string => {
      const file = path.join(dir, 'n.backprop.json');
      fs.writeFileSync(file, JSON.stringify({ layers: [{ size: 1 }, { size: 1 }], data: { csv, inputColumns: ['a'], targetColumns: ['t'] }, epochs: 1 }));
      return file;
    };
    const spawnIn = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
    const out = spawnIn(dir, 'train', net('../out.csv'));
    assert.strictEqual(out.status, 2);
    assert.match(out.stderr, /n\.backprop\.json:1:\d+: cannot read the CSV file "\.\.\/out\.csv": it is outside the folders/);
    // from the folder above, the current folder holds it
    assert.strictEqual(spawnIn(work, 'train', net('../out.csv')).status, 0);
    const big = spawnIn(dir, 'train', net('in.csv'), '--max-csv-mb', '1');
    assert.strictEqual(big.status, 2);
    assert.match(big.stderr, /larger than the limit of 1 MB \(--max-csv-mb raises it\)/);
    assert.strictEqual(spawnIn(dir, 'train', net('in.csv'), '--max-csv-mb', '2').status, 0);
  });

  test('a missing file exits with 2; bad options exit with 1', () => {
    assert.strictEqual(run('trace', '/nonexistent.backprop.json').status, 2);
    assert.strictEqual(run('trace', hand, '--every', 'zero').status, 1);
    assert.strictEqual(run('frobnicate', hand).status, 1);
  });
});
