// The worked example (handout) of one iteration, read back from its Markdown text: the 2-2-2 example
// reproduces the published worked example's numbers (test/engine/hand.test.ts quotes them), and for a
// batched tanh/softmax network every number the handout prints equals the headless trace's record of
// that iteration (and the next record's w and b are the update's results). Also: Korean words with the
// same symbols, the HTML page self-contained and A4, and the iteration's wire form.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { loadNetworkFile } from '../../src/engine/load';
import { trace, type IterationRecord, type LayerRecord } from '../../src/engine/trace';
import { Trainer } from '../../src/engine/trainer';
import type { NetworkSpec } from '../../src/engine/spec';
import { workedExampleMarkdown } from '../../src/export/workedExample';
import { breakPieces, equalsPieces, workedExampleHtml } from '../../src/export/workedExampleHtml';
import { fromWire, toWire, workedIterationOf, type WorkedIteration } from '../../src/export/workedIteration';
import { specOf } from '../engine/helpers';

const HAND = path.join(__dirname, '../../examples/hand-2-2-2.backprop.json');

/** The 2-2-2 example's file as an object. */
function handJson(): Record<string, unknown> {
  return parseJsonc(fs.readFileSync(HAND, 'utf8')) as Record<string, unknown>;
}

function handSpec(): NetworkSpec {
  const r = loadNetworkFile(HAND);
  assert.ok(r.spec, JSON.stringify(r.errors));
  return r.spec;
}

/** The iteration t of a fresh run of `spec`, as the handout gets it. */
function iterationOf(spec: NetworkSpec, t: number): WorkedIteration {
  const trainer = new Trainer(spec);
  trainer.seek(t, 0);
  return workedIterationOf(trainer);
}

/** A number as the handout's TeX writes it: 0.1385, −2.5 \times 10^{-5}. */
function texNumber(s: string): number {
  const m = /^(-?[0-9.]+)(?: \\times 10\^\{(-?[0-9]+)\})?$/.exec(s.trim());
  if (!m) throw new Error(`not a number: ${s}`);
  return Number(m[1]) * 10 ** Number(m[2] ?? 0);
}

interface Line {
  /** "1. …" → 1 */
  section: number;
  /** the layer heading's number (undefined in the loss section and for the inputs) */
  layer?: number;
  /** neuron index from "… k = 3" headings */
  neuron?: number;
  tex: string;
  /** the number after the last top-level "=" */
  value: number;
}

