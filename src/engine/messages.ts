// The engine's words for people: the network file's positioned errors (and its CSV's) and the health
// warnings, in English and Korean. The catalogue in force is English until someone chooses another:
// the debug adapter and the extension host choose VS Code's display language; the command line never
// does, so it stays English. Field names, paths, activation and loss names stay as written in the file,
// and every value from the file arrives here already quoted. Imports nothing.

export interface Messages {
  // the fields (source.ts); `what` names a field as written, e.g. "layers[1].size" or "\"init.seed\""
  unknownField(field: string, where: string, hint: string | undefined): string;
  mustBeNumber(what: string): string;
  mustBeFinite(what: string): string;
  mustBeWholeAtLeastOne(what: string): string;
  mustBeAtMost(what: string, max: string): string;
  mustBeBoolean(what: string): string;
  mustBeOneOf(what: string, options: string, hint: string | undefined): string;
  mustBeArrayOfRows(what: string): string;
  mustHaveRows(what: string, rows: number, actual: number): string;
  mustBeArrayOfNumbers(what: string, length: number): string;
  mustHaveNumbers(what: string, length: number, actual: number): string;
  // the network (parse.ts, shape.ts)
  emptyFile: string;
  invalidJson(problem: string): string;
  /** jsonc-parser's error codes, in words */
  syntax: Readonly<Record<string, string>>;
  tooDeep(depth: number): string;
  tooManyValues(max: string): string;
  notAnObject: string;
  nameMustBeString: string;
  needsLayers: string;
  layersMustBeArray: string;
  layersNeedTwo: string;
  layerMustBeObject(where: string): string;
  layerNeedsSize(where: string): string;
  inputLayerHasNo(key: string): string;
  unknownActivation(value: string, options: string, hint: string | undefined): string;
  // the optimizer, weight decay and dropout (parse.ts)
  optimizerMustBeObject: string;
  unknownOptimizer(value: string, options: string, hint: string | undefined): string;
  /** `fields`: the optimizer's own fields, quoted, or '' when it takes none */
  optimizerFieldNotFor(field: string, optimizer: string, fields: string): string;
  /** β₁, β₂, ρ, the momentum α and the dropout rate p are in [0, 1) */
  mustBeBelowOne(what: string): string;
  mustNotBeNegative(what: string): string;
  dropoutOnOutput: string;
  tooManyParameters(count: string, max: string): string;
  unknownLoss(value: string, options: string): string;
  crossEntropyActivation(activation: string): string;
  etaNegative: string;
  needsData: string;
  batchTooLarge(size: number, max: string): string;
  dataTooLarge(values: string, max: string): string;
  batchMustBeObject: string;
  initMustBeObject: string;
  seedWhole: string;
  scaleNegative: string;
  targetNegative(s: number): string;
  targetSum(s: number, sum: number): string;
  // the data (data.ts, data/csv.ts, load.ts)
  dataMustBe: string;
  dataNeedsBoth: string;
  targetRows(targets: number, inputs: number): string;
  unknownDataset(name: string, options: string): string;
  builtinInputs(name: string, n: number, size: number): string;
  sinTargets(outputs: number): string;
  syntheticTooMany(n: number, inputs: number, max: string): string;
  csvPath: string;
  cannotReadCsv(path: string, reason: string): string;
  csvNoRows(path: string): string;
  columnsNeeded(key: string): string;
  columnsMustBeArray(key: string): string;
  noColumn(column: string, path: string, columns: string): string;
  /** "… (N in all)" after the first columns of a long header */
  inAll(n: number): string;
  columnCount(key: string, count: number, expected: number): string;
  oneHotOneColumn: string;
  csvTooLarge(path: string, rows: string, width: number, max: string): string;
  csvClasses(column: string, count: number, names: string, outputs: number): string;
  datasetClasses(classes: number, outputs: number): string;
  everyOffset: string;
  noSamples: string;
  rowHasNoColumn(column: string): string;
  notAFiniteNumber(cell: string, column: string): string;
  cannotReadNetwork(reason: string): string;
  // health warnings (layerWarnings)
  saturated(count: number): string;
  dead(count: number): string;
  exploding(norm: string): string;
  vanishing(norm: string): string;
  explodingStep(norm: string, weights: string): string;
  vanishingStep(norm: string, gradient: string): string;
}

