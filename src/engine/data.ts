// The training data of a network file: inline rows, a CSV file beside it, a built-in data set
// (xor, sin, iris, circle, spiral) or seeded synthetic samples of the network's shape.
// Errors are reported at the place they were made (the network file, or the CSV's line and column).
// Imports nothing outside the engine but jsonc-parser's types.

import type { Node } from 'jsonc-parser';
import { IRIS_ROWS } from './data/iris';
import { csvBytes, isProblem, readColumnsOnce, readHeaderOnce } from './data/csv';
import { fromRows, matrix, type Matrix } from './matrix';
import { messages } from './messages';
import { checkFields, finiteNumber, numberMatrix, positiveInteger, property, quote } from './source';
import type { SourceFile } from './source';
import { createRng, mixSeed } from './rng';
import { LIMITS, type Dataset } from './spec';

export interface DataContext {
  readonly src: SourceFile;
  readonly readFile?: (relativePath: string) => string | Uint8Array;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly seed: number;
  readonly batchSize: number;
}

export const BUILTIN_DATASETS = ['xor', 'sin', 'iris', 'circle', 'spiral', 'synthetic'] as const;
export type BuiltinName = (typeof BUILTIN_DATASETS)[number];

/** Samples before the optional selection and standardisation; labels for classification sets. */
interface RawData {
  inputs: Matrix;
  targets?: Matrix;
  labels?: ArrayLike<number>;
  classes?: number;
  source: string;
}

/** The same, as nested rows (inline data and the small built-in sets). */
interface RawRows {
  inputs: number[][];
  targets?: number[][];
  labels?: number[];
  classes?: number;
  source: string;
}

function flat(raw: RawRows | undefined, width: number): RawData | undefined {
  if (!raw) return undefined;
  const inputs = raw.inputs.length ? fromRows(raw.inputs) : matrix(0, width);
  return { ...raw, inputs, targets: raw.targets && fromRows(raw.targets) };
}

const COMMON_FIELDS = ['every', 'offset', 'standardize'];

export function loadData(ctx: DataContext, node: Node): Dataset | undefined {
  const { src } = ctx;
  let raw: RawData | undefined;
  if (node.type === 'string') raw = builtin(ctx, node, node.value as string, undefined);
  else if (node.type !== 'object') {
    src.at(node, messages().dataMustBe);
    return undefined;
  } else if (property(node, 'csv')) {
    checkFields(src, node, ['csv', 'inputColumns', 'targetColumns', 'oneHot', 'header', ...COMMON_FIELDS], '"data"');
    raw = csv(ctx, node);
  } else if (property(node, 'builtin')) {
    checkFields(src, node, ['builtin', 'samples', 'noise', ...COMMON_FIELDS], '"data"');
    const nameNode = property(node, 'builtin')!;
    raw = builtin(ctx, nameNode, nameNode.value as string, node);
  } else {
    checkFields(src, node, ['inputs', 'targets', ...COMMON_FIELDS], '"data"');
    raw = flat(inline(ctx, node), ctx.inputSize);
  }
  if (!raw || src.errors.length) return undefined;
  const options = node.type === 'object' ? node : undefined;
  return finish(ctx, node, raw, options);
}

function inline(ctx: DataContext, node: Node): RawRows | undefined {
  const { src } = ctx;
  const inputsNode = property(node, 'inputs');
  const targetsNode = property(node, 'targets');
  if (!inputsNode || !targetsNode) {
    src.at(node, messages().dataNeedsBoth);
    return undefined;
  }
  const inputs = numberMatrix(src, inputsNode, '"data.inputs"', undefined, ctx.inputSize);
  const targets = numberMatrix(src, targetsNode, '"data.targets"', undefined, ctx.outputSize);
  if (!inputs || !targets) return undefined;
  if (inputs.length !== targets.length) {
    src.at(targetsNode, messages().targetRows(targets.length, inputs.length));
    return undefined;
  }
  return { inputs, targets, source: 'inline' };
}

