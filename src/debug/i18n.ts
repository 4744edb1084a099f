// The adapter's words on screen (Call Stack, Variables, Breakpoints, stop reasons, exceptions,
// expression errors), in English and Korean, chosen by the `locale` VS Code sends with `initialize`.
// The notes' symbols (u, y, δ, ∂y, ∂w, ∂b, η, E) and the activation and loss names of the network file
// are never translated. The network file's own errors are the engine's (src/engine/messages.ts).

import { useMessages } from '../engine/messages';

export type ExceptionKind = 'nonFinite' | 'exploding' | 'vanishing' | 'deadRelu' | 'differs';
export type StopPhase = 'forward' | 'loss' | 'backward' | 'update';

/** Where a NaN or ±Infinity is, within the quantity that holds it. */
export type Place =
  | { readonly kind: 'sample'; readonly sample: number; readonly neuron: number; readonly dataRow?: number }
  | { readonly kind: 'weight'; readonly j: number; readonly k: number; readonly layer: number }
  | { readonly kind: 'neuron'; readonly neuron: number };

/** The expression language's errors (Watch, hover, Debug Console, conditions, logpoints). */
export interface ExpressionWords {
  unexpectedCharacter(c: string, column: number): string;
  /** a token and where it is, or the end of the text */
  token(text: string, column: number): string;
  end: string;
  expected(op: string, found: string): string;
  unexpected(found: string): string;
  endsTooEarly: string;
  empty: string;
  unknownName(name: string, names: string): string;
  needsLayer(name: string): string;
  unknownFunction(name: string, names: string): string;
  needsArgument(fn: string): string;
  wholeIndex(value: string): string;
  cannotIndex(value: string): string;
  indexOutOfRange(i: number, last: number): string;
  rowOutOfRange(i: number, last: number): string;
  matrixTruth: string;
  operatorNeedsNumbersNot(op: string, value: string): string;
  operatorNeedsNumbersNotMatrix(op: string, hint: boolean): string;
  arithmeticNeedsNumbers(value: string): string;
  operatorNeedsNumbers(op: string): string;
  shapes(op: string, a: string, b: string): string;
  functionNeedsNumbers(fn: string): string;
  functionOfNothing(fn: string): string;
  functionTakesOne(fn: string): string;
  noLayer(l: number, last: number): string;
  inputLayerOnlyY: string;
  /** "u of layer 1", before ": not yet computed" */
  ofLayer(quantity: string, l: number): string;
  /** an optimizer state the network's optimizer does not keep (m with momentum, v with sgd, …) */
  noState(name: string, optimizer: string): string;
  /** the state of a frozen w or b (frozen parameters keep none) */
  frozenState(name: string, l: number, param: string): string;
  /** mask[L] of a layer without dropout */
  noMask(l: number): string;
}

/** The Optimizer scope of Variables and the update's frames. */
export interface OptimizerWords {
  scope: string;
  /** a slot's row as it was before this iteration's update, e.g. "m (before)" */
  before(symbol: string): string;
  /** Δ the update applied to w (or b) */
  step: string;
  /** the effective learning rate per weight */
  rate: string;
  /** Adam's t */
  updates: string;
  /** a tensor that keeps no state */
  frozen: string;
  /** a layer the update (Step Into at the update stop) has not reached yet */
  notUpdatedYet: string;
  /** the top frame of Step Into at the update stop: layer l's update */
  updateLayer(l: number, L: number, rule: string): string;
  /** the update's frame for an optimizer other than sgd */
  update(name: string, rule: string): string;
}