const en: Messages = {
  unknownField: (field, where, hint) => `unknown field ${field} in ${where}${hint ? ` (did you mean "${hint}"?)` : ''}`,
  mustBeNumber: (what) => `${what} must be a number`,
  mustBeFinite: (what) => `${what} must be a finite number`,
  mustBeWholeAtLeastOne: (what) => `${what} must be a whole number of at least 1`,
  mustBeAtMost: (what, max) => `${what} must be at most ${max}`,
  mustBeBoolean: (what) => `${what} must be true or false`,
  mustBeOneOf: (what, options, hint) => `${what} must be one of ${options}${hint ? ` (did you mean "${hint}"?)` : ''}`,
  mustBeArrayOfRows: (what) => `${what} must be an array of rows`,
  mustHaveRows: (what, rows, actual) => `${what} must have ${rows} rows (one per neuron of the layer before), not ${actual}`,
  mustBeArrayOfNumbers: (what, length) => `${what} must be an array of ${length} numbers`,
  mustHaveNumbers: (what, length, actual) => `${what} must have ${length} numbers, not ${actual}`,
  emptyFile: 'the file is empty: a network file is a JSON object with "layers" and "data"',
  invalidJson: (problem) => `invalid JSON: ${problem}`,
  syntax: {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing } is expected',
    CloseBracketExpected: 'a closing ] is expected',
    EndOfFileExpected: 'nothing may follow the closing }',
    InvalidCommentToken: 'malformed comment',
    UnexpectedEndOfComment: 'the comment is not closed',
    UnexpectedEndOfString: 'the string is not closed',
    UnexpectedEndOfNumber: 'the number is cut off',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  },
  tooDeep: (depth) => `nested more than ${depth} levels deep: a network file needs 4 (the network, "layers", a layer, a row of "weights")`,
  tooManyValues: (max) => `more than ${max} values in one network file: put large data in a CSV file ("data": { "csv": … })`,
  notAnObject: 'a network file is a JSON object with "layers" and "data"',
  nameMustBeString: '"name" must be a string',
  needsLayers: 'the network needs "layers": the input layer first, then at least one layer of neurons',
  layersMustBeArray: '"layers" must be an array',
  layersNeedTwo: '"layers" needs at least two entries: the inputs and one layer of neurons',
  layerMustBeObject: (where) => `${where} must be an object like { "size": 3, "activation": "sigmoid" }`,
  layerNeedsSize: (where) => `${where} needs a "size" (its number of neurons)`,
  inputLayerHasNo: (key) => `layers[0] is the input layer: it has no "${key}"`,
  unknownActivation: (value, options, hint) => `unknown activation ${value}: use one of ${options}${hint ? ` (did you mean "${hint}"?)` : ''}`,
  optimizerMustBeObject: '"optimizer" must be an object like { "name": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 }',
  unknownOptimizer: (value, options, hint) => `unknown optimizer ${value}: use one of ${options}${hint ? ` (did you mean "${hint}"?)` : ''}`,
  optimizerFieldNotFor: (field, optimizer, fields) =>
    `${field} is not a field of the optimizer "${optimizer}": ${fields ? `it takes ${fields}` : 'it takes only "name"'}`,
  mustBeBelowOne: (what) => `${what} must be at least 0 and below 1`,
  mustNotBeNegative: (what) => `${what} must not be negative`,
  dropoutOnOutput: 'the output layer takes no "dropout": the loss compares every output neuron with its target (put dropout on a hidden layer)',
  tooManyParameters: (count, max) => `these layers have ${count} weights and biases; at most ${max} fit in a debugging session`,
  unknownLoss: (value, options) => `unknown loss ${value}: use one of ${options}`,
  crossEntropyActivation: (activation) =>
    `cross-entropy takes log y of the output layer, so its activation must keep y in (0, 1): use "softmax" or "sigmoid", not "${activation}"`,
  etaNegative: '"learningRate" (η) must not be negative',
  needsData: 'the network needs "data": { "inputs": [...], "targets": [...] }, a CSV file, a built-in data set or "synthetic"',
  batchTooLarge: (size, max) => `a batch of ${size} samples through these layers needs more than ${max} values: make it smaller`,
  dataTooLarge: (values, max) => `this data holds ${values} values; at most ${max} fit: make it smaller`,
  batchMustBeObject: '"batch" must be an object like { "size": 1, "reduction": "sum", "shuffle": false }',
  initMustBeObject: '"init" must be an object like { "seed": 1, "distribution": "uniform", "scale": 0.5 }',
  seedWhole: '"init.seed" must be a whole number',
  scaleNegative: '"init.scale" must not be negative',
  targetNegative: (s) => `target ${s} has a negative entry: softmax with cross-entropy needs targets that are probabilities (one-hot rows)`,
  targetSum: (s, sum) => `target ${s} sums to ${sum}, not 1: softmax with cross-entropy needs one-hot (or probability) target rows`,
  dataMustBe: '"data" must be an object with "inputs" and "targets", a CSV file { "csv": "file.csv", … } or a built-in data set name',
  dataNeedsBoth: '"data" needs both "inputs" (one row per sample) and "targets" (one row per sample)',
  targetRows: (t, i) => `"data.targets" has ${t} rows but "data.inputs" has ${i}: one target row per sample`,
  unknownDataset: (name, options) => `unknown data set ${name}: the built-in ones are ${options}`,
  builtinInputs: (name, n, size) => `built-in "${name}" has ${n} input${n === 1 ? '' : 's'}, but layers[0] has ${size}: make its "size" ${n}`,
  sinTargets: (outputs) => `built-in "sin" has 1 target, but the output layer has ${outputs} neurons`,
  syntheticTooMany: (n, inputs, max) => `${n} synthetic samples of ${inputs} inputs are more than ${max} values: make it fewer`,
  csvPath: '"data.csv" must be the path of a CSV file, relative to the network file',
  cannotReadCsv: (path, reason) => `cannot read the CSV file ${path}: ${reason}`,
  csvNoRows: (path) => `the CSV file ${path} has no rows of data`,
  columnsNeeded: (key) => `"data.${key}" is needed with "csv": the CSV columns to use, by name or 0-based index`,
  columnsMustBeArray: (key) => `"data.${key}" must be an array of column names or 0-based indices`,
  noColumn: (column, path, columns) => `no column ${column} in ${path} (its columns: ${columns})`,
  inAll: (n) => `${n} in all`,
  columnCount: (key, count, expected) => `"data.${key}" names ${count} columns but the layer has ${expected} neurons`,
  oneHotOneColumn: '"data.oneHot" encodes one class column: "targetColumns" must name exactly one',
  csvTooLarge: (path, rows, width, max) => `the CSV file ${path} has up to ${rows} rows of ${width} values: more than ${max} values in all`,
  csvClasses: (column, count, names, outputs) => `column ${column} has ${count} classes (${names}) but the output layer has ${outputs} neurons: one per class`,
  datasetClasses: (classes, outputs) => `this data set has ${classes} classes but the output layer has ${outputs} neurons: use ${classes} (one-hot)${classes === 2 ? ' or 1' : ''}`,
  everyOffset: '"data.every" must be a whole number ≥ 1 and "data.offset" a whole number below it',
  noSamples: 'the data has no samples',
  rowHasNoColumn: (column) => `row has no column ${column}`,
  notAFiniteNumber: (cell, column) => `${cell} in column ${column} is not a finite number`,
  cannotReadNetwork: (reason) => `cannot read the network file: ${reason}`,
  saturated: (n) => `${n} saturated unit(s): f'(u) ≈ 0, so δ is ≈ 0 there`,
  dead: (n) => `${n} dead ReLU unit(s): u ≤ 0 for every sample of the batch`,
  exploding: (norm) => `exploding gradient: ‖∂w‖ = ${norm}`,
  vanishing: (norm) => `vanishing gradient: ‖δ‖ = ${norm}`,
  explodingStep: (norm, weights) => `exploding step: the update changed w by ‖Δw‖ = ${norm}, more than ‖w‖ = ${weights} itself`,
  vanishingStep: (norm, gradient) => `vanishing step: the update changed w by only ‖Δw‖ = ${norm} while ‖∂w‖ = ${gradient}`,
};

