// The worked example: one iteration as a handout, every equation of the notes with its numbers put in,
// layer by layer in the order computed — forward (u, y per layer), the error E, backward from the output
// layer down (∂y, δ, ∂w, ∂b), the update. The TeX of each line comes from the inspector's own builder
// (webview/equations.ts), so handout and inspector write the same equations; this module only orders
// them, and writes them as Markdown with LaTeX ($…$, $$…$$: VS Code's preview and GitHub render it).
// The HTML page is workedExampleHtml.ts's. Pure; imports the engine, the equations builder and its types.

import type { LayerView, Mat, StateView } from '../protocol/stateView';
import { equations, letters, type Equation, type Selection } from '../../webview/equations';
import { tex } from '../../webview/format';
import type { WorkedIteration } from './workedIteration';
import { workedWords } from './workedExampleWords';

/** One line of the handout: TeX, and a short note in words. */
export interface HandoutLine {
  readonly tex: string;
  readonly note?: string;
}

/** A group of lines under a small heading (a neuron, a sample). */
export interface HandoutBlock {
  readonly heading?: string;
  readonly lines: readonly HandoutLine[];
  /** a remark in words after the lines (what was left out) */
  readonly remark?: string;
}

export interface HandoutLayer {
  readonly heading: string;
  readonly blocks: readonly HandoutBlock[];
}

export interface HandoutSection {
  readonly heading: string;
  readonly layers: readonly HandoutLayer[];
}

export interface Handout {
  readonly lang: 'en' | 'ko';
  readonly title: string;
  readonly intro: string;
  /** label and value: TeX, or plain text (names, words) */
  readonly facts: readonly { readonly label: string; readonly tex?: string; readonly text?: string }[];
  readonly notation: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };
  readonly sections: readonly HandoutSection[];
  readonly footer: string;
}

export interface WorkedOptions {
  /** VS Code's language: "ko…" writes Korean, anything else English */
  readonly language: string;
  /** significant digits of every number (default 9: the published worked example's) */
  readonly digits?: number;
  /** neurons written out per layer, samples per batch (default 8 and 2): a handout is for small networks */
  readonly maxNeurons?: number;
  readonly maxSamples?: number;
}

const mat = (rows: number[][] | undefined): Mat | undefined => {
  if (!rows) return undefined;
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const data = new Float64Array(r * c);
  rows.forEach((row, i) => data.set(row, i * c));
  return { rows: r, cols: c, data };
};

/** The iteration as the builder reads a stop: the backward pass done, the update not yet (w, b as the forward pass used them). */
export function stateOf(it: WorkedIteration): StateView {
  const layers: LayerView[] = it.layers.map((l, index) => ({
    index,
    size: l.size,
    activation: l.activation,
    alpha: l.alpha,
    trainWeights: l.trainWeights,
    trainBiases: l.trainBiases,
    q: index === 0 ? { y: mat(l.y) } : { u: mat(l.u), y: mat(l.y), dy: mat(l.dy), delta: mat(l.delta), w: mat(l.w), dw: mat(l.dw), b: mat(l.b && [l.b]), db: mat(l.db && [l.db]) },
  }));
  const n = it.samples.length;
  return {
    name: it.name,
    loss: it.loss,
    reduction: it.reduction,
    iteration: it.iteration,
    epoch: it.epoch,
    totalIterations: it.iteration,
    position: 0,
    stops: [],
    stop: { phase: 'backward', layer: 1 },
    eta: it.eta,
    lossValue: it.E,
    n,
    samples: it.samples,
    targets: mat(it.targets) as Mat,
    layers,
    recordedLosses: 0,
    finished: false,
    forming: null,
    shape: { samples: n, batchSize: n, reduction: it.reduction },
  };
}

/** The first `max` of 0 … count − 1. */
const first = (count: number, max: number): number[] => Array.from({ length: Math.min(count, max) }, (_, x) => x);

