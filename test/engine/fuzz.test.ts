// A grammar-aware fuzzer of network files: 1,500 seeded files built from the format's own fields with
// wrong types, odd sizes, deep nesting, comments, byte order marks, CR line ends, cut-off text, stray
// bytes and hostile CSV paths. Every file must parse or be refused with errors inside the file (line
// and column that exist), quickly, without a throw and without the process growing past a bound; every
// file that parses must train a step when it is small.

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNetworkFile } from '../../src/engine/load';
import { parseNetwork, type ParseResult } from '../../src/engine/parse';
import { formatError } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';

const FILES = 1500;
const SEED = 20261130;
/** the process may grow by this much over the whole run (the audit's bound was 2 GB) */
const GROWTH_BOUND = 1024 * 1024 * 1024;
/** one file's parse may take this long (a hang shows as far more) */
const FILE_MS = 2000;

class Rng {
  constructor(private s: number) {}
  next(): number {
    // xorshift32, independent of the engine's generator
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

const work = path.join(__dirname, `.fuzz-${process.pid}`);
const CSV_NAMES = ['d.csv', 'missing.csv', '../escape.csv', '/etc/hostname', '/proc/self/environ', '/dev/zero', 'fifo.csv', 'link-out.csv', 'sub', '', 'd.csv\u0000x', 'bom.csv', 'cr.csv', 'bad.csv'];

/** how hostile the current file is: the chance of each field being written wrong (half the files are nearly valid) */
let h = 0.1;

function number(r: Rng): unknown {
  return r.pick([0, 1, -1, 0.5, 2, 3, 1e-300, 1e300, -0, 1.5, 100000, 100001, 2e9, 1e12, 'x', null, true, [], {}, NaN]);
}

function size(r: Rng): unknown {
  return !r.chance(h) ? 1 + r.int(r.chance(0.9) ? 4 : 20) : number(r);
}

function layer(r: Rng, l: number, fanIn: number): Record<string, unknown> {
  const out: Record<string, unknown> = { size: size(r) };
  if (l > 0 || r.chance(h)) out.activation = r.chance(h) ? r.pick(['sigmod', 3, '']) : r.pick(['sigmoid', 'tanh', 'relu', 'leaky-relu', 'identity', 'softmax']);
  if (r.chance(h)) out.alpha = number(r);
  if (l === 0 && !r.chance(h)) return out;
  const n = typeof out.size === 'number' && out.size < 50 ? out.size : 2;
  if (r.chance(0.2)) out.weights = Array.from({ length: !r.chance(h) ? Math.min(fanIn, 50) : 1 + r.int(4) }, () => Array.from({ length: !r.chance(h) ? n : 1 + r.int(4) }, () => (!r.chance(h) ? r.next() - 0.5 : number(r))));
  if (r.chance(0.2)) out.biases = Array.from({ length: !r.chance(h) ? n : 1 + r.int(4) }, () => r.next() - 0.5);
  if (r.chance(0.1)) out.trainWeights = r.chance(h) ? r.pick([0, 'no']) : r.pick([true, false]);
  if (r.chance(h / 2)) out[r.pick(['sise', 'Activation', 'evil\nkey\u202e'])] = 1;
  return out;
}

/** a built-in data set of the network's shape */
function fitting(r: Rng, inputs: number, outputs: number): string {
  if (inputs === 2 && outputs <= 2) return r.pick(['xor', 'circle', 'spiral', 'synthetic']);
  if (inputs === 1 && outputs === 1) return r.pick(['sin', 'synthetic']);
  if (inputs === 4 && outputs === 3) return r.pick(['iris', 'synthetic']);
  return 'synthetic';
}

function data(r: Rng, inputs: number, outputs: number): unknown {
  switch (r.chance(h) ? 4 : r.int(4)) {
    case 0:
      return r.chance(h) ? r.pick(['mnist', '', 'xor', 'sin', 'iris']) : fitting(r, inputs, outputs);
    case 1:
      return { builtin: r.chance(h) ? r.pick(['xor', 'circle', 'spiral', 'synthetic', 'iris']) : fitting(r, inputs, outputs), samples: r.chance(h) ? number(r) : 1 + r.int(300), noise: r.chance(h) ? number(r) : undefined, every: r.chance(h) ? number(r) : undefined };
    case 2: {
      const rows = r.int(6);
      return {
        inputs: Array.from({ length: rows }, () => Array.from({ length: !r.chance(h) ? inputs : 1 + r.int(4) }, () => (!r.chance(h) ? r.next() : number(r)))),
        targets: Array.from({ length: !r.chance(h) ? rows : r.int(6) }, () => Array.from({ length: !r.chance(h) ? outputs : 1 + r.int(4) }, () => (r.chance(0.5) ? 1 : 0))),
        standardize: r.chance(0.2) ? r.pick([true, false, 1]) : undefined,
      };
    }
    case 3:
      return { csv: r.pick(CSV_NAMES), inputColumns: !r.chance(h) ? ['a', 'b'].slice(0, inputs) : [r.pick(['a', 'z', 7, -1])], targetColumns: !r.chance(h) ? ['t'] : [2, 0], oneHot: r.chance(0.2) ? true : undefined, header: r.chance(0.1) ? false : undefined };
    default:
      return number(r);
  }
}

function network(r: Rng): Record<string, unknown> {
  const count = r.chance(h / 4) ? r.int(2) : 2 + r.int(3);
  const layers: unknown[] = [];
  let fanIn = 2;
  for (let l = 0; l < count; l++) {
    const x = layer(r, l, fanIn);
    layers.push(x);
    fanIn = typeof x.size === 'number' ? x.size : 2;
  }
  const first = layers[0] as { size: unknown };
  const last = layers[layers.length - 1] as { size: unknown } | undefined;
  const net: Record<string, unknown> = { layers: r.chance(h / 4) ? number(r) : layers };
  const output = layers[layers.length - 1] as { activation?: unknown } | undefined;
  const probabilities = output?.activation === 'softmax' || output?.activation === 'sigmoid';
  if (r.chance(0.5)) net.loss = r.chance(h) ? r.pick(['hinge', 1, 'cross-entropy']) : probabilities ? r.pick(['sum-of-squares', 'cross-entropy']) : 'sum-of-squares';
  if (r.chance(0.5)) net.learningRate = !r.chance(h) ? r.next() : number(r);
  if (r.chance(0.3)) net.batch = { size: !r.chance(h) ? 1 + r.int(8) : number(r), reduction: r.chance(h) ? 'avg' : r.pick(['sum', 'mean']), shuffle: r.chance(h) ? 'yes' : r.pick([true, false]) };
  if (r.chance(0.3)) net.init = { seed: !r.chance(h) ? r.int(100) : number(r), distribution: r.chance(h) ? 'x' : r.pick(['uniform', 'normal', 'xavier', 'he']), scale: !r.chance(h) ? r.next() : number(r) };
  if (!r.chance(h / 2)) net.data = data(r, typeof first?.size === 'number' ? Math.min(first.size, 20) : 2, typeof last?.size === 'number' ? Math.min(last.size, 20) : 1);
  if (r.chance(0.3)) net.epochs = !r.chance(h) ? 1 + r.int(5) : number(r);
  if (r.chance(h)) net.name = number(r);
  return net;
}

/** Text of the network with the format's own ways of writing it, then a few mutations of the text. */
function text(r: Rng): string {
  h = r.chance(0.5) ? 0.01 : 0.3;
  let t = JSON.stringify(network(r), null, r.pick([0, 2, '\t']));
  if (r.chance(0.1)) t = t.replace(/\n/g, r.pick(['\r', '\r\n']));
  if (r.chance(0.1)) t = `// a comment\n/* another ${'*'.repeat(r.int(5))} */` + t;
  if (r.chance(0.05)) t = '\uFEFF' + t;
  if (r.chance(h / 4)) t = `{ "layers": ${'['.repeat(1 + r.int(9000))}`;
  if (r.chance(h / 10)) t = '/*'.repeat(1 + r.int(20000));
  if (r.chance(h / 10)) t = '//\n'.repeat(1 + r.int(20000)) + '{';
  const mutations = r.chance(h) ? 1 + r.int(3) : 0;
  for (let m = 0; m < mutations && t.length; m++) {
    const at = r.int(t.length);
    switch (r.chance(h) ? 4 : r.int(4)) {
      case 0:
        t = t.slice(0, at); // cut off
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + 1 + r.int(10)); // delete
        break;
      case 2:
        t = t.slice(0, at) + r.pick(['{', '}', '[', ']', ',', ':', '"', '\\', '/*', '//', '\u0000', '\r', '\u2028', 'é', '𝑥', '1e999', '-', 'true']) + t.slice(at);
        break;
      case 3:
        t = t.slice(0, at) + t.slice(at, at + 20).repeat(1 + r.int(50)) + t.slice(at + 20); // repeat a span
        break;
      default:
        t = t.slice(0, at) + String.fromCharCode(r.int(0x3000)) + t.slice(at);
    }
  }
  return t;
}

function lineCount(t: string): number {
  return t.split(/\r\n|\r|\n/).length;
}

/** Every error is at a line and column that exist in the file it names. */
function positioned(result: ParseResult, t: string, csvs: Map<string, string>): void {
  assert.ok(result.errors.length > 0, 'refused without an error');
  const network = t.replace(/^\uFEFF/, '');
  const networkLines = network.split(/\r\n|\r|\n/);
  assert.ok(result.errors.length <= 101, `${result.errors.length} errors`);
  for (const e of result.errors) {
    const isNetwork = e.file === 'fuzz.backprop.json' || e.file.endsWith('.backprop.json');
    const body = isNetwork ? network : csvs.get(e.file);
    assert.ok(body !== undefined, `an error in an unknown file: ${formatError(e)}`);
    const lines = isNetwork ? networkLines : body.split(/\r\n|\r|\n/);
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines.length, `line outside the file: ${formatError(e)}`);
    assert.ok(Number.isInteger(e.column) && e.column >= 1 && e.column <= lines[e.line - 1].length + 1, `column outside the line: ${formatError(e)}`);
    assert.ok(e.offset >= 0 && e.offset <= body.length, `offset outside the file: ${formatError(e)}`);
    assert.ok(e.message.length < 1000, `a message of ${e.message.length} characters`);
  }
  assert.ok(lineCount(t) >= 1);
}

