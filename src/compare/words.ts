// The comparison's words in English and Korean: where a difference is, the connecting words of its
// equation, and the mistakes it recognises. The notes' symbols (u, y, δ, ∂y, ∂w, ∂b, η, E, f′) are never
// translated. Korean when the engine's messages are (the debug adapter chooses them from VS Code's
// locale); the command line writes English. Imports only the engine.

import { messages, messagesFor } from '../engine/messages';

export interface CompareWords {
  iteration(t: number): string;
  phase(p: 'forward' | 'loss' | 'backward' | 'update', initial: boolean): string;
  layer(l: number): string;
  yours: string;
  terms(n: number): string;
  epochOf(t: number, epoch: number, batches: number): string;
  updatesDone(t: number, iteration: number): string;
  batchHolds(t: number, samples: string): string;
  inputsOf(sample: number, row: number): string;
  mask(kept: boolean, iteration: number, p: number): string;
  initial(weights: boolean): string;
  frozen(field: string, value: string): string;
  afterUpdate(iteration: number): string;
  slotOf(slot: string, param: string): string;
  // the mistakes
  offByOneSamples(late: boolean): string;
  offByOneInputs(theirs: number, ours: number): string;
  offByOneRerun(later: boolean): string;
  withoutF(self: string): string;
  withoutB(self: string): string;
  withoutFPrime(self: string): string;
  softmaxThroughSquares: string;
  softmaxJacobian: string;
  oppositeSign: string;
  transposedShape(rows: number, cols: number, prevLetter: string, self: string, before: number): string;
  transposed(prevLetter: string, self: string, before: number): string;
  transposedW(rows: number, cols: number, before: number): string;
  summedForMean(n: number): string;
  averagedForSum(n: number): string;
  withoutHalf: string;
  wrongSign(sum: string): string;
  withoutEta: string;
  notUpdated(param: string): string;
  // the summary
  agreedBefore(n: number, where: string): string;
  allAgree(n: number, iterations: number): string;
}

const en: CompareWords = {
  iteration: (t) => `iteration ${t}`,
  phase: (p, initial) => (initial ? 'forward (initial parameters)' : p),
  layer: (l) => `layer ${l}`,
  yours: 'yours',
  terms: (n) => `Σ of ${n} terms`,
  epochOf: (t, epoch, batches) => `iteration ${t} is in epoch ${epoch} (${batches} batches an epoch)`,
  updatesDone: (t, iteration) => `t = ${t}: the updates done after iteration ${iteration}'s`,
  batchHolds: (t, samples) => `iteration ${t}'s batch holds samples ${samples}`,
  inputsOf: (sample, row) => `y_i = x_i of sample ${sample} (the inputs of the batch's sample ${row})`,
  mask: (kept, iteration, p) => `${kept ? 'kept' : 'dropped'}; drawn from the file's seed for iteration ${iteration}, p = ${p}`,
  initial: (weights) => `the initial ${weights ? 'weights' : 'biases'} (the network file's, or drawn from its seed)`,
  frozen: (field, value) => `is frozen ("${field}": false): it stays ${value}`,
  afterUpdate: (iteration) => `after the update of iteration ${iteration}`,
  slotOf: (slot, param) => `${slot} of ${param}`,
  offByOneSamples: (late) => `your batch starts one sample ${late ? 'late' : 'early'}: off by one`,
  offByOneInputs: (theirs, ours) => `these are the inputs of sample ${theirs}, the engine's batch has sample ${ours} here: your batch is off by one`,
  offByOneRerun: (later) => `these are the engine's numbers with every batch taken one sample ${later ? 'later' : 'earlier'}: your batch is off by one`,
  withoutF: (self) => `as if f were left out (that is u_${self})`,
  withoutB: (self) => `as if b_${self} were left out`,
  withoutFPrime: (self) => `as if f′(u_${self}) were left out`,
  softmaxThroughSquares: "which is (y_k − t_k)(1 − y_k) y_k: as if δ went through the sum of squares' chain rule with f′ = (1 − y) y; softmax with cross-entropy gives δ_k = y_k − t_k",
  softmaxJacobian: "which is softmax's Jacobian applied to y − t: as if the loss were the sum of squares; with cross-entropy δ_k = y_k − t_k",
  oppositeSign: 'the opposite sign',
  transposedShape: (rows, cols, prev, self, before) => `your ∂w is ${rows} × ${cols}: transposed (∂w_${prev}${self} has a row per neuron of layer ${before}: ∂W = Yᵀ Δ, not Δᵀ Y)`,
  transposed: (prev, self, before) => `your ∂w is transposed (∂w_${prev}${self} has a row per neuron of layer ${before}: ∂W = Yᵀ Δ, not Δᵀ Y)`,
  transposedW: (rows, cols, before) => `your w is ${rows} × ${cols}: transposed (w_jk has a row per neuron of layer ${before})`,
  summedForMean: (n) => `${n} times the expected value (the batch size): as if the batch were summed where the file asks for the mean ("reduction": "mean")`,
  averagedForSum: (n) => `1/${n} of the expected value (the batch size): as if the batch were averaged where the file sums it ("reduction": "sum")`,
  withoutHalf: 'twice the expected value: as if the ½ of E = ½ Σ (y − t)² were left out',
  wrongSign: (sum) => `which is ${sum}: the update has the wrong sign (w ← w − η ∂w: where ∂w > 0 the weight goes down)`,
  withoutEta: 'as if η were left out of the update',
  notUpdated: (param) => `the value before the update: as if ${param} were not updated`,
  agreedBefore: (n, where) => `${n} numbers of your trace agreed before ${where}`,
  allAgree: (n, iterations) => `all ${n} numbers of your trace agree (through iteration ${iterations})`,
};

