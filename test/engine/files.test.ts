// The CSV file a network names is read only when it is a regular file inside the allowed folder and
// under the size cap: absolute paths out, ../ escapes, symbolic links out, /proc files, devices and
// FIFOs are refused at the "csv" value, quickly, without reading them, by the synchronous and the
// asynchronous loader alike. The files are made in a folder beside this test and removed after.

import * as assert from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNetworkFile, loadNetworkFileAsync, type LoadOptions } from '../../src/engine/load';
import type { ParseResult } from '../../src/engine/parse';
import { formatError } from '../../src/engine/spec';

const work = path.join(__dirname, `.files-${process.pid}`);
const root = path.join(work, 'workspace');
const outside = path.join(work, 'outside');
const CSV = 'a,b,t\n0,1,1\n1,0,1\n';

/** A network file in the workspace whose data is { "csv": name }; returns its path and the csv value's line and column. */
function networkNaming(name: string, file = 'net.backprop.json'): { file: string; line: number; column: number } {
  const text = `{\n  "layers": [{ "size": 2 }, { "size": 1 }],\n  "data": { "inputColumns": ["a", "b"], "targetColumns": ["t"],\n    "csv": ${JSON.stringify(name)} }\n}\n`;
  const at = path.join(root, file);
  fs.writeFileSync(at, text);
  return { file: at, line: 4, column: 12 };
}

async function both(name: string, options: Omit<LoadOptions, 'text'> = {}): Promise<ParseResult[]> {
  const net = networkNaming(name);
  const results = [loadNetworkFile(net.file, undefined, { roots: [root], ...options }), await loadNetworkFileAsync(net.file, { roots: [root], ...options })];
  return results;
}

/** Both loaders refuse the file with a message matching `why`, at the "csv" value. */
async function refused(name: string, why: RegExp, options: Omit<LoadOptions, 'text'> = {}): Promise<void> {
  for (const result of await both(name, options)) {
    assert.strictEqual(result.spec, undefined, `${name} was read`);
    assert.strictEqual(result.errors.length, 1, result.errors.map(formatError).join('\n'));
    const [e] = result.errors;
    assert.match(e.message, why, formatError(e));
    assert.match(e.message, /^cannot read the CSV file/);
    assert.deepStrictEqual([e.line, e.column], [4, 12], formatError(e));
    assert.ok(e.message.length < 400, `a long message: ${e.message.length} characters`);
  }
}

suite('data files: confined, regular, bounded', () => {
  suiteSetup(() => {
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(root, 'sub', 'in.csv'), CSV);
    fs.writeFileSync(path.join(outside, 'secret.csv'), CSV);
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'link-out.csv'));
    fs.symlinkSync(path.join(root, 'sub', 'in.csv'), path.join(root, 'link-in.csv'));
  });
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a regular file inside the folder is read, by a relative path, an absolute one, or a link that stays inside', async () => {
    for (const name of ['sub/in.csv', path.join(root, 'sub', 'in.csv'), 'link-in.csv', './sub/../sub/in.csv']) {
      for (const result of await both(name)) {
        assert.ok(result.spec, `${name}: ${result.errors.map(formatError).join('\n')}`);
        assert.deepStrictEqual(Array.from(result.spec.data.inputs.data), [0, 1, 1, 0]);
      }
    }
  });

  test('an absolute path out of the folder is refused', async () => {
    await refused(path.join(outside, 'secret.csv'), /outside the folder/);
  });

  test('a ../ escape is refused', async () => {
    await refused('../outside/secret.csv', /outside the folder/);
  });

  test('a symbolic link inside that points outside is refused', async () => {
    await refused('link-out.csv', /outside the folder/);
  });

  test('/proc/self/environ is refused and nothing of it reaches the message', async () => {
    process.env.BACKPROP_TEST_SECRET = 'do-not-echo-me';
    try {
      await refused('/proc/self/environ', /outside the folder/);
      // even with the whole file system allowed, a /proc file is no data file
      await refused('/proc/self/environ', /system file/, { roots: ['/'] });
      for (const result of await both('/proc/self/environ', { roots: ['/'] })) assert.doesNotMatch(result.errors[0].message, /do-not-echo-me|PATH=/);
    } finally {
      delete process.env.BACKPROP_TEST_SECRET;
    }
  });

  test('devices (/dev/zero, /dev/urandom) are refused without reading', async () => {
    await refused('/dev/zero', /outside the folder/);
    await refused('/dev/urandom', /system file/, { roots: ['/'] });
  });

  test('a folder is refused', async () => {
    await refused('sub', /a folder, not a regular file/);
  });

  test('a FIFO inside the folder is refused at once, never opened for a writer that does not come', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(root, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    try {
      await refused('pipe.csv', /a FIFO \(named pipe\), not a regular file/);
    } finally {
      fs.rmSync(fifo);
    }
  });

  test('a file over the cap is refused before it is read; the cap can be raised', async () => {
    fs.writeFileSync(path.join(root, 'big.csv'), CSV + '0,0,0\n'.repeat(200));
    await refused('big.csv', /it is 1,218 bytes, larger than the limit of 1,000 bytes \(the setting backprop\.data\.maxCsvMegabytes raises it\)/, { maxCsvBytes: 1000 });
    for (const result of await both('big.csv', { maxCsvBytes: 2000 })) assert.strictEqual(result.spec?.data.inputs.rows, 202);
  });

  test('a missing file says so in a few words; outside the folder, not even whether it exists', async () => {
    await refused('nowhere.csv', /: no such file$/);
    await refused('../nowhere.csv', /outside the folder/);
    await refused('/nonexistent/secret.csv', /outside the folder/);
  });

  test('a network file that is a FIFO is refused too (the command line reads it)', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(root, 'pipe.backprop.json');
    execFileSync('mkfifo', [fifo]);
    try {
      for (const result of [loadNetworkFile(fifo), await loadNetworkFileAsync(fifo)]) {
        assert.strictEqual(result.spec, undefined);
        assert.match(result.errors[0].message, /cannot read the network file: it is a FIFO/);
      }
    } finally {
      fs.rmSync(fifo);
    }
  });
});