suite('fuzzing network files', () => {
  const csvs = new Map<string, string>();
  suiteSetup(() => {
    const root = path.join(work, 'workspace');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    const put = (name: string, body: string): void => {
      fs.writeFileSync(path.join(root, name), body);
      csvs.set(name, body.replace(/^\uFEFF/, ''));
    };
    put('d.csv', 'a,b,t\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    put('bom.csv', '\uFEFFa,b,t\n0,0,0\n1,1,1\n');
    put('cr.csv', 'a,b,t\r0,0,0\r1,x,1\r');
    put('bad.csv', 'a,b,t\n0,0,0\n1,"\u0007é𝑥",1\n1\n');
    fs.writeFileSync(path.join(work, 'escape.csv'), 'a,b,t\n0,0,0\n');
    fs.symlinkSync(path.join(work, 'escape.csv'), path.join(root, 'link-out.csv'));
    if (process.platform !== 'win32') execFileSync('mkfifo', [path.join(root, 'fifo.csv')]);
  });
  suiteTeardown(() => fs.rmSync(work, { recursive: true, force: true }));

  test(`${FILES} seeded files: no throw, no hang, every refusal positioned, memory bounded`, function () {
    this.timeout(120_000);
    const r = new Rng(SEED);
    const file = path.join(work, 'workspace', 'fuzz.backprop.json');
    const start = process.memoryUsage().rss;
    let parsed = 0;
    let trained = 0;
    for (let i = 0; i < FILES; i++) {
      const t = text(r);
      const began = Date.now();
      let result: ParseResult;
      try {
        // files naming a CSV go through the loader (its checks), the others through the parser alone
        result = t.includes('"csv"') ? loadNetworkFile(file, t) : parseNetwork(t, { file: 'fuzz.backprop.json' });
      } catch (e) {
        assert.fail(`file ${i} threw ${(e as Error).stack}\n${t.slice(0, 500)}`);
      }
      const ms = Date.now() - began;
      assert.ok(ms < FILE_MS, `file ${i} took ${ms} ms`);
      if (result.spec) {
        parsed++;
        const spec = result.spec;
        let parameters = 0;
        for (let l = 1; l < spec.layers.length; l++) parameters += (spec.layers[l - 1].size + 1) * spec.layers[l].size;
        if (parameters < 100_000 && spec.batch.size * spec.layers.reduce((n, l) => n + l.size, 0) < 1_000_000) {
          const trainer = new Trainer(spec, { record: false });
          trainer.runIterations(1);
          trained++;
        }
      } else {
        positioned(result, t, csvs);
      }
      const growth = process.memoryUsage().rss - start;
      assert.ok(growth < GROWTH_BOUND, `after file ${i} the process grew by ${Math.round(growth / 1e6)} MB`);
    }
    // the grammar reaches both sides: enough files parse and train, enough are refused
    assert.ok(parsed > FILES * 0.1 && parsed < FILES * 0.9, `${parsed} of ${FILES} parsed`);
    assert.ok(trained > 50, `${trained} trained`);
    console.log(`      ${FILES} files: ${parsed} parsed (${trained} trained a step), ${FILES - parsed} refused with positions`);
  });
});
