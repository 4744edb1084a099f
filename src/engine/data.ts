// The training data of a network file: inline rows, a CSV file beside it, a built-in data set
// (xor, sin, iris, circle, spiral) or seeded synthetic samples of the network's shape.
// Errors are reported at the place they were made (the network file, or the CSV's line and column).
// Imports nothing outside the engine but jsonc-parser's types.

import type { Node } from 'jsonc-parser';
import { IRIS_ROWS } from './data/iris';
import { fromRows, matrix, type Matrix } from './matrix';
import { checkFields, finiteNumber, numberMatrix, positiveInteger, property, SourceFile } from './source';
import { createRng, mixSeed } from './rng';
import { LIMITS, type Dataset } from './spec';

export interface DataContext {
  readonly src: SourceFile;
  readonly readFile?: (relativePath: string) => string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly seed: number;
  readonly batchSize: number;
}

export const BUILTIN_DATASETS = ['xor', 'sin', 'iris', 'circle', 'spiral', 'synthetic'] as const;
export type BuiltinName = (typeof BUILTIN_DATASETS)[number];

/** Samples before the optional selection and standardisation; labels for classification sets. */
interface RawData {
  inputs: number[][];
  targets?: number[][];
  labels?: number[];
  classes?: number;
  source: string;
}

const COMMON_FIELDS = ['every', 'offset', 'standardize'];

export function loadData(ctx: DataContext, node: Node): Dataset | undefined {
  const { src } = ctx;
  let raw: RawData | undefined;
  if (node.type === 'string') raw = builtin(ctx, node, node.value as string, undefined);
  else if (node.type !== 'object') {
    src.at(node, '"data" must be an object with "inputs" and "targets", a CSV file { "csv": "file.csv", … } or a built-in data set name');
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
    raw = inline(ctx, node);
  }
  if (!raw || src.errors.length) return undefined;
  const options = node.type === 'object' ? node : undefined;
  return finish(ctx, node, raw, options);
}

function inline(ctx: DataContext, node: Node): RawData | undefined {
  const { src } = ctx;
  const inputsNode = property(node, 'inputs');
  const targetsNode = property(node, 'targets');
  if (!inputsNode || !targetsNode) {
    src.at(node, '"data" needs both "inputs" (one row per sample) and "targets" (one row per sample)');
    return undefined;
  }
  const inputs = numberMatrix(src, inputsNode, '"data.inputs"', undefined, ctx.inputSize);
  const targets = numberMatrix(src, targetsNode, '"data.targets"', undefined, ctx.outputSize);
  if (!inputs || !targets) return undefined;
  if (inputs.length !== targets.length) {
    src.at(targetsNode, `"data.targets" has ${targets.length} rows but "data.inputs" has ${inputs.length}: one target row per sample`);
    return undefined;
  }
  return { inputs, targets, source: 'inline' };
}

function builtin(ctx: DataContext, at: Node, name: string, options: Node | undefined): RawData | undefined {
  const { src } = ctx;
  if (!(BUILTIN_DATASETS as readonly string[]).includes(name)) {
    src.at(at, `unknown data set ${JSON.stringify(name)}: the built-in ones are ${BUILTIN_DATASETS.map((b) => `"${b}"`).join(', ')}`);
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
    src.at(at, `built-in "${name}" has ${n} input${n === 1 ? '' : 's'}, but layers[0] has ${ctx.inputSize}: make its "size" ${n}`);
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
        src.at(at, `built-in "sin" has 1 target, but the output layer has ${ctx.outputSize} neurons`);
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
    case 'synthetic': {
      const n = samples ?? Math.max(64, ctx.batchSize);
      if (n * (ctx.inputSize + ctx.outputSize) > LIMITS.values) {
        src.at(samplesNode ?? at, `${n} synthetic samples of ${ctx.inputSize} inputs are more than ${LIMITS.values.toLocaleString('en-US')} values: make it fewer`);
        return undefined;
      }
      const classes = Math.max(2, ctx.outputSize);
      const inputs: number[][] = [];
      const labels: number[] = [];
      for (let s = 0; s < n; s++) {
        const row: number[] = new Array(ctx.inputSize);
        for (let i = 0; i < ctx.inputSize; i++) row[i] = rng.next() * 2 - 1;
        inputs.push(row);
        labels.push(rng.int(classes));
      }
      return { inputs, labels, classes, source: `synthetic (${n} samples)` };
    }
  }
}