suite('a large numeric CSV', () => {
  const dir = path.join(__dirname, `.bigcsv-${process.pid}`);
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('5 M values parse into typed arrays within 96 MB of JavaScript heap (no string or array per cell)', function () {
    this.timeout(60_000);
    fs.mkdirSync(dir, { recursive: true });
    // 500,000 rows of 10 numbers (~24 MB): per-cell strings and arrays would need well over a gigabyte of heap
    const rows: string[] = ['c0,c1,c2,c3,c4,c5,c6,c7,c8,c9'];
    for (let r = 0; r < 500_000; r++) rows.push(`${(r % 997) / 10},-${r % 13}.25,1e-3,${r},0.5,7,${r % 2},3.125,-0,${(r * 7) % 101}`);
    fs.writeFileSync(path.join(dir, 'big.csv'), rows.join('\n') + '\n');
    const net = path.join(dir, 'big.backprop.json');
    fs.writeFileSync(net, JSON.stringify({ layers: [{ size: 9 }, { size: 1, activation: 'identity' }], data: { csv: 'big.csv', inputColumns: [0, 1, 2, 3, 4, 5, 6, 7, 8], targetColumns: ['c9'] }, epochs: 1 }));
    const script = `
      const { loadNetworkFileAsync } = require(${JSON.stringify(path.join(__dirname, '../../src/engine/load'))});
      loadNetworkFileAsync(${JSON.stringify(net)}).then((r) => {
        if (!r.spec) throw new Error(r.errors.map((e) => e.message).join('; '));
        const x = r.spec.data.inputs, t = r.spec.data.targets;
        // row 123457: 123457 % 997 = 826 → 82.6; −(123457 % 13).25 = −9.25; target (123457·7) % 101 = 43; −0 (JSON writes it 0)
        const at = 123457 * 9;
        process.stdout.write(JSON.stringify({ rows: x.rows, cols: x.cols, row: Array.from(x.data.subarray(at, at + 9)), target: t.data[123457] }));
      });`;
    const r = spawnSync(process.execPath, ['--max-old-space-size=96', '--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', cwd: path.join(__dirname, '../..') });
    assert.strictEqual(r.status, 0, r.stderr.slice(0, 2000));
    const out = JSON.parse(r.stdout);
    assert.deepStrictEqual([out.rows, out.cols], [500_000, 9]);
    assert.deepStrictEqual(out.row, [82.6, -9.25, 0.001, 123457, 0.5, 7, 1, 3.125, 0]);
    assert.strictEqual(out.target, 43);
  });
});

suite('checking again while the CSV is unchanged', () => {
  const dir = path.join(__dirname, `.again-${process.pid}`);
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the same data comes back (standardised once, not twice), and a changed file is read again', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const csv = path.join(dir, 'd.csv');
    fs.writeFileSync(csv, 'a,t\n1,0\n2,1\n3,0\n');
    const net = path.join(dir, 'n.backprop.json');
    const text = (eta: number): string => JSON.stringify({ layers: [{ size: 1 }, { size: 1 }], learningRate: eta, data: { csv: 'd.csv', inputColumns: ['a'], targetColumns: ['t'], standardize: true }, epochs: 1 });
    const inputs = async (eta: number): Promise<number[]> => {
      const r = await loadNetworkFileAsync(net, { text: text(eta) });
      assert.ok(r.spec, r.errors.map(formatError).join('\n'));
      return Array.from(r.spec.data.inputs.data);
    };
    // 1, 2, 3 standardised: mean 2, standard deviation √(2/3)
    const z = [-1, 0, 1].map((x) => x / Math.sqrt(2 / 3));
    for (const eta of [0.1, 0.2, 0.3]) assert.deepStrictEqual(await inputs(eta), z);
    // a new modification time and size: read again
    fs.writeFileSync(csv, 'a,t\n1,0\n2,1\n3,0\n5,1\n');
    const w = [1, 2, 3, 5].map((x) => (x - 2.75) / Math.sqrt(((1 - 2.75) ** 2 + (2 - 2.75) ** 2 + (3 - 2.75) ** 2 + (5 - 2.75) ** 2) / 4));
    const got = await inputs(0.4);
    assert.strictEqual(got.length, 4);
    got.forEach((v, i) => assert.ok(Math.abs(v - w[i]) < 1e-15, `${v} vs ${w[i]}`));
  });
});