function builtin(ctx: DataContext, at: Node, name: string, options: Node | undefined): RawData | undefined {
  if (name === 'synthetic') return synthetic(ctx, at, options);
  return flat(smallBuiltin(ctx, at, name, options), ctx.inputSize);
}

function smallBuiltin(ctx: DataContext, at: Node, name: string, options: Node | undefined): RawRows | undefined {
  const { src } = ctx;
  if (!(BUILTIN_DATASETS as readonly string[]).includes(name)) {
    src.at(at, messages().unknownDataset(quote(name), BUILTIN_DATASETS.map((b) => `"${b}"`).join(', ')));
    return undefined;
  }
  const samplesNode = options && property(options, 'samples');
  let samples: number | undefined;
  if (samplesNode) samples = positiveInteger(src, samplesNode, '"data.samples"', LIMITS.samples);
  if (src.errors.length) return undefined;
  const noiseNode = options && property(options, 'noise');
  const noise = noiseNode ? finiteNumber(src, noiseNode, '"data.noise"') ?? 0 : 0;
  const rng = createRng(mixSeed(ctx.seed, 0xda7a));
  const needInputs = (n: number): boolean => {
    if (ctx.inputSize === n) return true;
    src.at(at, messages().builtinInputs(name, n, ctx.inputSize));
    return false;
  };
  switch (name as BuiltinName) {
    case 'xor':
      if (!needInputs(2)) return undefined;
      return { inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], labels: [0, 1, 1, 0], classes: 2, source: 'built-in xor' };
    case 'sin': {
      if (!needInputs(1)) return undefined;
      // the textbook: x from 0 to 2π in steps of 0.1, input rescaled to about [−1, 1), target sin x
      const inputs: number[][] = [];
      const targets: number[][] = [];
      for (let s = 0; s * 0.1 < 2 * Math.PI; s++) {
        const x = s * 0.1;
        inputs.push([(x - Math.PI) / Math.PI]);
        targets.push([Math.sin(x) + noise * rng.normal()]);
      }
      if (ctx.outputSize !== 1) {
        src.at(at, messages().sinTargets(ctx.outputSize));
        return undefined;
      }
      return { inputs, targets, source: 'built-in sin' };
    }
    case 'iris': {
      if (!needInputs(4)) return undefined;
      return {
        inputs: IRIS_ROWS.map((r) => r.slice(0, 4)),
        labels: IRIS_ROWS.map((r) => r[4]),
        classes: 3,
        source: 'built-in iris',
      };
    }
    case 'circle': {
      if (!needInputs(2)) return undefined;
      const n = samples ?? 200;
      const inputs: number[][] = [];
      const labels: number[] = [];
      for (let s = 0; s < n; s++) {
        const x = rng.next() * 2 - 1;
        const y = rng.next() * 2 - 1;
        inputs.push([x + noise * rng.normal(), y + noise * rng.normal()]);
        labels.push(x * x + y * y < 0.5 ? 1 : 0);
      }
      return { inputs, labels, classes: 2, source: 'built-in circle' };
    }
    case 'spiral': {
      if (!needInputs(2)) return undefined;
      const n = samples ?? 200;
      const inputs: number[][] = [];
      const labels: number[] = [];
      for (let s = 0; s < n; s++) {
        const cls = s % 2;
        const r = (Math.floor(s / 2) / Math.ceil(n / 2)) * 0.9 + 0.05;
        const angle = 3 * Math.PI * r + cls * Math.PI;
        inputs.push([r * Math.sin(angle) + noise * rng.normal(), r * Math.cos(angle) + noise * rng.normal()]);
        labels.push(cls);
      }
      return { inputs, labels, classes: 2, source: 'built-in spiral' };
    }
    case 'synthetic':
      return undefined;
  }
}

