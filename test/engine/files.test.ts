// The CSV file a network names is read only when it is a regular file inside the allowed folder and
// under the size cap: absolute paths out, ../ escapes, symbolic links out, /proc files, devices and
// FIFOs are refused at the "csv" value, quickly, without reading them, by the synchronous and the
// asynchronous loader alike. The files are made in a folder beside this test and removed after.

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
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
