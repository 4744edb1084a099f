// Reads a `*.backprop.json` network file (JSON with comments) into a NetworkSpec, or into a list of
// errors each at the line and column where the problem was written. Never throws on bad input.
// Uses jsonc-parser for a syntax tree with offsets; imports nothing from VS Code.

import { type Node, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ACTIVATIONS, type ActivationName, isActivationName } from './activations';
import { loadData, type DataContext } from './data';
import { isLossName, LOSSES, type LossName } from './losses';
import { messages } from './messages';
import { isOptimizerName, OPTIMIZER_FIELDS, OPTIMIZER_NAMES } from './optimizers';
import { checkShape } from './shape';
import { boolean, checkFields, closest, finiteNumber, numberMatrix, numberVector, oneOf, positiveInteger, property, quote, quoteList, SourceFile } from './source';
import { LIMITS, type InitDistribution, type LayerSpec, type NetworkSpec, type OptimizerSpec, type Reduction, type SpecError } from './spec';

export interface ParseOptions {
  /** the file's path, used in messages (default "network.backprop.json") */
  file?: string;
  /** reads a file named relative to the network file (CSV data): its text or bytes; throws when it cannot */
  readFile?: (relativePath: string) => string | Uint8Array;
}

export type ParseResult = { spec: NetworkSpec; errors: [] } | { spec: undefined; errors: SpecError[] };

const ROOT_FIELDS = ['$schema', 'name', 'layers', 'loss', 'learningRate', 'optimizer', 'weightDecay', 'batch', 'init', 'data', 'epochs'];
const LAYER_FIELDS = ['size', 'activation', 'alpha', 'weights', 'biases', 'trainWeights', 'trainBiases', 'dropout'];

function parseLayer(src: SourceFile, node: Node, l: number, fanIn: number | undefined, output: boolean): LayerSpec | undefined {
  const where = `layers[${l}]`;
  if (node.type !== 'object') {
    src.at(node, messages().layerMustBeObject(where));
    return undefined;
  }
  checkFields(src, node, LAYER_FIELDS, where);
  const sizeNode = property(node, 'size');
  if (!sizeNode) {
    src.at(node, messages().layerNeedsSize(where));
    return undefined;
  }
  const size = positiveInteger(src, sizeNode, `${where}.size`, LIMITS.layerSize);
  const range = src.range(node.offset, node.length);
  const activationNode = property(node, 'activation');
  if (l === 0) {
    // dropout on the inputs would drop data, not a neuron's output: the textbook drops hidden units only
    for (const key of ['activation', 'weights', 'biases', 'trainWeights', 'trainBiases', 'alpha', 'dropout']) {
      const n = property(node, key);
      if (n && !(key === 'activation' && n.value === 'identity')) src.at(n, messages().inputLayerHasNo(key));
    }
    return size === undefined ? undefined : { size, activation: 'identity', alpha: 0, trainWeights: false, trainBiases: false, dropout: 0, range };
  }
  let act: ActivationName = 'sigmoid';
  if (activationNode) {
    if (isActivationName(activationNode.value)) act = activationNode.value;
    else {
      const hint = typeof activationNode.value === 'string' ? closest(activationNode.value, ACTIVATIONS) : undefined;
      src.at(activationNode, messages().unknownActivation(quote(activationNode.value), quoteList(ACTIVATIONS), hint));
    }
  }
  const alphaNode = property(node, 'alpha');
  const alpha = alphaNode ? finiteNumber(src, alphaNode, `${where}.alpha`) ?? 0.01 : 0.01;
  if (size === undefined) return undefined;
  const weightsNode = property(node, 'weights');
  const weights = weightsNode && fanIn !== undefined ? numberMatrix(src, weightsNode, `${where}.weights`, fanIn, size) : undefined;
  const biasesNode = property(node, 'biases');
  const biases = biasesNode ? numberVector(src, biasesNode, `${where}.biases`, size) : undefined;
  const dropoutNode = property(node, 'dropout');
  let dropout = 0;
  if (dropoutNode) {
    const p = finiteNumber(src, dropoutNode, `${where}.dropout`);
    // the output layer's y meets the targets in the loss (softmax's δ = y − t needs all of it): no dropout there
    if (p !== undefined && !(p >= 0 && p < 1)) src.at(dropoutNode, messages().mustBeBelowOne(`${where}.dropout`));
    else if (p !== undefined && p > 0 && output) src.at(dropoutNode, messages().dropoutOnOutput);
    else if (p !== undefined) dropout = p;
  }
  return {
    size,
    activation: act,
    alpha,
    weights,
    biases,
    trainWeights: boolean(src, property(node, 'trainWeights'), `${where}.trainWeights`, true),
    trainBiases: boolean(src, property(node, 'trainBiases'), `${where}.trainBiases`, true),
    dropout,
    range,
  };
}