export interface Words {
  notComputed: string;
  /** a Variables scope: layer l with its activation, or the input layer */
  layerScope(l: number, activation: string | undefined): string;
  training: string;
  startOfIteration(iteration: number): string;
  /** a Call Stack frame: layer l (role) · phase */
  layerStop(l: number, output: boolean, phase: 'forward' | 'backward'): string;
  phase(phase: 'forward' | 'backward'): string;
  loss(name: string): string;
  update: string;
  iteration(t: number, epoch: number): string;
  trainingFinished: string;
  entry: string;
  filters: Record<ExceptionKind, { label: string; description: string }>;
  /** the exception's name, as VS Code's exception widget shows it ("Exception has occurred: …") */
  exceptionName: Record<ExceptionKind, string>;
  /** the stop where a student's trace first differs: where, both numbers, the equation with the engine's numbers, the trace's line */
  differs(where: string, expected: string, got: string, equation: string, file: string, line: number): string;
  /** layer l with its role, in a network whose output layer is L */
  layerName(l: number, L: number): string;
  /** Step Into's frame: neuron k and the quantity formed, e.g. "neuron 0 · ∂y_0" */
  neuronStep(k: number, formula: string): string;
  /** "NaN in δ of layer 1 (hidden), sample 0, neuron 1, during backward" */
  nonFinite(what: string, quantity: string, layer: string, place: Place, phase: StopPhase): string;
  /** a non-finite loss, at the sample and output neuron whose term made it (when one did) */
  nonFiniteLoss(what: string, loss: string, at: { sample: number; neuron: number; dataRow?: number } | undefined): string;
  exploding(l: number, norm: string, threshold: string): string;
  vanishing(l: number, norm: string, threshold: string): string;
  deadRelu(l: number, neurons: string): string;
  expression: ExpressionWords;
  optimizer: OptimizerWords;
}

const enPhase: Record<StopPhase, string> = { forward: 'forward', loss: 'the loss', backward: 'backward', update: 'the update' };
const koPhase: Record<StopPhase, string> = { forward: '순전파', loss: '오차 계산', backward: '역전파', update: '가중치 수정' };

function enPlace(p: Place): string {
  switch (p.kind) {
    case 'sample':
      return `sample ${p.sample}${p.dataRow !== undefined && p.dataRow !== p.sample ? ` (data row ${p.dataRow})` : ''}, neuron ${p.neuron}`;
    case 'weight':
      return `the weight from neuron ${p.j} of layer ${p.layer - 1} to neuron ${p.k}`;
    case 'neuron':
      return `neuron ${p.neuron}`;
  }
}

function koPlace(p: Place): string {
  switch (p.kind) {
    case 'sample':
      return `샘플 ${p.sample}${p.dataRow !== undefined && p.dataRow !== p.sample ? ` (데이터 행 ${p.dataRow})` : ''}, 뉴런 ${p.neuron}`;
    case 'weight':
      return `층 ${p.layer - 1}의 뉴런 ${p.j} → 뉴런 ${p.k}의 가중치`;
    case 'neuron':
      return `뉴런 ${p.neuron}`;
  }
}

const enExpression: ExpressionWords = {
  unexpectedCharacter: (c, column) => `unexpected '${c}' at column ${column}`,
  token: (text, column) => `'${text}' at column ${column}`,
  end: 'the end',
  expected: (op, found) => `expected '${op}' but found ${found}`,
  unexpected: (found) => `unexpected ${found}`,
  endsTooEarly: 'the expression ends too early',
  empty: 'empty expression',
  unknownName: (name, names) => `unknown name '${name}' (try ${names})`,
  needsLayer: (name) => `${name} needs a layer index, e.g. ${name}[1]`,
  unknownFunction: (name, names) => `unknown function '${name}' (try ${names})`,
  needsArgument: (fn) => `${fn}() needs an argument`,
  wholeIndex: (v) => `an index must be a whole number, not ${v}`,
  cannotIndex: (v) => `cannot index ${v}`,
  indexOutOfRange: (i, last) => `index ${i} out of range 0…${last}`,
  rowOutOfRange: (i, last) => `row ${i} out of range 0…${last}`,
  matrixTruth: 'a matrix is neither true nor false: compare a number, e.g. norm(dw[1]) > 10',
  operatorNeedsNumbersNot: (op, v) => `'${op}' needs numbers, not ${v}`,
  operatorNeedsNumbersNotMatrix: (op, hint) => `'${op}' needs numbers, not a matrix${hint ? ': reduce it first, e.g. max(…), norm(…)' : ''}`,
  arithmeticNeedsNumbers: (v) => `arithmetic needs numbers, not ${v}`,
  operatorNeedsNumbers: (op) => `'${op}' needs numbers`,
  shapes: (op, a, b) => `'${op}' of a ${a} and a ${b} matrix`,
  functionNeedsNumbers: (fn) => `${fn}() needs numbers or matrices`,
  functionOfNothing: (fn) => `${fn}() of nothing`,
  functionTakesOne: (fn) => `${fn}() takes one argument`,
  noLayer: (l, last) => `no layer ${l} (layers 0…${last})`,
  inputLayerOnlyY: 'layer 0 holds the inputs: it has only y[0]',
  ofLayer: (q, l) => `${q} of layer ${l}`,
  noState: (name, optimizer) => `the optimizer ${optimizer} keeps no ${name} (sgd keeps none, momentum v, adagrad and rmsprop h, adam m and v; lr, mhat and vhat belong to the adaptive ones)`,
  frozenState: (name, l, param) => `${param} of layer ${l} is frozen: it keeps no ${name}`,
  noMask: (l) => `layer ${l} has no dropout: it has no mask`,
};