/** Seeded samples of the network's shape, straight into a typed array (up to LIMITS.dataValues). */
function synthetic(ctx: DataContext, at: Node, options: Node | undefined): RawData | undefined {
  const { src } = ctx;
  const samplesNode = options && property(options, 'samples');
  let samples: number | undefined;
  if (samplesNode) samples = positiveInteger(src, samplesNode, '"data.samples"', LIMITS.samples);
  if (src.errors.length) return undefined;
  const rng = createRng(mixSeed(ctx.seed, 0xda7a));
  const n = samples ?? Math.max(64, ctx.batchSize);
  if (n * (ctx.inputSize + ctx.outputSize) > LIMITS.dataValues) {
    src.at(samplesNode ?? at, messages().syntheticTooMany(n, ctx.inputSize, LIMITS.dataValues.toLocaleString('en-US')));
    return undefined;
  }
  const classes = Math.max(2, ctx.outputSize);
  const inputs = matrix(n, ctx.inputSize);
  const labels = new Int32Array(n);
  const X = inputs.data;
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < ctx.inputSize; i++) X[s * ctx.inputSize + i] = rng.next() * 2 - 1;
    labels[s] = rng.int(classes);
  }
  return { inputs, labels, classes, source: `synthetic (${n} samples)` };
}

function csv(ctx: DataContext, node: Node): RawData | undefined {
  const { src } = ctx;
  const fileNode = property(node, 'csv')!;
  if (fileNode.type !== 'string') {
    src.at(fileNode, messages().csvPath);
    return undefined;
  }
  const path = fileNode.value as string;
  let content: string | Uint8Array;
  try {
    if (!ctx.readFile) throw new Error('no file access here');
    content = ctx.readFile(path);
  } catch (e) {
    src.at(fileNode, messages().cannotReadCsv(quote(path, 80), (e as Error).message));
    return undefined;
  }
  const bytes = csvBytes(content);
  const headerNode = property(node, 'header');
  const hasHeader = headerNode ? headerNode.value === true : true;
  const header = readHeaderOnce(bytes, hasHeader);
  if (!header || header.rowBound === 0) {
    src.at(fileNode, messages().csvNoRows(quote(path, 80)));
    return undefined;
  }
  const names = header.names;
  const listed = (): string => names.slice(0, 12).map((n) => quote(n, 24)).join(', ') + (names.length > 12 ? `, … (${messages().inAll(names.length)})` : '');

  const columns = (key: string, expected: number): number[] | undefined => {
    const colsNode = property(node, key);
    if (!colsNode) {
      src.at(node, messages().columnsNeeded(key));
      return undefined;
    }
    if (colsNode.type !== 'array') {
      src.at(colsNode, messages().columnsMustBeArray(key));
      return undefined;
    }
    const out: number[] = [];
    for (const c of colsNode.children ?? []) {
      const index = c.type === 'number' ? (c.value as number) : names.indexOf(String(c.value));
      if (!Number.isInteger(index) || index < 0 || index >= names.length) {
        src.at(c, messages().noColumn(quote(c.value), quote(path, 80), listed()));
        return undefined;
      }
      out.push(index);
    }
    if (expected >= 0 && out.length !== expected) {
      src.at(colsNode, messages().columnCount(key, out.length, expected));
      return undefined;
    }
    return out;
  };
  const inputCols = columns('inputColumns', ctx.inputSize);
  const oneHotNode = property(node, 'oneHot');
  const oneHot = oneHotNode !== undefined && oneHotNode.value !== false;
  const targetCols = columns('targetColumns', oneHot ? -1 : ctx.outputSize);
  if (!inputCols || !targetCols) return undefined;
  if (oneHot && targetCols.length !== 1) {
    src.at(oneHotNode!, messages().oneHotOneColumn);
    return undefined;
  }
  // the bound on rows is known before anything is allocated
  const width = inputCols.length + (oneHot ? ctx.outputSize : targetCols.length);
  if (header.rowBound * width > LIMITS.dataValues) {
    src.at(fileNode, messages().csvTooLarge(quote(path, 80), header.rowBound.toLocaleString('en-US'), width, LIMITS.dataValues.toLocaleString('en-US')));
    return undefined;
  }
  const numeric = oneHot ? [inputCols] : [inputCols, targetCols];
  const read = readColumnsOnce(bytes, header, { numeric, classColumn: oneHot ? targetCols[0] : undefined, maxClasses: oneHot ? ctx.outputSize : undefined });
  if (isProblem(read)) {
    src.errors.push({ file: path, ...read });
    return undefined;
  }
  const inputs = matrix(read.rows, inputCols.length, read.values[0]);
  if (oneHot) {
    if (read.classNames!.length !== ctx.outputSize) {
      src.at(oneHotNode!, messages().csvClasses(quote(names[targetCols[0]]), read.classNames!.length, read.classNames!.map((n) => quote(n, 20)).join(', '), ctx.outputSize));
      return undefined;
    }
    return { inputs, labels: read.labels, classes: read.classNames!.length, source: path };
  }
  return { inputs, targets: matrix(read.rows, targetCols.length, read.values[1]), source: path };
}