/** Every $$…$$ equation of the Markdown with where it stands. */
function readMarkdown(md: string): Line[] {
  const out: Line[] = [];
  let section = 0;
  let layer: number | undefined;
  let neuron: number | undefined;
  const lines = md.split('\n');
  for (let x = 0; x < lines.length; x++) {
    const l = lines[x];
    let m: RegExpExecArray | null;
    if ((m = /^## (\d+)\./.exec(l))) {
      section = Number(m[1]);
      layer = neuron = undefined;
    } else if ((m = /^### \D*(\d+)?/.exec(l))) {
      layer = m[1] === undefined ? undefined : Number(m[1]);
      neuron = undefined;
    } else if ((m = /^\*\*.*= (\d+)\*\*$/.exec(l))) neuron = Number(m[1]);
    else if (l === '$$') {
      const tex = lines[x + 1];
      assert.strictEqual(lines[x + 2], '$$', `one line per equation at line ${x + 1}`);
      x += 2;
      const pieces = equalsPieces(tex);
      // "… = value", or for another optimizer's update "w_{jk} \leftarrow value"
      out.push({ section, layer, neuron, tex, value: texNumber(pieces[pieces.length - 1].replace(/^= /, '').replace(/^.*\\leftarrow /, '')) });
    }
  }
  return out;
}

/** The one line of a section, layer and neuron whose TeX matches. */
function find(lines: Line[], where: Partial<Omit<Line, 'tex' | 'value'>>, tex: RegExp): Line {
  const hits = lines.filter((l) => (Object.keys(where) as (keyof typeof where)[]).every((k) => l[k] === where[k]) && tex.test(l.tex));
  assert.strictEqual(hits.length, 1, `${JSON.stringify(where)} ${tex}: ${hits.length} lines\n${hits.map((h) => h.tex).join('\n')}`);
  return hits[0];
}

/** |a − b| within what `digits` significant digits of b can hold. */
function close(a: number, b: number, digits: number, what: string): void {
  const tolerance = 0.51 * 10 ** (Math.floor(Math.log10(Math.abs(b) || 1)) - digits + 1) + 1e-15;
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: handout ${a}, expected ${b}`);
}

suite('worked example (handout)', () => {
  test('the 2-2-2 handout reproduces the published worked example', () => {
    const md = workedExampleMarkdown(iterationOf(handSpec(), 1), { language: 'en' });
    const lines = readMarkdown(md);
    // the published values, to the digits printed there (test/engine/hand.test.ts)
    const published = (line: Line, value: number, decimals: number, what: string): void =>
      assert.ok(Math.abs(line.value - value) <= 0.6 * 10 ** -decimals, `${what}: handout ${line.value}, published ${value}`);
    published(find(lines, { section: 2 }, /^E = /), 0.298371109, 9, 'E');
    published(find(lines, { section: 3, layer: 2, neuron: 0 }, /^\\delta_\{k\} = /), 0.138498562, 9, 'δ_k, k = 0');
    published(find(lines, { section: 3, layer: 2, neuron: 1 }, /^\\delta_\{k\} = /), -0.038098236, 9, 'δ_k, k = 1');
    published(find(lines, { section: 3, layer: 2, neuron: 0 }, /^j = 0:\\quad \\partial w_\{jk\} = /), 0.082167041, 9, '∂w_00 of the output (w5)');
    published(find(lines, { section: 3, layer: 1, neuron: 0 }, /^\\partial y_\{j\} = /), 0.036350306, 9, '∂y_j, j = 0');
    published(find(lines, { section: 3, layer: 1, neuron: 0 }, /^i = 0:\\quad \\partial w_\{ij\} = /), 0.000438568, 9, '∂w_00 of the hidden layer (w1)');
    published(find(lines, { section: 4, layer: 2, neuron: 0 }, /^j = 0:\\quad w_\{jk\} \\leftarrow /), 0.35891648, 8, 'updated w5');
    published(find(lines, { section: 4, layer: 2, neuron: 1 }, /^j = 1:\\quad w_\{jk\} \\leftarrow /), 0.561370121, 9, 'updated w8');
    published(find(lines, { section: 4, layer: 1, neuron: 0 }, /^i = 1:\\quad w_\{ij\} \\leftarrow /), 0.19956143, 8, 'updated w2');
    published(find(lines, { section: 1, layer: 2, neuron: 0 }, /^y_\{k\} = /), 0.75136507, 8, 'y_k, k = 0');
    // the notes' symbols, the equations written out with their numbers
    assert.match(md, /\\delta_\{k\} = \\frac\{\\partial E\}\{\\partial y_\{k\}\} \\cdot \\frac\{\\partial y_\{k\}\}\{\\partial u_\{k\}\} = \(y_k - t_k\)\(1 - y_\{k\}\)\\,y_\{k\} = \(0\.75136507 - 0\.01\)\(1 - 0\.75136507\)\(0\.75136507\) = 0\.138498562/);
    assert.match(md, /\\partial y_\{j\} = \\sum_\{r\} \\delta_r w_\{jr\} = \(0\.138498562\)\(0\.4\) \+ \(-0\.0380982365\)\(0\.5\) = 0\.0363503064/);
  });

  test('in the order computed: forward layer by layer, E, backward from the output layer down, the update', () => {
    const lines = readMarkdown(workedExampleMarkdown(iterationOf(handSpec(), 1), { language: 'en' }));
    const kinds = lines.map((l) => `${l.section}:${l.layer ?? '-'}:${/^([ij] = \d+:\\quad (\\partial w|w)|\\partial [ywb]|\\delta|[a-zE])/.exec(l.tex)?.[0]}`);
    const order = kinds.filter((k, x) => k !== kinds[x - 1]);
    assert.deepStrictEqual(order, [
      '1:-:y', // the inputs
      '1:1:u', '1:1:y', '1:1:u', '1:1:y',
      '1:2:u', '1:2:y', '1:2:u', '1:2:y',
      '2:-:E',
      '3:2:\\partial y', '3:2:\\delta', '3:2:j = 0:\\quad \\partial w', '3:2:j = 1:\\quad \\partial w', '3:2:\\partial b',
      '3:2:\\partial y', '3:2:\\delta', '3:2:j = 0:\\quad \\partial w', '3:2:j = 1:\\quad \\partial w', '3:2:\\partial b',
      '3:1:\\partial y', '3:1:\\delta', '3:1:i = 0:\\quad \\partial w', '3:1:i = 1:\\quad \\partial w', '3:1:\\partial b',
      '3:1:\\partial y', '3:1:\\delta', '3:1:i = 0:\\quad \\partial w', '3:1:i = 1:\\quad \\partial w', '3:1:\\partial b',
      '4:1:i = 0:\\quad w', '4:1:i = 1:\\quad w', '4:1:b', '4:1:i = 0:\\quad w', '4:1:i = 1:\\quad w', '4:1:b',
      '4:2:j = 0:\\quad w', '4:2:j = 1:\\quad w', '4:2:b', '4:2:j = 0:\\quad w', '4:2:j = 1:\\quad w', '4:2:b',
    ]);
  });

  test("a batched tanh/softmax network: every number of the handout is the trace's", () => {
    const spec = specOf({
      name: 'tanh softmax',
      layers: [{ size: 2 }, { size: 3, activation: 'tanh' }, { size: 2, activation: 'softmax' }],
      loss: 'cross-entropy',
      learningRate: 0.3,
      batch: { size: 2, reduction: 'mean', shuffle: false },
      init: { seed: 7, distribution: 'uniform', scale: 0.8 },
      data: { inputs: [[0.2, -0.4], [0.9, 0.1], [-0.5, 0.7], [0.3, 0.3]], targets: [[1, 0], [0, 1], [0, 1], [1, 0]] },
      epochs: 5,
    });
    const t = 3;
    const records: IterationRecord[] = [];
    trace(new Trainer(spec), { iterations: t + 1 }, (r) => records.push(r));
    const rec = records[t - 1];
    const next = records[t];
    assert.strictEqual(rec.iteration, t);
    const lines = readMarkdown(workedExampleMarkdown(iterationOf(spec, t), { language: 'en' }));
    const digits = 9;
    const L = 2;
    const layer = (l: number): LayerRecord => rec.layers[l] as LayerRecord;
    close(find(lines, { section: 2 }, /^E = /).value, rec.loss, digits, 'E');
    let checked = 1;
    for (let l = 1; l <= L; l++) {
      const self = l === L ? 'k' : 'j';
      const prev = l === L ? 'j' : 'i';
      for (let k = 0; k < layer(l).b.length; k++) {
        // per sample s = 0, 1: the forward lines come in sample order, the backward ones likewise
        const forward = lines.filter((x) => x.section === 1 && x.layer === l && x.tex.includes(`${self}} = `));
        const u = forward.filter((x) => x.tex.startsWith(`u_{${self}}`));
        const y = forward.filter((x) => x.tex.startsWith(`y_{${self}}`));
        assert.strictEqual(u.length, 2 * layer(l).b.length);
        for (let s = 0; s < 2; s++) {
          close(u[s * layer(l).b.length + k].value, layer(l).u[s][k], digits, `u, layer ${l}, s ${s}, neuron ${k}`);
          close(y[s * layer(l).b.length + k].value, layer(l).y[s][k], digits, `y, layer ${l}, s ${s}, neuron ${k}`);
        }
        // a batch's per-sample lines start with "s = 1:\quad"
        const back = lines.filter((x) => x.section === 3 && x.layer === l && x.neuron === k).map((x) => ({ ...x, tex: x.tex.replace(/^s = \d+:\\quad /, '') }));
        const dy = back.filter((x) => x.tex.startsWith('\\partial y'));
        const delta = back.filter((x) => x.tex.startsWith('\\delta'));
        assert.strictEqual(delta.length, 2, 'δ per sample');
        for (let s = 0; s < 2; s++) {
          close(delta[s].value, layer(l).delta[s][k], digits, `δ, layer ${l}, s ${s}, neuron ${k}`);
          // softmax with cross-entropy writes δ = y − t directly (no ∂y line)
          if (dy.length) close(dy[s].value, layer(l).dy[s][k], digits, `∂y, layer ${l}, s ${s}, neuron ${k}`);
        }
        close(find(back, {}, /^\\partial b/).value, layer(l).db[k], digits, `∂b, layer ${l}, neuron ${k}`);
        const update = lines.filter((x) => x.section === 4 && x.layer === l && x.neuron === k);
        close(find(update, {}, /^b_/).value, (next.layers[l] as LayerRecord).b[k], digits, `updated b, layer ${l}, neuron ${k}`);
        for (let j = 0; j < layer(l).w.length; j++) {
          close(find(back, {}, new RegExp(`^${prev} = ${j}:\\\\quad \\\\partial w`)).value, layer(l).dw[j][k], digits, `∂w, layer ${l}, ${j}→${k}`);
          close(find(update, {}, new RegExp(`^${prev} = ${j}:\\\\quad w`)).value, (next.layers[l] as LayerRecord).w[j][k], digits, `updated w, layer ${l}, ${j}→${k}`);
          checked += 2;
        }
        checked += 6;
      }
    }
    assert.ok(checked > 50, `${checked} numbers checked`);
  });

  test("another optimizer, or weight decay: the update as the engine made it (the next record's w and b)", () => {
    for (const extra of [{ optimizer: { name: 'adam' } }, { weightDecay: 0.1 }]) {
      const spec = specOf({ ...handJson(), ...extra });
      const records: IterationRecord[] = [];
      trace(new Trainer(spec), { iterations: 3 }, (r) => records.push(r));
      const lines = readMarkdown(workedExampleMarkdown(iterationOf(spec, 2), { language: 'en' }));
      const next = records[2].layers as LayerRecord[];
      for (let l = 1; l <= 2; l++) {
        const prev = l === 2 ? 'j' : 'i';
        for (let k = 0; k < 2; k++) {
          const update = lines.filter((x) => x.section === 4 && x.layer === l && x.neuron === k);
          for (let j = 0; j < 2; j++) close(find(update, {}, new RegExp(`^${prev} = ${j}:\\\\quad w`)).value, next[l].w[j][k], 9, `${JSON.stringify(extra)}: w, layer ${l}, ${j}→${k}`);
          close(find(update, {}, /^b_/).value, next[l].b[k], 9, `${JSON.stringify(extra)}: b, layer ${l}, neuron ${k}`);
        }
      }
    }
  });

  test('a dropout layer says its y is masked', () => {
    const json = handJson() as { layers: Record<string, unknown>[] };
    json.layers[1] = { ...json.layers[1], dropout: 0.5 };
    const md = workedExampleMarkdown(iterationOf(specOf(json), 1), { language: 'en' });
    assert.match(md, /^\*dropout p = 0\.5: the y shown is f\(u\) ⊙ mask \/ \(1 − p\), with this iteration's mask\*$/m);
    assert.strictEqual(md.match(/dropout p/g)?.length, 1, 'on the hidden layer only');
  });

  test("Korean with VS Code's language, the symbols unchanged", () => {
    const it = iterationOf(handSpec(), 1);
    const ko = workedExampleMarkdown(it, { language: 'ko' });
    const en = workedExampleMarkdown(it, { language: 'en' });
    assert.match(ko, /^# 역전파 풀이 예: 2-2-2 by hand, 반복 1$/m);
    assert.match(ko, /^## 1\. 순전파$/m);
    assert.match(ko, /^## 3\. 역전파/m);
    assert.match(ko, /^\| 은닉 \| \$j\$ \| \$m\$ \|$/m);
    const tex = (md: string): string[] => md.split('\n').filter((l, x, all) => all[x - 1] === '$$' && l !== '$$');
    assert.deepStrictEqual(tex(ko), tex(en));
    assert.match(en, /^## 1\. Forward pass$/m);
  });

  test('the HTML page: self-contained, A4, one typeset equation per line of the Markdown', () => {
    const it = iterationOf(handSpec(), 1);
    const html = workedExampleHtml(it, { language: 'ko' });
    const md = workedExampleMarkdown(it, { language: 'ko' });
    assert.match(html, /@page \{ size: A4;/);
    assert.match(html, /<html lang="ko">/);
    // nothing fetched: no scripts, stylesheets, images or fonts (xmlns names MathML, it is no address)
    assert.doesNotMatch(html, /<script|<link|<img|url\(|@import|\b(src|href)\s*=/i);
    const eqs = html.match(/<div class="eq" /g) ?? [];
    assert.strictEqual(eqs.length, md.split('\n').filter((l) => l === '$$').length / 2);
    assert.doesNotMatch(html, /katex-error|<merror/);
    assert.match(html, /<math/);
    assert.ok(html.includes('0.138498562'));
  });

  test('headless: node dist/cli.js worked FILE writes the same handout', function () {
    this.timeout(60000);
    const root = path.join(__dirname, '../..');
    const cli = path.join(root, 'dist/cli.js');
    if (!fs.existsSync(cli)) assert.strictEqual(spawnSync(process.execPath, ['esbuild.js'], { cwd: root }).status, 0);
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'worked', HAND, ...args], { encoding: 'utf8' });
    const md = run('--iteration', '2');
    assert.strictEqual(md.status, 0, md.stderr);
    assert.strictEqual(md.stdout, workedExampleMarkdown(iterationOf(handSpec(), 2), { language: 'en' }));
    const html = run('--format', 'html', '--lang', 'ko');
    assert.strictEqual(html.status, 0, html.stderr);
    assert.match(html.stdout, /^<!DOCTYPE html>\n<html lang="ko">/);
    assert.match(html.stdout, /<h1>역전파 풀이 예: 2-2-2 by hand, 반복 1<\/h1>/);
    const bad = run('--format', 'pdf');
    assert.strictEqual(bad.status, 1);
    assert.match(bad.stderr, /--format must be markdown or html/);
  });

  test('a long equation is cut at its top-level = (and + ) signs only', () => {
    assert.deepStrictEqual(equalsPieces('u_{k} = \\frac{a = b}{c} = 1 = 2'), ['u_{k}', '= \\frac{a = b}{c}', '= 1', '= 2']);
    assert.deepStrictEqual(equalsPieces('\\{ x = 1 \\} = 3'), ['\\{ x', '= 1 \\}', '= 3']);
    // where a printed line may break: before the sums' + too, a batch's \left( … \right) made plain parentheses
    assert.deepStrictEqual(breakPieces('u = (a)(b) + (c - d) + \\frac{1 + x}{2} = \\left((e)(f) + (g)(h)\\right) = 1'), ['u', '= (a)(b)', '+ (c - d)', '+ \\frac{1 + x}{2}', '= ((e)(f)', '+ (g)(h))', '= 1']);
    assert.deepStrictEqual(equalsPieces('\\delta = (\\alpha = 0.01) = 2'), ['\\delta', '= (\\alpha = 0.01)', '= 2']);
  });

  test('the wire form keeps NaN and ±Infinity and refuses a wrong shape', () => {
    const it = iterationOf(handSpec(), 1);
    const odd = { ...it, E: NaN, layers: it.layers.map((l, x) => (x === 2 ? { ...l, u: [[Infinity, -Infinity]] } : l)) };
    const back = fromWire(JSON.parse(JSON.stringify(toWire(odd))));
    assert.ok(Number.isNaN(back.E));
    assert.deepStrictEqual(back.layers[2].u, [[Infinity, -Infinity]]);
    assert.deepStrictEqual(back.layers[1].wAfter, it.layers[1].wAfter);
    const bad = JSON.parse(JSON.stringify(toWire(it)));
    bad.layers[1].w = [[1]];
    assert.throws(() => fromWire(bad), /layers\[1\]\.w must have 2 rows/);
  });
});