const koExpression: ExpressionWords = {
  unexpectedCharacter: (c, column) => `${column}번째 열에 예상하지 못한 '${c}'`,
  token: (text, column) => `${column}번째 열의 '${text}'`,
  end: '식의 끝',
  expected: (op, found) => `'${op}'가 와야 하는데 ${found}이(가) 있습니다`,
  unexpected: (found) => `예상하지 못한 ${found}`,
  endsTooEarly: '식이 너무 일찍 끝납니다',
  empty: '빈 식',
  unknownName: (name, names) => `알 수 없는 이름 '${name}' (사용할 수 있는 이름: ${names})`,
  needsLayer: (name) => `${name}에는 층 번호가 필요합니다. 예: ${name}[1]`,
  unknownFunction: (name, names) => `알 수 없는 함수 '${name}' (사용할 수 있는 함수: ${names})`,
  needsArgument: (fn) => `${fn}()에는 인수가 필요합니다`,
  wholeIndex: (v) => `인덱스는 정수여야 합니다 (${v}이(가) 아님)`,
  cannotIndex: (v) => `${v}에는 인덱스를 쓸 수 없습니다`,
  indexOutOfRange: (i, last) => `인덱스 ${i}이(가) 범위 0…${last}를 벗어납니다`,
  rowOutOfRange: (i, last) => `행 ${i}이(가) 범위 0…${last}를 벗어납니다`,
  matrixTruth: '행렬은 참도 거짓도 아닙니다: 수를 비교하세요. 예: norm(dw[1]) > 10',
  operatorNeedsNumbersNot: (op, v) => `'${op}'에는 수가 필요합니다 (${v}이(가) 아님)`,
  operatorNeedsNumbersNotMatrix: (op, hint) => `'${op}'에는 행렬이 아닌 수가 필요합니다${hint ? ': 먼저 max(…), norm(…) 등으로 줄이세요' : ''}`,
  arithmeticNeedsNumbers: (v) => `산술 연산에는 수가 필요합니다 (${v}이(가) 아님)`,
  operatorNeedsNumbers: (op) => `'${op}'에는 수가 필요합니다`,
  shapes: (op, a, b) => `'${op}'의 두 행렬의 모양이 다릅니다: ${a}와 ${b}`,
  functionNeedsNumbers: (fn) => `${fn}()에는 수나 행렬이 필요합니다`,
  functionOfNothing: (fn) => `${fn}()에 값이 없습니다`,
  functionTakesOne: (fn) => `${fn}()은(는) 인수를 하나만 받습니다`,
  noLayer: (l, last) => `층 ${l}이(가) 없습니다 (층 0…${last})`,
  inputLayerOnlyY: '층 0은 입력층이므로 y[0]만 있습니다',
  ofLayer: (q, l) => `층 ${l}의 ${q}`,
  noState: (name, optimizer) => `옵티마이저 ${optimizer}에는 ${name}이(가) 없습니다 (sgd는 상태가 없고, momentum은 v, adagrad와 rmsprop은 h, adam은 m과 v를 가집니다. lr, mhat, vhat은 적응형 옵티마이저에만 있습니다)`,
  frozenState: (name, l, param) => `층 ${l}의 ${param}는 고정되어 있어 ${name}이(가) 없습니다`,
  noMask: (l) => `층 ${l}에는 드롭아웃이 없어 mask가 없습니다`,
};