/** Applies "every"/"offset" selection and "standardize", turns class labels into target rows. */
function finish(ctx: DataContext, node: Node, raw: RawData, options: Node | undefined): Dataset | undefined {
  const { src } = ctx;
  let targets = raw.targets;
  if (!targets && raw.labels) {
    const classes = raw.classes!;
    const labels = raw.labels;
    if (ctx.outputSize === classes) {
      targets = matrix(labels.length, classes);
      for (let s = 0; s < labels.length; s++) targets.data[s * classes + labels[s]] = 1;
    } else if (ctx.outputSize === 1 && classes === 2) targets = matrix(labels.length, 1, Float64Array.from(labels));
    else {
      src.at(node, messages().datasetClasses(classes, ctx.outputSize));
      return undefined;
    }
  }
  let inputs = raw.inputs;
  const everyNode = options && property(options, 'every');
  const offsetNode = options && property(options, 'offset');
  if (everyNode || offsetNode) {
    const every = everyNode ? finiteNumber(src, everyNode, '"data.every"') : 1;
    const offset = offsetNode ? finiteNumber(src, offsetNode, '"data.offset"') : 0;
    if (every === undefined || offset === undefined) return undefined;
    if (!Number.isInteger(every) || every < 1 || !Number.isInteger(offset) || offset < 0 || offset >= every) {
      src.at(everyNode ?? offsetNode, messages().everyOffset);
      return undefined;
    }
    inputs = everyRow(inputs, every, offset);
    targets = everyRow(targets!, every, offset);
  }
  if (inputs.rows === 0) {
    src.at(node, messages().noSamples);
    return undefined;
  }
  const standardizeNode = options && property(options, 'standardize');
  const standardize = standardizeNode ? standardizeNode.value === true : raw.source === 'built-in iris';
  if (standardize) standardizeColumns(inputs);
  return { inputs, targets: targets!, source: raw.source };
}

/** Rows offset, offset + every, offset + 2·every, … (a copy). */
function everyRow(m: Matrix, every: number, offset: number): Matrix {
  if (every === 1) return m;
  const rows = offset < m.rows ? Math.floor((m.rows - 1 - offset) / every) + 1 : 0;
  const out = matrix(rows, m.cols);
  for (let r = 0; r < rows; r++) {
    const from = (offset + r * every) * m.cols;
    out.data.set(m.data.subarray(from, from + m.cols), r * m.cols);
  }
  return out;
}

/** z-scores each column in place: (x − mean) / standard deviation (a constant column becomes 0). */
export function standardizeColumns(m: Matrix): void {
  for (let c = 0; c < m.cols; c++) {
    let mean = 0;
    for (let r = 0; r < m.rows; r++) mean += m.data[r * m.cols + c];
    mean /= m.rows;
    let variance = 0;
    for (let r = 0; r < m.rows; r++) variance += (m.data[r * m.cols + c] - mean) ** 2;
    const sd = Math.sqrt(variance / m.rows) || 1;
    for (let r = 0; r < m.rows; r++) m.data[r * m.cols + c] = (m.data[r * m.cols + c] - mean) / sd;
  }
}