/** Reads and checks a network file. Collects every error it can find rather than stopping at the first. */
export function parseNetwork(fileText: string, options: ParseOptions = {}): ParseResult {
  const text = withoutBom(fileText);
  const src = new SourceFile(options.file ?? 'network.backprop.json', text);
  const root = syntaxTree(src);
  if (!root) return { spec: undefined, errors: src.errors };
  if (root.type !== 'object') {
    src.at(root, messages().notAnObject);
    return { spec: undefined, errors: src.errors };
  }
  checkFields(src, root, ROOT_FIELDS, 'the network');

  const nameNode = property(root, 'name');
  if (nameNode && nameNode.type !== 'string') src.at(nameNode, messages().nameMustBeString);
  const name = nameNode?.type === 'string' ? (nameNode.value as string) : defaultName(src.file);

  // layers
  const layers: LayerSpec[] = [];
  const layersNode = property(root, 'layers');
  let layersOk = false;
  if (!layersNode) src.at(root, messages().needsLayers);
  else if (layersNode.type !== 'array') src.at(layersNode, messages().layersMustBeArray);
  else if ((layersNode.children ?? []).length < 2) src.at(layersNode, messages().layersNeedTwo);
  else {
    layersOk = true;
    let fanIn: number | undefined;
    const last = layersNode.children!.length - 1;
    layersNode.children!.forEach((n, l) => {
      const layer = parseLayer(src, n, l, fanIn, l === last);
      fanIn = layer?.size;
      if (layer) layers.push(layer);
      else layersOk = false;
    });
  }

  if (layersOk) {
    let parameters = 0;
    for (let l = 1; l < layers.length; l++) parameters += (layers[l - 1].size + 1) * layers[l].size;
    if (parameters > LIMITS.parameters) {
      src.at(layersNode, messages().tooManyParameters(parameters.toLocaleString('en-US'), LIMITS.parameters.toLocaleString('en-US')));
      layersOk = false;
    }
  }

  // hyperparameters
  const lossNode = property(root, 'loss');
  const output = layersOk ? layers[layers.length - 1] : undefined;
  const defaultLoss: LossName = output?.activation === 'softmax' ? 'cross-entropy' : 'sum-of-squares';
  let lossName: LossName = defaultLoss;
  if (lossNode) {
    if (isLossName(lossNode.value)) lossName = lossNode.value;
    else src.at(lossNode, messages().unknownLoss(quote(lossNode.value), quoteList(LOSSES)));
  }
  if (output && lossName === 'cross-entropy' && !['softmax', 'sigmoid'].includes(output.activation)) {
    src.at(lossNode ?? root, messages().crossEntropyActivation(output.activation));
  }
  const etaNode = property(root, 'learningRate');
  let learningRate = 0.1;
  if (etaNode) {
    const v = finiteNumber(src, etaNode, '"learningRate" (η)');
    if (v !== undefined && v < 0) src.at(etaNode, messages().etaNegative);
    else if (v !== undefined) learningRate = v;
  }
  const optimizerNode = property(root, 'optimizer');
  const optimizer = parseOptimizer(src, optimizerNode);
  const decayNode = property(root, 'weightDecay');
  let weightDecay = 0;
  if (decayNode) {
    const v = finiteNumber(src, decayNode, '"weightDecay" (λ)');
    if (v !== undefined && v < 0) src.at(decayNode, messages().mustNotBeNegative('"weightDecay" (λ)'));
    else if (v !== undefined) weightDecay = v;
  }
  const batch = parseBatch(src, property(root, 'batch'));
  const init = parseInit(src, property(root, 'init'));
  const epochsNode = property(root, 'epochs');
  const epochs = epochsNode ? positiveInteger(src, epochsNode, '"epochs"') ?? 1 : 1000;

  // data
  const dataNode = property(root, 'data');
  if (!dataNode) src.at(root, messages().needsData);
  if (!layersOk || !dataNode || src.errors.length) return { spec: undefined, errors: src.errors };

  const context: DataContext = {
    src,
    readFile: options.readFile,
    inputSize: layers[0].size,
    outputSize: layers[layers.length - 1].size,
    seed: init.seed,
    batchSize: batch.size,
  };
  const data = loadData(context, dataNode);
  if (!data || src.errors.length) return { spec: undefined, errors: src.errors };
  const perBatch = Math.min(batch.size, data.inputs.rows) * layers.reduce((n, l) => n + l.size, 0) * 4;
  const dataValues = data.inputs.data.length + data.targets.data.length;
  if (perBatch > LIMITS.values || dataValues > LIMITS.dataValues) {
    src.at(
      perBatch > LIMITS.values ? (property(root, 'batch') ?? root) : dataNode,
      perBatch > LIMITS.values
        ? messages().batchTooLarge(batch.size, LIMITS.values.toLocaleString('en-US'))
        : messages().dataTooLarge(dataValues.toLocaleString('en-US'), LIMITS.dataValues.toLocaleString('en-US')),
    );
    return { spec: undefined, errors: src.errors };
  }
  if (output!.activation === 'softmax' && lossName === 'cross-entropy') checkDistributions(src, dataNode, data.targets.data, data.targets.cols);
  if (src.errors.length) return { spec: undefined, errors: src.errors };

  const spec: NetworkSpec = {
    name,
    file: src.file,
    layers,
    loss: lossName,
    learningRate,
    optimizer,
    weightDecay,
    batch,
    init,
    epochs,
    data,
    ranges: {
      root: src.range(root.offset, root.length),
      loss: lossNode ? src.range(lossNode.offset, lossNode.length) : undefined,
      learningRate: etaNode ? src.range(etaNode.offset, etaNode.length) : undefined,
      optimizer: optimizerNode ? src.range(optimizerNode.offset, optimizerNode.length) : undefined,
      weightDecay: decayNode ? src.range(decayNode.offset, decayNode.length) : undefined,
    },
  };
  return { spec, errors: [] };
}