const enOptimizer: OptimizerWords = {
  scope: 'Optimizer',
  before: (symbol) => `${symbol} (before)`,
  step: 'the change the update applied (after − before)',
  rate: 'the effective learning rate per weight',
  updates: 'updates applied so far',
  frozen: 'frozen: no state',
  notUpdatedYet: 'not updated yet (Step Into)',
  updateLayer: (l, L, rule) => `layer ${l} (${l === L ? 'output' : 'hidden'}) · ${rule}`,
  update: (name, rule) => `update (${name}) · ${rule}`,
};

const koOptimizer: OptimizerWords = {
  scope: '옵티마이저',
  before: (symbol) => `${symbol} (수정 전)`,
  step: '이번 수정이 바꾼 양 (수정 후 − 수정 전)',
  rate: '가중치별 실제 학습률',
  updates: '지금까지 적용된 수정 횟수',
  frozen: '고정됨: 상태 없음',
  notUpdatedYet: '아직 수정되지 않음 (단계 정보)',
  updateLayer: (l, L, rule) => `층 ${l} (${l === L ? '출력층' : '은닉층'}) · ${rule}`,
  update: (name, rule) => `가중치 수정 (${name}) · ${rule}`,
};

const en: Words = {
  notComputed: 'not yet computed',
  layerScope: (l, activation) => (activation ? `Layer ${l} (${activation})` : `Layer ${l} (input)`),
  training: 'Training',
  startOfIteration: (iteration) => `start of iteration ${iteration} · before forward`,
  layerStop: (l, output, phase) => `layer ${l} (${output ? 'output' : 'hidden'}) · ${phase}`,
  phase: (p) => p,
  loss: (name) => `loss E (${name})`,
  update: 'update · w ← w − η∂w, b ← b − η∂b',
  iteration: (t, epoch) => `iteration ${t} (epoch ${epoch})`,
  trainingFinished: 'training finished',
  entry: 'before the forward pass of iteration 1',
  filters: {
    nonFinite: { label: 'NaN or ±Infinity', description: 'Stop at the first non-finite value a stop produces' },
    exploding: { label: 'Exploding gradients', description: '‖∂w‖ above explodingGradientThreshold' },
    vanishing: { label: 'Vanishing gradients', description: '‖δ‖ below vanishingGradientThreshold' },
    deadRelu: { label: 'Dead ReLU units', description: 'A ReLU unit with u ≤ 0 for every sample of the batch' },
    differs: { label: 'Differs from your trace', description: 'Stop at the first number that differs from the trace of compareWith (or Backprop: Compare With Trace…)' },
  },
  exceptionName: { nonFinite: 'non-finite value (NaN or ±Infinity)', exploding: 'exploding gradient', vanishing: 'vanishing gradient', deadRelu: 'dead ReLU unit', differs: 'differs from your trace' },
  differs: (where, expected, got, equation, file, line) => `Your trace differs at ${where}: expected ${expected}, yours ${got}. ${equation} (${file}:${line})`,
  layerName: (l, L) => `layer ${l} (${l === 0 ? 'input' : l === L ? 'output' : 'hidden'})`,
  neuronStep: (k, formula) => `neuron ${k} · ${formula}`,
  nonFinite: (what, q, layer, place, phase) => `${what} in ${q} of ${layer}, ${enPlace(place)}, during ${enPhase[phase]}`,
  nonFiniteLoss: (what, loss, at) =>
    at ? `${what} in the loss E (${loss}), sample ${at.sample}${at.dataRow !== undefined && at.dataRow !== at.sample ? ` (data row ${at.dataRow})` : ''}, output neuron ${at.neuron}` : `${what} in the loss E (${loss}), in the sum over the batch`,
  exploding: (l, norm, threshold) => `exploding gradient in layer ${l}: ‖∂w‖ = ${norm} > ${threshold}, during backward`,
  vanishing: (l, norm, threshold) => `vanishing gradient in layer ${l}: ‖δ‖ = ${norm} < ${threshold}, during backward`,
  deadRelu: (l, neurons) => `dead ReLU in layer ${l}: neuron(s) ${neurons} have u ≤ 0 for every sample of the batch, during forward`,
  expression: enExpression,
  optimizer: enOptimizer,
};

