// "Export as NumPy": one self-contained Python 3 script (NumPy only) that trains a network exactly as
// the engine does — the same initial parameters, data, batch order, dropout masks, loss, reduction and
// update (any optimizer, weight decay) — and prints the headless trace's JSON Lines, so
// `python3 net.py --iterations N` equals `node dist/cli.js trace net.backprop.json --iterations N`.
// It reads like the notes: one function per phase (forward, loss, backward, update), the notes' names,
// every line of the backward pass beside its equation, no classes. Written for this network (its layers
// unrolled), not a general library. The phrases are in numpyPhrases.ts (activations, losses),
// numpyOptimizers.ts (updates) and numpyRandom.ts (the seeded draws). Pure over the engine (and
// jsonc-parser, to describe the file's data options); touches no files.

import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { ActivationName } from '../engine/activations';
import type { LayerSpec, NetworkSpec } from '../engine/spec';
import { optimizerConstants, optimizerFunction, optimizerRule, optimizerSlots, updateLine } from './numpyOptimizers';
import { activationCall, activationFormula, activationFunction, commented, deltaLine, derivativeUsesY, lossLines, outputDyLine, outputDyTerm } from './numpyPhrases';
import { DROPOUT_PYTHON, drawWeightsPython, isRedrawableSynthetic, RNG_PYTHON, SYNTHETIC_PYTHON } from './numpyRandom';
import { pythonFloat, pythonInt, writeNumpyArray, writeNumpyBase64 } from './pythonLiteral';

export interface NumpyExportOptions {
  /** the network file's name, for the script's header (default: the spec's file) */
  readonly networkFile?: string;
  /** the script's own name, for its usage lines (default: the network file's stem + .py) */
  readonly scriptName?: string;
  /** the network file's text, to describe its data options ("every", "standardize") in a comment */
  readonly fileText?: string;
}

/** The script, written to `write` in pieces (a large data set is many rows). Does not mutate the spec. */
export function writeNumpyScript(spec: NetworkSpec, write: (text: string) => void, options: NumpyExportOptions = {}): void {
  new ScriptWriter(spec, write, options).all();
}

/** The script as one string. */
export function numpyScript(spec: NetworkSpec, options: NumpyExportOptions = {}): string {
  const parts: string[] = [];
  writeNumpyScript(spec, (t) => parts.push(t), options);
  return parts.join('');
}

/** The script's name beside a network file: `xor.backprop.json` → `xor.py`. */
export function scriptNameFor(networkFile: string): string {
  const base = networkFile.split(/[\\/]/).pop() ?? networkFile;
  return base.replace(/\.backprop\.json$|\.json$/i, '') + '.py';
}