/** "optimizer": { "name": …, its own fields } with their defaults; every bad value reported where it stands. */
function parseOptimizer(src: SourceFile, node: Node | undefined): OptimizerSpec {
  const sgd: OptimizerSpec = { name: 'sgd' };
  if (!node) return sgd;
  if (node.type !== 'object') {
    src.at(node, messages().optimizerMustBeObject);
    return sgd;
  }
  const known = ['name', ...new Set(OPTIMIZER_NAMES.flatMap((n) => Object.keys(OPTIMIZER_FIELDS[n])))];
  checkFields(src, node, known, '"optimizer"');
  const nameNode = property(node, 'name');
  const name = nameNode ? nameNode.value : 'sgd';
  if (!isOptimizerName(name)) {
    const hint = typeof name === 'string' ? nearestName(name, OPTIMIZER_NAMES) : undefined;
    src.at(nameNode!, messages().unknownOptimizer(quote(name), quoteList(OPTIMIZER_NAMES), hint));
    return sgd;
  }
  const own = OPTIMIZER_FIELDS[name];
  const values: Record<string, number> = { ...own };
  for (const p of node.children ?? []) {
    const key = p.children?.[0];
    if (!key || key.value === 'name' || !known.includes(String(key.value)) || String(key.value) in own) continue;
    src.at(key, messages().optimizerFieldNotFor(quote(key.value), name, quoteList(Object.keys(own))));
  }
  for (const field of Object.keys(own)) {
    const n = property(node, field);
    if (!n) continue;
    const what = `"optimizer.${field}"`;
    const v = finiteNumber(src, n, what);
    if (v === undefined) continue;
    if (field === 'epsilon' ? v < 0 : !(v >= 0 && v < 1)) src.at(n, field === 'epsilon' ? messages().mustNotBeNegative(what) : messages().mustBeBelowOne(what));
    else values[field] = v;
  }
  return { name, ...values } as OptimizerSpec;
}