const ko: Words = {
  notComputed: '아직 계산되지 않음',
  layerScope: (l, activation) => (activation ? `층 ${l} (${activation})` : `층 ${l} (입력층)`),
  training: '학습',
  startOfIteration: (iteration) => `반복 ${iteration}의 시작 · 순전파 전`,
  layerStop: (l, output, phase) => `층 ${l} (${output ? '출력층' : '은닉층'}) · ${phase === 'forward' ? '순전파' : '역전파'}`,
  phase: (p) => (p === 'forward' ? '순전파' : '역전파'),
  loss: (name) => `오차 E (${name})`,
  update: '가중치 수정 · w ← w − η∂w, b ← b − η∂b',
  iteration: (t, epoch) => `반복 ${t} (에포크 ${epoch})`,
  trainingFinished: '학습 완료',
  entry: '반복 1의 순전파 전',
  filters: {
    nonFinite: { label: 'NaN 또는 ±Infinity', description: '어떤 단계가 처음으로 유한하지 않은 값을 만들면 멈춥니다' },
    exploding: { label: '기울기 폭발', description: '‖∂w‖가 explodingGradientThreshold보다 큼' },
    vanishing: { label: '기울기 소실', description: '‖δ‖가 vanishingGradientThreshold보다 작음' },
    deadRelu: { label: '죽은 ReLU 뉴런', description: '배치의 모든 샘플에서 u ≤ 0인 ReLU 뉴런' },
    differs: { label: '내 트레이스와 다름', description: 'compareWith(또는 Backprop: Compare With Trace…)의 트레이스와 처음으로 다른 값에서 멈춥니다' },
  },
  exceptionName: { nonFinite: '유한하지 않은 값 (NaN 또는 ±Infinity)', exploding: '기울기 폭발', vanishing: '기울기 소실', deadRelu: '죽은 ReLU 뉴런', differs: '내 트레이스와 다름' },
  differs: (where, expected, got, equation, file, line) => `내 트레이스와 처음 다른 곳: ${where} — 기대값 ${expected}, 내 값 ${got}. ${equation} (${file}:${line})`,
  layerName: (l, L) => `층 ${l} (${l === 0 ? '입력층' : l === L ? '출력층' : '은닉층'})`,
  neuronStep: (k, formula) => `뉴런 ${k} · ${formula}`,
  nonFinite: (what, q, layer, place, phase) => `${what} 발생: ${layer}의 ${q}, ${koPlace(place)}, ${koPhase[phase]} 중`,
  nonFiniteLoss: (what, loss, at) =>
    at ? `${what} 발생: 오차 E (${loss}), 샘플 ${at.sample}${at.dataRow !== undefined && at.dataRow !== at.sample ? ` (데이터 행 ${at.dataRow})` : ''}, 출력 뉴런 ${at.neuron}` : `${what} 발생: 오차 E (${loss}), 배치 전체의 합에서`,
  exploding: (l, norm, threshold) => `기울기 폭발: 층 ${l}의 ‖∂w‖ = ${norm} > ${threshold}, 역전파 중`,
  vanishing: (l, norm, threshold) => `기울기 소실: 층 ${l}의 ‖δ‖ = ${norm} < ${threshold}, 역전파 중`,
  deadRelu: (l, neurons) => `죽은 ReLU: 층 ${l}의 뉴런 ${neurons}은(는) 배치의 모든 샘플에서 u ≤ 0, 순전파 중`,
  expression: koExpression,
  optimizer: koOptimizer,
};

/** The words for a locale such as "ko" or "en-US" (English for any other). */
export function wordsFor(locale: string | undefined): Words {
  return locale?.toLowerCase().startsWith('ko') ? ko : en;
}

let current: Words = en;

/** The words in force (one locale per VS Code window, so one for every session of the process). */
export function words(): Words {
  return current;
}

/**
 * Chooses the words for the locale of `initialize` (mutates the module's choice), and the engine's
 * messages for the network file's errors with them.
 */
export function useLocale(locale: string | undefined): void {
  current = wordsFor(locale);
  useMessages(locale);
}