function csv(ctx: DataContext, node: Node): RawData | undefined {
  const { src } = ctx;
  const fileNode = property(node, 'csv')!;
  if (fileNode.type !== 'string') {
    src.at(fileNode, '"data.csv" must be the path of a CSV file, relative to the network file');
    return undefined;
  }
  const path = fileNode.value as string;
  let text: string;
  try {
    if (!ctx.readFile) throw new Error('no file access here');
    text = ctx.readFile(path);
  } catch (e) {
    src.at(fileNode, `cannot read the CSV file "${path}": ${(e as Error).message}`);
    return undefined;
  }
  const file = new SourceFile(path, text);
  const headerNode = property(node, 'header');
  const hasHeader = headerNode ? headerNode.value === true : true;
  const lines: { cells: string[]; offsets: number[]; line: number }[] = [];
  let offset = 0;
  text.split('\n').forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '');
    const start = offset;
    offset += rawLine.length + 1;
    if (line.trim() === '') return;
    const cells: string[] = [];
    const offsets: number[] = [];
    let pos = 0;
    for (const cell of line.split(',')) {
      cells.push(cell.trim().replace(/^"(.*)"$/, '$1'));
      offsets.push(start + pos);
      pos += cell.length + 1;
    }
    lines.push({ cells, offsets, line: i + 1 });
  });
  if (lines.length === 0 || (hasHeader && lines.length === 1)) {
    src.at(fileNode, `the CSV file "${path}" has no rows of data`);
    return undefined;
  }
  const header = hasHeader ? lines[0].cells : lines[0].cells.map((_, c) => String(c));
  const rows = hasHeader ? lines.slice(1) : lines;

  const columns = (key: string, expected: number): number[] | undefined => {
    const colsNode = property(node, key);
    if (!colsNode) {
      src.at(node, `"data.${key}" is needed with "csv": the CSV columns to use, by name or 0-based index`);
      return undefined;
    }
    if (colsNode.type !== 'array') {
      src.at(colsNode, `"data.${key}" must be an array of column names or 0-based indices`);
      return undefined;
    }
    const out: number[] = [];
    for (const c of colsNode.children ?? []) {
      const index = c.type === 'number' ? (c.value as number) : header.indexOf(String(c.value));
      if (!Number.isInteger(index) || index < 0 || index >= header.length) {
        src.at(c, `no column ${JSON.stringify(c.value)} in "${path}" (its columns: ${header.join(', ')})`);
        return undefined;
      }
      out.push(index);
    }
    if (expected >= 0 && out.length !== expected) {
      src.at(colsNode, `"data.${key}" names ${out.length} columns but the layer has ${expected} neurons`);
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
    src.at(oneHotNode!, '"data.oneHot" encodes one class column: "targetColumns" must name exactly one');
    return undefined;
  }

  const number = (row: (typeof rows)[number], c: number): number | undefined => {
    const cell = row.cells[c];
    const v = cell === undefined || cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) {
      const at = row.offsets[c] ?? row.offsets[row.offsets.length - 1];
      file.error(at, Math.max(1, cell?.length ?? 1), cell === undefined ? `row has no column ${header[c]}` : `${JSON.stringify(cell)} in column ${header[c]} is not a finite number`);
      return undefined;
    }
    return v;
  };
  const inputs: number[][] = [];
  const targets: number[][] = [];
  const labels: number[] = [];
  const classNames: string[] = [];
  for (const row of rows) {
    const x = inputCols.map((c) => number(row, c));
    if (x.some((v) => v === undefined)) break;
    inputs.push(x as number[]);
    if (oneHot) {
      const name = row.cells[targetCols[0]] ?? '';
      let cls = classNames.indexOf(name);
      if (cls < 0) cls = classNames.push(name) - 1;
      labels.push(cls);
    } else {
      const t = targetCols.map((c) => number(row, c));
      if (t.some((v) => v === undefined)) break;
      targets.push(t as number[]);
    }
  }
  if (file.errors.length) {
    src.errors.push(...file.errors);
    return undefined;
  }
  if (oneHot && classNames.length !== ctx.outputSize) {
    src.at(oneHotNode!, `column ${header[targetCols[0]]} has ${classNames.length} classes (${classNames.join(', ')}) but the output layer has ${ctx.outputSize} neurons: one per class`);
    return undefined;
  }
  return oneHot ? { inputs, labels, classes: classNames.length, source: path } : { inputs, targets, source: path };
}

/** Applies "every"/"offset" selection and "standardize", turns class labels into target rows. */
function finish(ctx: DataContext, node: Node, raw: RawData, options: Node | undefined): Dataset | undefined {
  const { src } = ctx;
  let targets = raw.targets;
  if (!targets && raw.labels) {
    const classes = raw.classes!;
    if (ctx.outputSize === classes) targets = raw.labels.map((c) => Array.from({ length: classes }, (_, k) => (k === c ? 1 : 0)));
    else if (ctx.outputSize === 1 && classes === 2) targets = raw.labels.map((c) => [c]);
    else {
      src.at(node, `this data set has ${classes} classes but the output layer has ${ctx.outputSize} neurons: use ${classes} (one-hot)${classes === 2 ? ' or 1' : ''}`);
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
      src.at(everyNode ?? offsetNode, '"data.every" must be a whole number ≥ 1 and "data.offset" a whole number below it');
      return undefined;
    }
    const keep = (_: unknown, s: number): boolean => s % every === offset;
    inputs = inputs.filter(keep);
    targets = targets!.filter(keep);
  }
  if (inputs.length === 0) {
    src.at(node, 'the data has no samples');
    return undefined;
  }
  const standardizeNode = options && property(options, 'standardize');
  const standardize = standardizeNode ? standardizeNode.value === true : raw.source === 'built-in iris';
  const x = fromRows(inputs);
  if (standardize) standardizeColumns(x);
  const t: Matrix = targets!.length ? fromRows(targets!) : matrix(0, ctx.outputSize);
  return { inputs: x, targets: t, source: raw.source };
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