/** Builds the handout of one iteration. Pure. */
export function workedExample(it: WorkedIteration, options: WorkedOptions): Handout {
  const w = workedWords(options.language);
  const lang = /^ko\b/i.test(options.language) ? 'ko' : 'en';
  const d = options.digits ?? 9;
  const maxNeurons = options.maxNeurons ?? 8;
  const maxSamples = options.maxSamples ?? 2;
  const state = stateOf(it);
  const L = it.layers.length - 1;
  const n = it.samples.length;
  const builderWords = { frozen: w.frozen, beforeUpdate: '', afterUpdate: '', perSample: '', dwHint: '' };
  const eq = (sel: Selection, s = 0): Equation[] => equations(state, sel, s, d, builderWords);
  const line = (e: Equation): HandoutLine => ({ tex: e.tex, note: e.note || undefined });
  const kind = (l: number): string => (l === 0 ? w.input : l === L ? w.output : w.hidden);
  const layerHeading = (l: number): string => `${w.layer} ${l} (${kind(l)}, ${letters(l, L).self})`;
  const sampleLabel = (s: number): string => `${w.sample} s = ${it.samples[s]}`;
  const neuronLabel = (l: number, k: number): string => `${w.neuron} ${letters(l, L).self} = ${k}`;
  const moreNeurons = (size: number): string | undefined => (size > maxNeurons ? w.more(size - maxNeurons, w.neurons) : undefined);
  const samples = first(n, maxSamples);
  const moreSamples = n > maxSamples ? w.more(n - maxSamples, w.samples) : undefined;

  // 1. forward: the inputs, then u and y of every neuron of each layer (per sample)
  const forward: HandoutLayer[] = [];
  forward.push({
    heading: `${w.inputs} (${letters(0, L).self})`,
    blocks: samples.map((s) => ({
      heading: n > 1 ? sampleLabel(s) : undefined,
      lines: first(it.layers[0].size, maxNeurons).map((i) => ({ tex: `y_{${i}} = x_{${i}} = ${tex(it.layers[0].y[s][i], d)}` })),
      remark: moreNeurons(it.layers[0].size),
    })),
  });
  for (let l = 1; l <= L; l++) {
    const size = it.layers[l].size;
    const blocks: HandoutBlock[] = [];
    for (const s of samples) {
      for (const k of first(size, maxNeurons)) {
        const lines = eq({ kind: 'neuron', layer: l, k }, s).filter((e) => e.quantity === 'u' || e.quantity === 'y').map(line);
        blocks.push({ heading: n > 1 ? `${sampleLabel(s)}, ${neuronLabel(l, k)}` : neuronLabel(l, k), lines, remark: k === Math.min(size, maxNeurons) - 1 ? moreNeurons(size) : undefined });
      }
    }
    const dropout = it.layers[l].dropout ?? 0;
    const notes = [dropout > 0 ? w.dropout(dropout) : undefined, moreSamples].filter((x): x is string => x !== undefined);
    forward.push({ heading: layerHeading(l), blocks: notes.length ? [...blocks, { lines: [], remark: notes.join('; ') }] : blocks });
  }

  // 2. E, once (the builder writes it with the output layer)
  const loss = eq({ kind: 'neuron', layer: L, k: 0 }, 0).filter((e) => e.quantity === 'E').map(line);

  // 3. backward, output layer first: per neuron ∂y and δ (per sample), then ∂w of its incoming weights and ∂b
  const backward: HandoutLayer[] = [];
  for (let l = L; l >= 1; l--) {
    const size = it.layers[l].size;
    const fanIn = it.layers[l - 1].size;
    const { prev } = letters(l, L);
    const blocks: HandoutBlock[] = [];
    for (const k of first(size, maxNeurons)) {
      const lines: HandoutLine[] = [];
      for (const s of samples) {
        const perSample = eq({ kind: 'neuron', layer: l, k }, s).filter((e) => e.quantity === 'dy' || e.quantity === 'delta');
        // in a batch, each sample's line starts with its s (the data index)
        lines.push(...perSample.map((e) => ({ tex: n > 1 ? `s = ${it.samples[s]}:\\quad ${e.tex}` : e.tex })));
      }
      for (const j of first(fanIn, maxNeurons)) {
        const dw = eq({ kind: 'weight', layer: l, j, k }).find((e) => e.quantity === 'dw');
        if (dw) lines.push({ tex: `${prev} = ${j}:\\quad ${dw.tex}` });
      }
      lines.push(...eq({ kind: 'neuron', layer: l, k }, 0).filter((e) => e.quantity === 'db').map(line));
      const remarks = [moreSamples, fanIn > maxNeurons ? w.more(fanIn - maxNeurons, w.weights) : undefined, k === Math.min(size, maxNeurons) - 1 ? moreNeurons(size) : undefined].filter(Boolean);
      blocks.push({ heading: neuronLabel(l, k), lines, remark: remarks.length ? remarks.join('; ') : undefined });
    }
    backward.push({ heading: layerHeading(l), blocks });
  }

  // 4. the update of every weight and bias: w ← w − η∂w (the builder's line) for plain gradient descent,
  // else (another optimizer, weight decay on the weights) the result as the engine computed it
  const update: HandoutLayer[] = [];
  const plainWeights = it.optimizer === 'sgd' && it.weightDecay === 0;
  const rule = it.optimizer === 'sgd' ? 'sgd + weight decay' : it.optimizer;
  for (let l = 1; l <= L; l++) {
    const layer = it.layers[l];
    const { self, prev } = letters(l, L);
    const blocks: HandoutBlock[] = [];
    for (const k of first(layer.size, maxNeurons)) {
      const lines: HandoutLine[] = [];
      for (const j of first(it.layers[l - 1].size, maxNeurons)) {
        const label = `${prev} = ${j}:\\quad `;
        if (!layer.trainWeights) lines.push({ tex: `${label}w_{${prev}${self}} = ${tex(layer.w?.[j][k] ?? NaN, d)}`, note: w.frozen });
        else if (plainWeights) {
          const upd = eq({ kind: 'weight', layer: l, j, k }).find((e) => e.quantity === 'w' && e.tex.includes('\\leftarrow'));
          if (upd) lines.push({ tex: label + upd.tex });
        } else lines.push({ tex: `${label}w_{${prev}${self}} \\leftarrow ${tex(layer.wAfter?.[j][k] ?? NaN, d)}`, note: w.byOptimizer(rule) });
      }
      if (!layer.trainBiases || it.optimizer === 'sgd') lines.push(...eq({ kind: 'neuron', layer: l, k }, 0).filter((e) => e.quantity === 'b').map(line));
      else lines.push({ tex: `b_{${self}} \\leftarrow ${tex(layer.bAfter?.[k] ?? NaN, d)}`, note: w.byOptimizer(it.optimizer) });
      blocks.push({ heading: neuronLabel(l, k), lines, remark: k === Math.min(layer.size, maxNeurons) - 1 ? moreNeurons(layer.size) : undefined });
    }
    update.push({ heading: layerHeading(l), blocks });
  }

  const facts: { label: string; tex?: string; text?: string }[] = [
    { label: w.network, text: it.name },
    { label: w.iteration, tex: `t = ${it.iteration}` },
    { label: w.epoch, tex: String(it.epoch) },
    // \lbrace and \quad, not \{ and "\ ": GitHub applies Markdown's backslash escapes inside inline $…$
    { label: w.batch, tex: `s \\in \\lbrace ${it.samples.slice(0, 16).join(', ')}${it.samples.length > 16 ? ', \\ldots' : ''} \\rbrace,\\quad B = ${n}` },
    { label: w.learningRate, tex: `\\eta = ${tex(it.eta, d)}` },
    { label: w.lossFunction, text: it.loss === 'sum-of-squares' ? w.sumOfSquares : w.crossEntropy },
  ];
  if (n > 1) facts.push({ label: w.reduction, text: it.reduction === 'mean' ? w.reductionMean : w.reductionSum });
  return {
    lang,
    title: w.title(it.name, it.iteration),
    intro: w.generated,
    facts,
    notation: {
      header: [w.layerCol, w.indexCol, w.neuronsCol],
      rows: [
        [w.input, 'i', 'l'],
        [w.hidden, 'j', 'm'],
        [w.output, 'k', 'n'],
      ],
    },
    sections: [
      { heading: `1. ${w.forward}`, layers: forward },
      { heading: `2. ${w.loss}`, layers: [{ heading: '', blocks: [{ lines: loss }] }] },
      { heading: `3. ${w.backward}`, layers: backward },
      { heading: `4. ${w.update}`, layers: update },
    ],
    footer: w.footer,
  };
}