/** The notes' letters of a layer: the output layer is k with j before it, a hidden layer j with i before it. */
function letters(l: number, L: number): { self: string; prev: string } {
  return l === L ? { self: 'k', prev: 'j' } : { self: 'j', prev: 'i' };
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Data of more numbers than this is written as base64 of its bytes (a 784-input CSV of 250 rows is 196,000). */
const COMPACT_DATA = 200_000;

/** A section's title line, as wide as the code. */
function section(title: string): string {
  return `# --- ${title} ${'-'.repeat(100)}`.slice(0, 100);
}

/** Writes the script, section by section, in the order a student reads it. */
class ScriptWriter {
  private readonly L: number;
  private readonly layers: readonly LayerSpec[];
  private readonly mean: boolean;
  /** some layer's weights are drawn from the seed (not given in the file) */
  private readonly drawn: boolean;
  /** the data is the built-in synthetic set, drawn again by the script rather than written out */
  private readonly redrawData: boolean;
  /** some layer drops out neurons while training */
  private readonly dropout: boolean;
  /** the optimizer keeps state (momentum, adagrad, rmsprop, adam): the update takes it, the trace shows it */
  private readonly stateful: boolean;
  /** weight decay λ > 0 */
  private readonly decay: boolean;
  private readonly usesRng: boolean;
  /** the data is written out and large: as base64 of its bytes rather than as number literals */
  private readonly compactData: boolean;

  constructor(
    private readonly spec: NetworkSpec,
    private readonly write: (text: string) => void,
    private readonly options: NumpyExportOptions,
  ) {
    this.layers = spec.layers;
    this.L = spec.layers.length - 1;
    this.mean = spec.batch.reduction === 'mean';
    this.drawn = spec.layers.some((ls, l) => l > 0 && !ls.weights);
    this.redrawData = isRedrawableSynthetic(spec);
    this.dropout = spec.layers.some((ls) => ls.dropout > 0);
    this.stateful = optimizerSlots(spec.optimizer).length > 0;
    this.decay = spec.weightDecay !== 0;
    this.usesRng = this.drawn || spec.batch.shuffle || this.redrawData || this.dropout;
    this.compactData = !this.redrawData && spec.data.inputs.data.length + spec.data.targets.data.length > COMPACT_DATA;
  }

  private lines(...lines: string[]): void {
    for (const line of lines) this.write(line + '\n');
  }

  /** `, mask` where the passes take dropout's masks */
  private get withMask(): string {
    return this.dropout ? ', mask' : '';
  }

  all(): void {
    this.header();
    this.constants();
    this.activations();
    this.forward();
    this.loss();
    this.backward();
    this.update();
    this.train();
    this.initialParameters();
    if (this.stateful) this.initialState();
    if (this.usesRng) this.random();
    this.output();
    this.data();
    this.lines('', '', 'if __name__ == "__main__":', '    main()');
  }

  private header(): void {
    const file = this.options.networkFile ?? this.spec.file;
    const base = (file.split(/[\\/]/).pop() ?? file).replace(/"""/g, '');
    const script = this.options.scriptName ?? scriptNameFor(base);
    const name = this.spec.name.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
    this.lines(
      '#!/usr/bin/env python3',
      `"""${name}: backpropagation in NumPy, exported by Backprop Debugger from ${base}.`,
      '',
      'Trains the network exactly as the debugger does: the same initial weights, data, order of the',
      'samples, loss and update. The names are those of the notes:',
      '',
      '    u = Σ y w + b   the weighted input     y = f(u)        the output of a neuron',
      '    dy = ∂E/∂y      (∂y)                   delta = ∂E/∂u   (δ)',
      '    dw = ∂E/∂w      (∂w)                   db = ∂E/∂b      (∂b)',
      '',
      'u[l], y[l], dy[l], delta[l] hold one row per sample of the batch; w[l][j][k] is row j (a neuron of',
      'layer l - 1), column k (a neuron of layer l). Layer 0 is the inputs, layer L the output layer.',
      '',
      `    python3 ${script}                      the trace of every iteration (JSON Lines)`,
      `    python3 ${script} --iterations 10      iterations 1 to 10 only`,
      `    python3 ${script} --every 100          iteration 1, every 100th and the last`,
      '',
      "Each line of the trace is an iteration as `node dist/cli.js trace` writes it: the batch's samples,",
      'E, and per layer u, y, delta, dy, dw, db and the w, b that the forward pass used (before the update).',
      '"""',
      '',
      'import argparse',
      ...(this.compactData ? ['import base64'] : []),
      'import json',
      'import math',
      'import sys',
      '',
      'import numpy as np',
      '',
      '# NaN and ±Infinity are results to show (the trace names them), not errors to stop at',
      'np.seterr(all="ignore")',
      '',
    );
  }

  private constants(): void {
    const spec = this.spec;
    const sizes = this.layers.map((l) => l.size).join(', ');
    const acts = this.layers.map((l, i) => (i === 0 ? 'inputs' : l.activation)).join(', ');
    this.lines(
      '',
      section('the network'),
      '',
      // the loss, the reduction and the order are written into the code below, not switched by constants
      `# The loss is ${spec.loss === 'sum-of-squares' ? 'the sum of squares, E = ½ Σ_k (y_k − t_k)²' : 'cross-entropy, E = −Σ_k t_k log y_k'}; ∂w and ∂b are the ${this.mean ? 'mean' : 'sum'} over`,
      `# the batch's samples ("reduction": "${spec.batch.reduction}"), ${spec.batch.shuffle ? 'which come in a new order each epoch ("shuffle": true)' : 'which come in file order ("shuffle": false)'}.`,
      '',
      commented(`SIZES = [${sizes}]`, `neurons per layer (${acts})`),
      commented(`L = ${this.L}`, 'the output layer'),
      commented(`ETA = ${pythonFloat(spec.learningRate)}`, 'η, the learning rate'),
      ...optimizerConstants(spec.optimizer),
      commented(`BATCH_SIZE = ${spec.batch.size}`, 'samples per iteration (the last batch of an epoch may be short)'),
      commented(`EPOCHS = ${spec.epochs}`, 'passes over the data'),
    );
    if (this.decay) this.lines(commented(`WEIGHT_DECAY = ${pythonFloat(spec.weightDecay)}`, 'λ: the update uses ∂w + λw (weights only, not biases)'));
    if (this.dropout) {
      const p = this.layers.map((ls, l) => (l === 0 ? 'None' : pythonFloat(ls.dropout))).join(', ');
      this.lines(commented(`DROPOUT = [${p}]`, "p: the share of each layer's neurons dropped while training"));
    }
    if (this.usesRng) this.lines(commented(`SEED = ${pythonInt(spec.init.seed)}`, 'where the random numbers start ("init": { "seed" })'));
    if (this.drawn) this.lines(commented(`SCALE = ${pythonFloat(spec.init.scale)}`, `the spread of the initial weights ("${spec.init.distribution}")`));
  }

  private activations(): void {
    const used: ActivationName[] = [];
    this.layers.forEach((ls, l) => {
      if (l > 0 && !used.includes(ls.activation)) used.push(ls.activation);
    });
    this.lines('', '', section('the activation functions f'));
    for (const name of used) this.lines('', ...activationFunction(name));
  }

  private forward(): void {
    this.lines(
      '',
      '',
      section('one iteration: forward, loss, backward, update'),
      '',
      `def forward(x, w, b${this.withMask}):`,
      "    \"\"\"The forward pass, layer by layer: u = Σ y w + b, then y = f(u). y[0] is the batch's inputs.\"\"\"",
      '    u = [None] * (L + 1)',
      '    y = [x] + [None] * L',
    );
    for (let l = 1; l <= this.L; l++) {
      const ls = this.layers[l];
      const { self: k, prev: j } = letters(l, this.L);
      const f = activationCall(ls.activation, `u[${l}]`, ls.alpha);
      this.lines(
        `    # layer ${l}${l === this.L ? ' (output)' : ''}: ${ls.activation}${ls.activation === 'leaky-relu' ? `, α = ${pythonFloat(ls.alpha)}` : ''}`,
        commented(`    u[${l}] = np.dot(y[${l - 1}], w[${l}]) + b[${l}]`, `u_${k} = Σ_${j} y_${j} w_${j}${k} + b_${k}`),
      );
      if (ls.dropout > 0) {
        this.lines(commented(`    y[${l}] = ${f} * (mask[${l}] * (1 / (1 - DROPOUT[${l}])))`, `y_${k} = f(u_${k}) · mask_${k} / (1 − p): dropout, p = ${pythonFloat(ls.dropout)}`));
      } else this.lines(commented(`    y[${l}] = ${f}`, activationFormula(ls.activation, k)));
    }
    this.lines('    return u, y');
  }

  private loss(): void {
    const spec = this.spec;
    const output = this.layers[this.L].activation;
    this.lines(
      '',
      '',
      'def loss(u, y, t):',
      `    """E of the batch: the ${this.mean ? 'mean' : 'sum'} of the samples' E (t: the targets, one row per sample)."""`,
      ...lossLines(spec.loss, output, this.L),
      this.mean ? commented('    return E / len(t)', "the mean over the batch's n samples") : '    return E',
    );
  }

  private backward(): void {
    const spec = this.spec;
    const L = this.L;
    const per = this.mean ? ' / n' : '';
    const sum = this.mean ? '(1/n) Σ_s' : 'Σ_s';
    this.lines(
      '',
      '',
      `def backward(u, y, t, w${this.withMask}):`,
      '    """The backward pass, from the output layer down: ∂y, δ, ∂w and ∂b of every layer."""',
      ...(this.mean ? [commented('    n = len(t)', 'samples in the batch: ∂w and ∂b are their mean')] : []),
      '    dy, delta, dw, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)',
    );
    for (let l = L; l >= 1; l--) {
      const ls = this.layers[l];
      const { self: k, prev: j } = letters(l, L);
      if (l === L) {
        this.lines(`    # layer ${l} (output): ${ls.activation}, ${spec.loss}`, outputDyLine(spec.loss, L));
        if (spec.loss === 'cross-entropy' && ls.activation === 'softmax') this.lines(commented(`    delta[${L}] = y[${L}] - t`, 'δ_k = y_k − t_k (softmax with cross-entropy)'));
        else this.lines(deltaLine(ls.activation, l, k, ls.alpha, { dyTerm: outputDyTerm(spec.loss, k) }));
      } else {
        const alpha = ls.activation === 'leaky-relu' ? `, α = ${pythonFloat(ls.alpha)}` : '';
        this.lines(
          `    # layer ${l} (hidden): ${ls.activation}${alpha}${ls.dropout > 0 ? `, dropout p = ${pythonFloat(ls.dropout)}` : ''}`,
          commented(`    dy[${l}] = np.dot(delta[${l + 1}], w[${l + 1}].T)`, `∂y_${k} = Σ_r δ_r w_${k}r (r: the neurons of layer ${l + 1})`),
        );
        if (ls.dropout > 0) {
          // the engine's order: ∂y scaled through the mask first, then f'(u) from the undropped f(u)
          this.lines(
            commented(`    delta[${l}] = dy[${l}] * (mask[${l}] * (1 / (1 - DROPOUT[${l}])))`, `∂E/∂f_${k} = ∂y_${k} · mask_${k} / (1 − p): back through the dropout`),
          );
          if (derivativeUsesY(ls.activation)) this.lines(commented(`    f = ${activationCall(ls.activation, `u[${l}]`, ls.alpha)}`, `f_${k} = f(u_${k}), the output before the dropout`));
          this.lines(deltaLine(ls.activation, l, k, ls.alpha, { dyTerm: `∂E/∂f_${k} `, dySymbol: '∂E/∂f', dyCode: `delta[${l}]`, yCode: 'f', ySymbol: 'f' }));
        } else this.lines(deltaLine(ls.activation, l, k, ls.alpha, { dyTerm: `∂y_${k} ` }));
      }
      this.lines(
        commented(`    dw[${l}] = np.dot(y[${l - 1}].T, delta[${l}])${per}`, `∂w_${j}${k} = ${sum} y_${j} δ_${k}`),
        commented(`    db[${l}] = np.sum(delta[${l}], axis=0)${per}`, `∂b_${k} = ${sum} δ_${k}`),
      );
    }
    this.lines('    return dy, delta, dw, db');
  }

  private update(): void {
    const optimizer = this.spec.optimizer;
    const fn = optimizerFunction(optimizer);
    if (fn.length) this.lines('', '', ...fn);
    const rule = `${optimizerRule(optimizer)} in every layer${this.decay ? ', the weights with ∂w + λw (weight decay)' : ''}`;
    const changes = `changes w, b${this.stateful ? ' and the state' : ''} in place`;
    const t = optimizer.name === 'adam' ? ' t: the updates done, this one included.' : '';
    this.lines('', '', `def update(w, b, dw, db${this.stateful ? ', state, t' : ''}):`, `    """${rule}; ${changes}.${t}"""`);
    let any = false;
    for (let l = 1; l <= this.L; l++) {
      const ls = this.layers[l];
      const { self: k, prev: j } = letters(l, this.L);
      if (ls.trainWeights) this.lines(updateLine(optimizer, 'w', l, this.decay ? `dw[${l}] + WEIGHT_DECAY * w[${l}]` : `dw[${l}]`, `${j}${k}`, this.decay));
      else this.lines(`    # w[${l}] is frozen ("trainWeights": false): it keeps its values`);
      if (ls.trainBiases) this.lines(updateLine(optimizer, 'b', l, `db[${l}]`, k, false));
      else this.lines(`    # b[${l}] is frozen ("trainBiases": false): it keeps its values`);
      any ||= ls.trainWeights || ls.trainBiases;
    }
    if (!any) this.lines('    pass');
  }

  private train(): void {
    const shuffle = this.spec.batch.shuffle;
    this.lines(
      '',
      '',
      section('training'),
      '',
      'def train(iterations, every):',
      '    """Trains batch by batch as the debugger does; writes the trace of iteration 1, every `every`-th and',
      '    the last (of all, or of the first `iterations`)."""',
      '    w, b = initial_parameters()',
    );
    if (this.stateful) this.lines(commented('    state = initial_state(w, b)', "the optimizer's state of each w and b"));
    this.lines(
      commented('    N = len(X)', 'samples in the data'),
      commented('    batches = math.ceil(N / BATCH_SIZE)', 'iterations per epoch (the last batch may be short)'),
      '    last = min(iterations or batches * EPOCHS, batches * EPOCHS)',
    );
    if (!shuffle) this.lines(commented('    order = np.arange(N)', 'no shuffling: the samples in file order'));
    this.lines('    for iteration in range(1, last + 1):', '        epoch = (iteration - 1) // batches + 1', '        first = (iteration - 1) % batches * BATCH_SIZE');
    if (shuffle) this.lines('        if first == 0:', commented('            order = permutation(N, rng_of(mix_seed(SEED, 0x5EED, epoch)))', "this epoch's order of the samples"));
    this.lines(commented('        samples = order[first:first + BATCH_SIZE]', "the batch's samples"), commented('        x, t = X[samples], T[samples]', 'their inputs and targets, one row per sample'));
    if (this.dropout) this.lines(commented('        mask = dropout_masks(iteration, len(samples))', 'the neurons dropout keeps this iteration'));
    this.lines(
      `        u, y = forward(x, w, b${this.withMask})`,
      '        E = loss(u, y, t)',
      `        dy, delta, dw, db = backward(u, y, t, w${this.withMask})`,
      '        recorded = iteration == 1 or iteration % every == 0 or iteration == last',
      '        if recorded:',
      commented(`            record = trace_record(iteration, epoch, samples, E, u, y, dy, delta, dw, db, w, b${this.withMask})`, 'before the update'),
      this.stateful ? commented('        update(w, b, dw, db, state, iteration)', 't = iteration: the updates done, this one included') : '        update(w, b, dw, db)',
      '        if recorded:',
    );
    if (this.stateful) this.lines(commented('            add_state(record, state)', "the optimizer's state after the update"));
    this.lines(
      '            write_record(record)',
      '',
      '',
      'def main():',
      '    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])',
      '    parser.add_argument("--iterations", type=whole_number, help="train this many iterations (default: every epoch)")',
      '    parser.add_argument("--every", type=whole_number, default=1, help="write iteration 1, every K-th and the last")',
      '    args = parser.parse_args()',
      '    train(args.iterations, args.every)',
      '',
      '',
      'def whole_number(text):',
      '    n = int(text)',
      '    if n < 1:',
      '        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text}")',
      '    return n',
    );
  }

  private initialParameters(): void {
    const spec = this.spec;
    this.lines(
      '',
      '',
      section('the initial parameters'),
      '',
      'def initial_parameters():',
      '    """w[l] and b[l] of every layer l ≥ 1 as the debugger starts: given in the network file, or drawn."""',
      commented('    w = [None] * (L + 1)', 'w[l][j][k]: row j = neuron of layer l − 1, column k = neuron of layer l'),
      '    b = [None] * (L + 1)',
    );
    for (let l = 1; l <= this.L; l++) {
      const ls = spec.layers[l];
      const fanIn = spec.layers[l - 1].size;
      if (ls.weights) {
        this.write(`    w[${l}] = `);
        writeNumpyArray(this.write, ls.weights.flat(), fanIn, ls.size, '    ');
        this.lines('  # given in the network file');
      } else {
        this.lines(commented(`    w[${l}] = draw_weights(${l}, ${fanIn}, ${ls.size})`, `drawn: "${spec.init.distribution}", seed ${pythonInt(spec.init.seed)}`));
      }
      if (ls.biases) {
        this.write(`    b[${l}] = `);
        writeNumpyArray(this.write, ls.biases, undefined, ls.size, '    ');
        this.lines('  # given in the network file');
      } else this.lines(commented(`    b[${l}] = np.zeros(${ls.size})`, 'biases start at 0'));
    }
    this.lines('    return w, b');
  }

  private initialState(): void {
    const slots = optimizerSlots(this.spec.optimizer);
    const zeros = (p: string): string => `{${slots.map((slot) => `"${slot}": np.zeros_like(${p})`).join(', ')}}`;
    this.lines(
      '',
      '',
      'def initial_state(w, b):',
      `    """The optimizer's state of each trainable w and b (${slots.join(', ')}): zeros at first; a frozen one keeps none."""`,
      '    state = [None] + [{} for l in range(L)]',
    );
    for (let l = 1; l <= this.L; l++) {
      const ls = this.layers[l];
      if (ls.trainWeights) this.lines(`    state[${l}]["w"] = ${zeros(`w[${l}]`)}`);
      if (ls.trainBiases) this.lines(`    state[${l}]["b"] = ${zeros(`b[${l}]`)}`);
    }
    this.lines('    return state');
  }

  private random(): void {
    this.lines(
      '',
      '',
      section("the debugger's random numbers"),
      '# Its seeded generator (mulberry32) in Python integers, so that this script draws the very numbers the',
      '# debugger draws: the same seed gives the same initial weights, order of the samples and dropout masks.',
      '',
      RNG_PYTHON.trimEnd(),
    );
    if (this.drawn) this.lines('', '', drawWeightsPython(this.spec.init.distribution).trimEnd());
    if (this.dropout) this.lines('', '', DROPOUT_PYTHON.trimEnd());
    if (this.redrawData) this.lines('', '', SYNTHETIC_PYTHON.trimEnd());
  }

  private output(): void {
    this.lines(
      '',
      '',
      section('the trace'),
      '',
      'def json_numbers(a):',
      '    """An array (or a number) as JSON-ready lists; NaN and ±Infinity become the strings "NaN", "Infinity" and',
      "    \"-Infinity\" (JSON has no such numbers), as in the debugger's trace.\"\"\"",
      '    a = np.asarray(a, dtype=float)',
      '    if np.all(np.isfinite(a)):',
      '        return a.tolist()',
      '    out = a.astype(object)',
      '    out[np.isnan(a)] = "NaN"',
      '    out[a == np.inf] = "Infinity"',
      '    out[a == -np.inf] = "-Infinity"',
      '    return out.tolist()',
      '',
      '',
      `def trace_record(iteration, epoch, samples, E, u, y, dy, delta, dw, db, w, b${this.withMask}):`,
      '    """One line of the trace as `node dist/cli.js trace` writes it (the numbers copied: take it before the update)."""',
      '    layers = [{"y": json_numbers(y[0])}]',
      '    for l in range(1, L + 1):',
      '        layers.append({"u": json_numbers(u[l]), "y": json_numbers(y[l]), "delta": json_numbers(delta[l]),',
      '                       "dy": json_numbers(dy[l]), "dw": json_numbers(dw[l]), "db": json_numbers(db[l]),',
      '                       "w": json_numbers(w[l]), "b": json_numbers(b[l])})',
    );
    if (this.dropout) this.lines('        if mask[l] is not None:', '            layers[l]["mask"] = json_numbers(mask[l])');
    this.lines('    record = {"iteration": iteration, "epoch": epoch, "samples": [int(s) for s in samples], "loss": json_numbers(E)}');
    if (this.stateful) this.lines(commented('    record["t"] = iteration', "the updates done after this iteration's"));
    this.lines('    record["layers"] = layers', '    return record');
    if (this.stateful) {
      const slots = optimizerSlots(this.spec.optimizer)
        .map((x) => `"${x}"`)
        .join(', ');
      this.lines(
        '',
        '',
        'def add_state(record, state):',
        "    \"\"\"The optimizer's state after the update, per layer and slot: {\"w\": …, \"b\": …} (a frozen tensor left out).\"\"\"",
        '    for l in range(1, L + 1):',
        `        for slot in (${slots},):`,
        '            tensors = {p: json_numbers(state[l][p][slot]) for p in ("w", "b") if p in state[l]}',
        '            if tensors:',
        '                record["layers"][l][slot] = tensors',
      );
    }
    this.lines('', '', 'def write_record(record):', '    sys.stdout.write(json.dumps(record, separators=(",", ":")) + "\\n")');
  }

  private data(): void {
    const { inputs, targets } = this.spec.data;
    this.lines('', '', section('the training data'));
    if (this.redrawData) {
      this.lines(
        `# The built-in synthetic data set, ${inputs.rows} samples drawn from the seed: X the inputs, T the targets t,`,
        '# one row per sample.',
        '',
        `X, T = synthetic_data(${inputs.rows}, ${inputs.cols}, ${targets.cols})`,
      );
      return;
    }
    this.lines(`# ${this.dataDescription()}, ${inputs.rows} samples as the debugger uses them:`, '# X the inputs, T the targets t, one row per sample.');
    if (this.compactData) {
      // base64 of the float64 bytes: Python compiles a literal of millions of numbers for minutes
      this.lines(`# (${(inputs.data.length + targets.data.length).toLocaleString('en-US')} numbers: written as the bytes of their float64 values, exact.)`, '');
      this.write('X = ');
      writeNumpyBase64(this.write, inputs.data, inputs.rows, inputs.cols);
      this.write('\n\nT = ');
      writeNumpyBase64(this.write, targets.data, targets.rows, targets.cols);
      this.write('\n');
      return;
    }
    this.write('\nX = ');
    writeNumpyArray(this.write, inputs.data, inputs.rows, inputs.cols, '');
    this.write('\n\nT = ');
    writeNumpyArray(this.write, targets.data, targets.rows, targets.cols, '');
    this.write('\n');
  }

  /** Where the data came from, with the selection and standardisation the file asks for. */
  private dataDescription(): string {
    const source = this.spec.data.source;
    let text =
      source === 'inline'
        ? 'From the network file'
        : source.startsWith('built-in ')
          ? `The built-in "${source.slice('built-in '.length)}" data set`
          : source.startsWith('synthetic')
            ? 'The built-in synthetic data set'
            : `From ${source}`;
    const node = this.dataNode();
    const value = (key: string): unknown => (node && node.type === 'object' ? findNodeAtLocation(node, [key])?.value : undefined);
    const every = value('every');
    const offset = value('offset');
    if (typeof every === 'number' && every > 1) text += `, every ${ordinal(every)} row${typeof offset === 'number' && offset > 0 ? ` from row ${offset}` : ''}`;
    const standardize = value('standardize');
    if (standardize === true || (standardize === undefined && source === 'built-in iris')) text += ', each input standardised ((x − mean) / standard deviation)';
    return text;
  }

  private dataNode(): Node | undefined {
    if (this.options.fileText === undefined) return undefined;
    const root = parseTree(this.options.fileText, [], { allowTrailingComma: true, disallowComments: false });
    return root && findNodeAtLocation(root, ['data']);
  }
}