/** The option within two edits of `word` (case aside), for "did you mean". */
function nearestName(word: string, options: readonly string[]): string | undefined {
  const a = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const o of options) {
    const d = editDistance(a, o.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [o, d];
  }
  return best ?? closest(word, options);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 40) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

function parseBatch(src: SourceFile, node: Node | undefined): NetworkSpec['batch'] {
  const batch = { size: 1, reduction: 'sum' as Reduction, shuffle: false };
  if (!node) return batch;
  if (node.type !== 'object') {
    src.at(node, messages().batchMustBeObject);
    return batch;
  }
  checkFields(src, node, ['size', 'reduction', 'shuffle'], '"batch"');
  const sizeNode = property(node, 'size');
  if (sizeNode) batch.size = positiveInteger(src, sizeNode, '"batch.size"') ?? 1;
  batch.reduction = oneOf(src, property(node, 'reduction'), '"batch.reduction"', ['sum', 'mean'] as const, 'sum');
  batch.shuffle = boolean(src, property(node, 'shuffle'), '"batch.shuffle"', false);
  return batch;
}

function parseInit(src: SourceFile, node: Node | undefined): NetworkSpec['init'] {
  const init = { seed: 1, distribution: 'uniform' as InitDistribution, scale: 0.5 };
  if (!node) return init;
  if (node.type !== 'object') {
    src.at(node, messages().initMustBeObject);
    return init;
  }
  checkFields(src, node, ['seed', 'distribution', 'scale'], '"init"');
  const seedNode = property(node, 'seed');
  if (seedNode) {
    const v = finiteNumber(src, seedNode, '"init.seed"');
    if (v !== undefined && !Number.isInteger(v)) src.at(seedNode, messages().seedWhole);
    else if (v !== undefined) init.seed = v;
  }
  init.distribution = oneOf(src, property(node, 'distribution'), '"init.distribution"', ['uniform', 'normal', 'xavier', 'he'] as const, 'uniform');
  const scaleNode = property(node, 'scale');
  if (scaleNode) {
    const v = finiteNumber(src, scaleNode, '"init.scale"');
    if (v !== undefined && v < 0) src.at(scaleNode, messages().scaleNegative);
    else if (v !== undefined) init.scale = v;
  } else if (init.distribution === 'xavier' || init.distribution === 'he') init.scale = 1;
  return init;
}

/**
 * The text as the editor shows it: VS Code hides a UTF-8 byte order mark, so offsets and columns are
 * counted without it.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The syntax tree of a network file, or undefined with positioned errors (empty, too deep, too big, not JSON). */
function syntaxTree(src: SourceFile): Node | undefined {
  const { text } = src;
  if (isBlank(text)) {
    src.error(0, 0, messages().emptyFile);
    return undefined;
  }
  // before jsonc-parser, which recurses per level and keeps a node per value
  const shape = checkShape(text);
  if (shape) {
    src.error(shape.offset, shape.length, shape.message);
    return undefined;
  }
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  for (const e of syntax) src.error(e.offset, e.length, messages().invalidJson(describeSyntaxError(printParseErrorCode(e.error))));
  return syntax.length ? undefined : root;
}

/** Whether the text holds nothing but white space and closed comments (one linear pass). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else return false;
  }
  return true;
}

/** The path a network file gives in "data": { "csv": … }, if it parses that far (to read it before parsing). */
export function dataFileOf(fileText: string): string | undefined {
  const root = syntaxTree(new SourceFile('', withoutBom(fileText)));
  const csv = property(property(root, 'data'), 'csv');
  return csv?.type === 'string' ? (csv.value as string) : undefined;
}

/** Softmax with cross-entropy uses δ_k = y_k − t_k, which holds only when each target row sums to 1. */
function checkDistributions(src: SourceFile, dataNode: Node, t: Float64Array, cols: number): void {
  for (let s = 0; s * cols < t.length; s++) {
    let sum = 0;
    for (let k = 0; k < cols; k++) {
      const v = t[s * cols + k];
      if (v < 0) {
        src.at(dataNode, messages().targetNegative(s));
        return;
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      src.at(dataNode, messages().targetSum(s, sum));
      return;
    }
  }
}

function describeSyntaxError(code: string): string {
  return messages().syntax[code] ?? code;
}

function defaultName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.backprop\.json$/, '') || 'network';
}