const ko: Messages = {
  unknownField: (field, where, hint) => `${where}에 알 수 없는 필드 ${field}${hint ? ` ("${hint}"을(를) 뜻했나요?)` : ''}`,
  mustBeNumber: (what) => `${what}은(는) 수여야 합니다`,
  mustBeFinite: (what) => `${what}은(는) 유한한 수여야 합니다`,
  mustBeWholeAtLeastOne: (what) => `${what}은(는) 1 이상의 정수여야 합니다`,
  mustBeAtMost: (what, max) => `${what}은(는) ${max} 이하여야 합니다`,
  mustBeBoolean: (what) => `${what}은(는) true 또는 false여야 합니다`,
  mustBeOneOf: (what, options, hint) => `${what}은(는) ${options} 중 하나여야 합니다${hint ? ` ("${hint}"을(를) 뜻했나요?)` : ''}`,
  mustBeArrayOfRows: (what) => `${what}은(는) 행의 배열이어야 합니다`,
  mustHaveRows: (what, rows, actual) => `${what}에는 ${rows}개의 행(앞 층의 뉴런마다 하나)이 있어야 합니다 (지금 ${actual}개)`,
  mustBeArrayOfNumbers: (what, length) => `${what}은(는) 수 ${length}개의 배열이어야 합니다`,
  mustHaveNumbers: (what, length, actual) => `${what}에는 수가 ${length}개 있어야 합니다 (지금 ${actual}개)`,
  emptyFile: '파일이 비어 있습니다: 네트워크 파일은 "layers"와 "data"가 있는 JSON 객체입니다',
  invalidJson: (problem) => `잘못된 JSON: ${problem}`,
  syntax: {
    InvalidSymbol: '예상하지 못한 문자',
    InvalidNumberFormat: '잘못된 형식의 수',
    PropertyNameExpected: '큰따옴표로 감싼 속성 이름이 와야 합니다',
    ValueExpected: '값이 와야 합니다',
    ColonExpected: '콜론(:)이 와야 합니다',
    CommaExpected: '쉼표(,)가 와야 합니다',
    CloseBraceExpected: '닫는 }가 와야 합니다',
    CloseBracketExpected: '닫는 ]가 와야 합니다',
    EndOfFileExpected: '닫는 } 뒤에는 아무것도 올 수 없습니다',
    InvalidCommentToken: '잘못된 형식의 주석',
    UnexpectedEndOfComment: '주석이 닫히지 않았습니다',
    UnexpectedEndOfString: '문자열이 닫히지 않았습니다',
    UnexpectedEndOfNumber: '수가 중간에 끊겼습니다',
    InvalidUnicode: '잘못된 유니코드 이스케이프',
    InvalidEscapeCharacter: '잘못된 이스케이프 문자',
    InvalidCharacter: '잘못된 문자',
  },
  tooDeep: (depth) => `${depth}단계보다 깊게 중첩되어 있습니다: 네트워크 파일에는 4단계(네트워크, "layers", 층, "weights"의 행)면 충분합니다`,
  tooManyValues: (max) => `네트워크 파일 하나에 값이 ${max}개보다 많습니다: 큰 데이터는 CSV 파일에 두세요 ("data": { "csv": … })`,
  notAnObject: '네트워크 파일은 "layers"와 "data"가 있는 JSON 객체입니다',
  nameMustBeString: '"name"은 문자열이어야 합니다',
  needsLayers: '네트워크에 "layers"가 필요합니다: 먼저 입력층, 그다음 뉴런이 있는 층 하나 이상',
  layersMustBeArray: '"layers"는 배열이어야 합니다',
  layersNeedTwo: '"layers"에는 항목이 두 개 이상 필요합니다: 입력층과 뉴런이 있는 층 하나',
  layerMustBeObject: (where) => `${where}은(는) { "size": 3, "activation": "sigmoid" } 같은 객체여야 합니다`,
  layerNeedsSize: (where) => `${where}에 "size"(뉴런 수)가 필요합니다`,
  inputLayerHasNo: (key) => `layers[0]은 입력층이므로 "${key}"이(가) 없습니다`,
  unknownActivation: (value, options, hint) => `알 수 없는 활성화 함수 ${value}: ${options} 중 하나를 쓰세요${hint ? ` ("${hint}"을(를) 뜻했나요?)` : ''}`,
  optimizerMustBeObject: '"optimizer"는 { "name": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 } 같은 객체여야 합니다',
  unknownOptimizer: (value, options, hint) => `알 수 없는 옵티마이저 ${value}: ${options} 중 하나를 쓰세요${hint ? ` ("${hint}"을(를) 뜻했나요?)` : ''}`,
  optimizerFieldNotFor: (field, optimizer, fields) =>
    `${field}은(는) 옵티마이저 "${optimizer}"의 필드가 아닙니다: ${fields ? `이 옵티마이저의 필드는 ${fields}입니다` : '"name"만 받습니다'}`,
  mustBeBelowOne: (what) => `${what}은(는) 0 이상 1 미만이어야 합니다`,
  mustNotBeNegative: (what) => `${what}은(는) 음수일 수 없습니다`,
  dropoutOnOutput: '출력층에는 "dropout"을 쓸 수 없습니다: 오차 함수가 모든 출력 뉴런을 목표와 비교합니다 (드롭아웃은 은닉층에 두세요)',
  tooManyParameters: (count, max) => `이 층들의 가중치와 편향은 ${count}개입니다: 디버깅 세션에는 ${max}개까지 들어갑니다`,
  unknownLoss: (value, options) => `알 수 없는 오차 함수 ${value}: ${options} 중 하나를 쓰세요`,
  crossEntropyActivation: (activation) =>
    `cross-entropy는 출력층의 log y를 쓰므로 활성화 함수가 y를 (0, 1) 안에 두어야 합니다: "${activation}" 대신 "softmax"나 "sigmoid"를 쓰세요`,
  etaNegative: '"learningRate"(η)는 음수일 수 없습니다',
  needsData: '네트워크에 "data"가 필요합니다: { "inputs": [...], "targets": [...] }, CSV 파일, 내장 데이터 세트 또는 "synthetic"',
  batchTooLarge: (size, max) => `이 층들에 샘플 ${size}개의 배치를 통과시키려면 값이 ${max}개보다 많이 필요합니다: 더 작게 하세요`,
  dataTooLarge: (values, max) => `이 데이터에는 값이 ${values}개 있습니다: ${max}개까지 들어갑니다. 더 작게 하세요`,
  batchMustBeObject: '"batch"는 { "size": 1, "reduction": "sum", "shuffle": false } 같은 객체여야 합니다',
  initMustBeObject: '"init"는 { "seed": 1, "distribution": "uniform", "scale": 0.5 } 같은 객체여야 합니다',
  seedWhole: '"init.seed"는 정수여야 합니다',
  scaleNegative: '"init.scale"은 음수일 수 없습니다',
  targetNegative: (s) => `목표 ${s}에 음수 항목이 있습니다: softmax와 cross-entropy에는 확률인 목표(원-핫 행)가 필요합니다`,
  targetSum: (s, sum) => `목표 ${s}의 합이 1이 아니라 ${sum}입니다: softmax와 cross-entropy에는 원-핫(또는 확률) 목표 행이 필요합니다`,
  dataMustBe: '"data"는 "inputs"와 "targets"가 있는 객체, CSV 파일 { "csv": "file.csv", … } 또는 내장 데이터 세트 이름이어야 합니다',
  dataNeedsBoth: '"data"에는 "inputs"(샘플마다 한 행)와 "targets"(샘플마다 한 행)가 모두 필요합니다',
  targetRows: (t, i) => `"data.targets"는 ${t}행인데 "data.inputs"는 ${i}행입니다: 샘플마다 목표 행이 하나씩 있어야 합니다`,
  unknownDataset: (name, options) => `알 수 없는 데이터 세트 ${name}: 내장 데이터 세트는 ${options}입니다`,
  builtinInputs: (name, n, size) => `내장 "${name}"의 입력은 ${n}개인데 layers[0]은 ${size}개입니다: "size"를 ${n}(으)로 하세요`,
  sinTargets: (outputs) => `내장 "sin"의 목표는 1개인데 출력층의 뉴런은 ${outputs}개입니다`,
  syntheticTooMany: (n, inputs, max) => `입력 ${inputs}개의 합성 샘플 ${n}개는 값 ${max}개보다 많습니다: 더 적게 하세요`,
  csvPath: '"data.csv"는 네트워크 파일을 기준으로 한 CSV 파일의 경로여야 합니다',
  cannotReadCsv: (path, reason) => `CSV 파일 ${path}을(를) 읽을 수 없습니다: ${reason}`,
  csvNoRows: (path) => `CSV 파일 ${path}에 데이터 행이 없습니다`,
  columnsNeeded: (key) => `"csv"에는 "data.${key}"가 필요합니다: 쓸 CSV 열의 이름이나 0부터 시작하는 번호`,
  columnsMustBeArray: (key) => `"data.${key}"는 열 이름이나 0부터 시작하는 번호의 배열이어야 합니다`,
  noColumn: (column, path, columns) => `${path}에 ${column} 열이 없습니다 (있는 열: ${columns})`,
  inAll: (n) => `모두 ${n}개`,
  columnCount: (key, count, expected) => `"data.${key}"는 열 ${count}개를 가리키는데 층의 뉴런은 ${expected}개입니다`,
  oneHotOneColumn: '"data.oneHot"은 클래스 열 하나를 인코딩합니다: "targetColumns"에 정확히 하나를 적으세요',
  csvTooLarge: (path, rows, width, max) => `CSV 파일 ${path}은(는) 값 ${width}개짜리 행이 최대 ${rows}개입니다: 모두 합해 값 ${max}개보다 많습니다`,
  csvClasses: (column, count, names, outputs) => `${column} 열의 클래스는 ${count}개(${names})인데 출력층의 뉴런은 ${outputs}개입니다: 클래스마다 하나씩 필요합니다`,
  datasetClasses: (classes, outputs) => `이 데이터 세트의 클래스는 ${classes}개인데 출력층의 뉴런은 ${outputs}개입니다: ${classes}개(원-핫)${classes === 2 ? ' 또는 1개' : ''}를 쓰세요`,
  everyOffset: '"data.every"는 1 이상의 정수, "data.offset"은 그보다 작은 정수여야 합니다',
  noSamples: '데이터에 샘플이 없습니다',
  rowHasNoColumn: (column) => `행에 ${column} 열이 없습니다`,
  notAFiniteNumber: (cell, column) => `${column} 열의 ${cell}은(는) 유한한 수가 아닙니다`,
  cannotReadNetwork: (reason) => `네트워크 파일을 읽을 수 없습니다: ${reason}`,
  saturated: (n) => `포화된 뉴런 ${n}개: f'(u) ≈ 0이므로 그곳의 δ도 ≈ 0`,
  dead: (n) => `죽은 ReLU 뉴런 ${n}개: 배치의 모든 샘플에서 u ≤ 0`,
  exploding: (norm) => `기울기 폭발: ‖∂w‖ = ${norm}`,
  vanishing: (norm) => `기울기 소실: ‖δ‖ = ${norm}`,
  explodingStep: (norm, weights) => `갱신 폭발: 갱신이 w를 ‖Δw‖ = ${norm}만큼 바꿨습니다. ‖w‖ = ${weights}보다 큽니다`,
  vanishingStep: (norm, gradient) => `갱신 소실: ‖∂w‖ = ${gradient}인데 갱신이 w를 ‖Δw‖ = ${norm}만큼밖에 바꾸지 않았습니다`,
};

/** The catalogue for a locale such as "ko" or "en-US" (English for any other). */
export function messagesFor(locale: string | undefined): Messages {
  return locale?.toLowerCase().startsWith('ko') ? ko : en;
}

let current: Messages = en;

/** The catalogue in force (one display language per VS Code window, so one per process). */
export function messages(): Messages {
  return current;
}

/** Chooses the catalogue for `locale` (mutates the module's choice; undefined: English). */
export function useMessages(locale: string | undefined): void {
  current = messagesFor(locale);
}
