// `node dist/cli.js numpy FILE [-o OUT.py]`, run as a user runs it: the script it writes runs under
// Debian's python3 and prints what `cli.js trace` prints, which `cli.js compare` then accepts; an
// invalid network file exits 2 with its positioned message and writes nothing.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstTraceDifference } from './traceDiff';

const PYTHON = '/usr/bin/python3';
const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const iris = path.join(root, 'examples/iris.backprop.json');
const work = path.join(__dirname, `.numpy-cli-${process.pid}`);

function run(command: string, args: string[], cwd = work): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', cwd, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

suite('command line: numpy', function () {
  this.timeout(60_000);
  suiteSetup(() => {
    fs.mkdirSync(work, { recursive: true });
    if (!fs.existsSync(cli)) assert.strictEqual(spawnSync(process.execPath, ['esbuild.js'], { cwd: root }).status, 0);
  });
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));

  test('-o writes the script; it prints the trace that cli.js trace prints, and compare accepts it', () => {
    const out = path.join(work, 'iris.py');
    const r = run(process.execPath, [cli, 'numpy', iris, '-o', out]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout, '');
    const script = fs.readFileSync(out, 'utf8');
    assert.match(script, /^#!\/usr\/bin\/env python3\n"""iris: backpropagation in NumPy, exported by Backprop Debugger from iris\.backprop\.json\./);
    assert.match(script, /python3 iris\.py --iterations 10/);
    const mine = run(PYTHON, [out, '--iterations', '12', '--every', '5']);
    assert.strictEqual(mine.status, 0, mine.stderr);
    const engine = run(process.execPath, [cli, 'trace', iris, '--iterations', '12', '--every', '5']);
    assert.strictEqual(engine.status, 0, engine.stderr);
    assert.deepStrictEqual(mine.stdout.trim().split('\n').map((l) => JSON.parse(l).iteration), [1, 5, 10, 12]);
    assert.strictEqual(firstTraceDifference(engine.stdout, mine.stdout, 1e-12), undefined);
    const traceFile = path.join(work, 'iris.trace.jsonl');
    fs.writeFileSync(traceFile, mine.stdout);
    const compared = run(process.execPath, [cli, 'compare', iris, traceFile]);
    assert.strictEqual(compared.status, 0, compared.stdout + compared.stderr);
  });

  test('without -o the script goes to stdout', () => {
    const r = run(process.execPath, [cli, 'numpy', iris]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^#!\/usr\/bin\/env python3\n/);
    assert.match(r.stdout, /\ndef backward\(u, y, t, w\):\n/);
    assert.match(r.stdout, /\nif __name__ == "__main__":\n {4}main\(\)\n$/);
  });

  test('an invalid network file exits 2 with its positioned message and writes no script', () => {
    const bad = path.join(work, 'bad.backprop.json');
    fs.writeFileSync(bad, '{\n  "layers": [{ "size": 2 }, { "size": 1, "activation": "sigmod" }],\n  "data": "xor"\n}\n');
    const out = path.join(work, 'bad.py');
    const r = run(process.execPath, [cli, 'numpy', bad, '-o', out]);
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /bad\.backprop\.json:2:56: unknown activation "sigmod"/);
    assert.ok(!fs.existsSync(out));
  });

  test('a script that cannot be written exits 1 naming it', () => {
    const out = path.join(work, 'no-such-folder', 'x.py');
    const r = run(process.execPath, [cli, 'numpy', iris, '-o', out]);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /cannot write .*no-such-folder\/x\.py/);
  });
});