/** Markdown text: characters Markdown would read as markup escaped. */
function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|$]/g, (c) => `\\${c}`);
}

/** The handout as Markdown with LaTeX: $…$ inline, each equation a $$…$$ block of its own. */
export function handoutMarkdown(h: Handout): string {
  const out: string[] = [];
  out.push(`# ${mdText(h.title)}`, '', mdText(h.intro), '');
  for (const f of h.facts) out.push(`- ${mdText(f.label)}: ${f.tex !== undefined ? `$${f.tex}$` : mdText(f.text ?? '')}`);
  out.push('', `| ${h.notation.header.map(mdText).join(' | ')} |`, `|${h.notation.header.map(() => '---').join('|')}|`);
  for (const r of h.notation.rows) out.push(`| ${mdText(r[0])} | $${r[1]}$ | $${r[2]}$ |`);
  out.push('');
  for (const section of h.sections) {
    out.push(`## ${mdText(section.heading)}`, '');
    for (const layer of section.layers) {
      if (layer.heading) out.push(`### ${mdText(layer.heading)}`, '');
      for (const block of layer.blocks) {
        if (block.heading) out.push(`**${mdText(block.heading)}**`, '');
        for (const l of block.lines) {
          out.push('$$', l.tex, '$$', '');
          if (l.note) out.push(`*${mdText(l.note)}*`, '');
        }
        if (block.remark) out.push(`*${mdText(block.remark)}*`, '');
      }
    }
  }
  out.push('---', '', mdText(h.footer), '');
  return out.join('\n');
}

/** The worked example of one iteration as Markdown. Pure. */
export function workedExampleMarkdown(it: WorkedIteration, options: WorkedOptions): string {
  return handoutMarkdown(workedExample(it, options));
}