const PHASE_KO = { forward: '순전파', loss: '오차', backward: '역전파', update: '가중치 수정' } as const;

const ko: CompareWords = {
  iteration: (t) => `반복 ${t}`,
  phase: (p, initial) => (initial ? '순전파 (초기 매개변수)' : PHASE_KO[p]),
  layer: (l) => `층 ${l}`,
  yours: '내 값',
  terms: (n) => `항 ${n}개의 Σ`,
  epochOf: (t, epoch, batches) => `반복 ${t}은(는) 에포크 ${epoch}에 속합니다 (에포크당 배치 ${batches}개)`,
  updatesDone: (t, iteration) => `t = ${t}: 반복 ${iteration}의 수정까지 한 가중치 수정 횟수`,
  batchHolds: (t, samples) => `반복 ${t}의 배치: 샘플 ${samples}`,
  inputsOf: (sample, row) => `y_i = 샘플 ${sample}의 x_i (배치의 ${row}번째 샘플의 입력)`,
  mask: (kept, iteration, p) => `${kept ? '유지' : '드롭'}; 반복 ${iteration}에서 파일의 시드로 뽑음, p = ${p}`,
  initial: (weights) => `초기 ${weights ? '가중치' : '편향'} (네트워크 파일의 값, 또는 시드로 뽑은 값)`,
  frozen: (field, value) => `고정됨 ("${field}": false): ${value} 그대로`,
  afterUpdate: (iteration) => `반복 ${iteration}의 가중치 수정 후`,
  slotOf: (slot, param) => `${param}의 ${slot}`,
  offByOneSamples: (late) => `배치가 한 샘플 ${late ? '늦게' : '일찍'} 시작합니다: 하나 어긋남`,
  offByOneInputs: (theirs, ours) => `샘플 ${theirs}의 입력입니다. 엔진의 배치는 여기에 샘플 ${ours}이 있습니다: 배치가 하나 어긋남`,
  offByOneRerun: (later) => `모든 배치를 한 샘플 ${later ? '늦게' : '일찍'} 잡았을 때 엔진이 계산하는 값입니다: 배치가 하나 어긋남`,
  withoutF: (self) => `f를 빠뜨린 것처럼 (그것은 u_${self})`,
  withoutB: (self) => `b_${self}를 빠뜨린 것처럼`,
  withoutFPrime: (self) => `f′(u_${self})를 빠뜨린 것처럼`,
  softmaxThroughSquares: '(y_k − t_k)(1 − y_k) y_k입니다: f′ = (1 − y) y로 오차제곱합의 연쇄 법칙을 쓴 것처럼. 소프트맥스와 교차 엔트로피에서는 δ_k = y_k − t_k',
  softmaxJacobian: 'y − t에 소프트맥스의 야코비안을 적용한 값입니다: 오차가 오차제곱합인 것처럼. 교차 엔트로피에서는 δ_k = y_k − t_k',
  oppositeSign: '부호가 반대',
  transposedShape: (rows, cols, prev, self, before) => `내 ∂w는 ${rows} × ${cols}: 전치됨 (∂w_${prev}${self}는 층 ${before}의 뉴런마다 한 행: ∂W = Yᵀ Δ, Δᵀ Y가 아님)`,
  transposed: (prev, self, before) => `내 ∂w가 전치됨 (∂w_${prev}${self}는 층 ${before}의 뉴런마다 한 행: ∂W = Yᵀ Δ, Δᵀ Y가 아님)`,
  transposedW: (rows, cols, before) => `내 w는 ${rows} × ${cols}: 전치됨 (w_jk는 층 ${before}의 뉴런마다 한 행)`,
  summedForMean: (n) => `기대값의 ${n}배 (배치 크기): 파일은 평균인데 배치를 합한 것처럼 ("reduction": "mean")`,
  averagedForSum: (n) => `기대값의 1/${n} (배치 크기): 파일은 합인데 배치를 평균한 것처럼 ("reduction": "sum")`,
  withoutHalf: '기대값의 두 배: E = ½ Σ (y − t)²의 ½을 빠뜨린 것처럼',
  wrongSign: (sum) => `${sum}입니다: 가중치 수정의 부호가 반대 (w ← w − η ∂w: ∂w > 0이면 가중치는 내려갑니다)`,
  withoutEta: '가중치 수정에서 η를 빠뜨린 것처럼',
  notUpdated: (param) => `수정 전의 값: ${param}를 수정하지 않은 것처럼`,
  agreedBefore: (n, where) => `${where} 전까지 내 트레이스의 수 ${n}개가 일치했습니다`,
  allAgree: (n, iterations) => `내 트레이스의 수 ${n}개가 모두 일치합니다 (반복 ${iterations}까지)`,
};

/** The words in force: Korean when the engine's messages are Korean. */
export function compareWords(): CompareWords {
  return messages() === messagesFor('ko') ? ko : en;
}
