// The watch language of the debugger (Watch, hover, Debug Console, breakpoint conditions, logpoints):
// a tokenizer, a parser to a small tagged-union AST, and a compiler from the AST to closures, so a
// condition is parsed once and then costs a few function calls per stop. Never `eval`/`new Function`.
// Names are shared/NOTATION.md's: u[L], y[L], delta[L] (δ), dy[L] (∂y), w[L], b[L], dw[L] (∂w),
// db[L] (∂b), t (targets), loss (E), epochLoss (the mean E_s over the epoch), iteration, epoch, eta (η);
// the optimizer's state of the weights v[L], h[L], m[L] (the bias's vb[L], hb[L], mb[L]), Adam's
// mhat[L] (m̂), vhat[L] (v̂), the update's step[L] (stepb[L]), the effective learning rate lr[L] (lrb[L]),
// dropout's mask[L], and updates (t of Adam: the updates applied so far; `t` stays the targets).
// Imports only the adapter's words.

import { QUANTITIES, SYMBOL, type Quantity } from '../engine/quantities';
import { words } from './i18n';

/** A matrix (rows × cols, row-major) or a vector (one row, indexed straight to numbers). */
export interface Tensor {
  readonly rows: number;
  readonly cols: number;
  /** exactly rows × cols values */
  readonly data: Float64Array;
  /** true for b, ∂b and rows of matrices: one index gives a number */
  readonly vector: boolean;
  /** 1 where the value has been computed at this stop; absent when all have */
  readonly known?: Uint8Array;
}

export type Value = number | boolean | Tensor;

export type ScalarName = 'loss' | 'epochLoss' | 'lastEpochLoss' | 'iteration' | 'epoch' | 'eta';

/**
 * A layer's optimizer state, step and dropout mask: the weights' (v, h, m, m̂, v̂, step, lr: [j][k] like w)
 * and the bias's (vb, hb, mb, mhatb, vhatb, stepb, lrb: [k] like b); mask per sample like y.
 */
export const STATE_NAMES = ['v', 'h', 'm', 'mhat', 'vhat', 'step', 'lr', 'vb', 'hb', 'mb', 'mhatb', 'vhatb', 'stepb', 'lrb', 'mask'] as const;
export type StateName = (typeof STATE_NAMES)[number];

/** What expressions read: the state at the current stop. */
export interface Environment {
  /** quantity of layer l; throws ExpressionError when there is no such layer, NotComputedError when not yet computed */
  quantity(name: Quantity, layer: number): Tensor;
  /** t_k of the current batch, per sample */
  targets(): Tensor;
  /** throws NotComputedError for the loss before the loss stop */
  scalar(name: ScalarName): number;
  /** the optimizer's state, step or mask of layer l; throws ExpressionError when there is none (sgd, frozen, no dropout) */
  layerState?(name: StateName, layer: number): Tensor;
  /** t of the optimizer: the updates applied so far */
  updates?(): number;
}

/** A mistake in the expression's text, at a 0-based offset. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** An expression that parsed but cannot be evaluated in this state. */
export class ExpressionError extends Error {}

/** The value asked for exists but has not been computed yet at this stop. */
export class NotComputedError extends ExpressionError {}

// --- names ----------------------------------------------------------------------------------------

/** A quantity by its ASCII name (delta) or the notes' symbol (δ). */
const QUANTITY_NAMES: Record<string, Quantity> = Object.fromEntries(QUANTITIES.flatMap((q) => [[q, q], [SYMBOL[q], q]]));

const SCALARS: Record<string, ScalarName> = { loss: 'loss', E: 'loss', epochLoss: 'epochLoss', lastEpochLoss: 'lastEpochLoss', iteration: 'iteration', epoch: 'epoch', eta: 'eta', η: 'eta' };

/** A layer's optimizer state by its ASCII name, or undefined. */
function stateName(name: string): StateName | undefined {
  return (STATE_NAMES as readonly string[]).includes(name) ? (name as StateName) : undefined;
}

/** The ASCII name of a quantity, scalar, optimizer state or `t`, or undefined for an unknown name. */
export function canonicalName(name: string): Quantity | ScalarName | StateName | 't' | 'updates' | undefined {
  if (name === 't' || name === 'targets') return 't';
  if (name === 'updates') return 'updates';
  const state = stateName(name);
  if (state) return state;
  // own properties only: `constructor`, `__proto__`, `toString` are unknown names like any other
  if (Object.hasOwn(QUANTITY_NAMES, name)) return QUANTITY_NAMES[name];
  if (Object.hasOwn(SCALARS, name)) return SCALARS[name];
  return undefined;
}

// --- tokens ---------------------------------------------------------------------------------------

type Token =
  | { kind: 'number'; value: number; offset: number }
  | { kind: 'name'; name: string; offset: number }
  | { kind: 'op'; op: string; offset: number }
  | { kind: 'end'; offset: number };

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', ','];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const name = /[\p{L}_∂][\p{L}\p{N}_]*/uy;
  const number = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    number.lastIndex = i;
    const n = number.exec(text);
    if (n) {
      tokens.push({ kind: 'number', value: Number(n[0]), offset: i });
      i += n[0].length;
      continue;
    }
    name.lastIndex = i;
    const m = name.exec(text);
    if (m) {
      tokens.push({ kind: 'name', name: m[0], offset: i });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ParseError(words().expression.unexpectedCharacter(c, i + 1), i);
    tokens.push({ kind: 'op', op, offset: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', offset: text.length });
  return tokens;
}

// --- syntax ---------------------------------------------------------------------------------------

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type Node =
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'name'; name: string; offset: number }
  | { kind: 'index'; target: Node; index: Node }
  | { kind: 'call'; name: string; args: Node[]; offset: number }
  | { kind: 'unary'; op: '-' | '+' | '!'; operand: Node }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node };

const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** Levels of nesting an expression may have (parentheses, operators, indices, calls). */
export const MAX_DEPTH = 200;

/** Parses an expression (throws ParseError). */
export function parse(text: string): Node {
  const tokens = tokenize(text);
  let p = 0;
  const peek = (): Token => tokens[p];
  const isOp = (op: string): boolean => {
    const t = tokens[p];
    return t.kind === 'op' && t.op === op;
  };
  const describe = (t: Token): string => (t.kind === 'end' ? words().expression.end : words().expression.token(text.slice(t.offset, t.kind === 'op' ? t.offset + t.op.length : undefined).split(/\s/)[0], t.offset + 1));
  const expect = (op: string): void => {
    if (!isOp(op)) throw new ParseError(words().expression.expected(op, describe(peek())), peek().offset);
    p++;
  };

  // The parser, the compiler and the compiled closures all recurse once per level of the tree, so
  // its depth is bounded here: deeper is an expression error, never a stack overflow.
  const depths = new Map<Node, number>();
  const depthOf = (n: Node): number => depths.get(n) ?? 1;
  const made = <T extends Node>(n: T, at: number, ...children: Node[]): T => {
    let d = 0;
    for (const c of children) d = Math.max(d, depthOf(c));
    if (d + 1 > MAX_DEPTH) throw new ParseError(`the expression nests more than ${MAX_DEPTH} levels deep`, at);
    depths.set(n, d + 1);
    return n;
  };
  let nesting = 0;
  const enter = (at: number): void => {
    if (++nesting > MAX_DEPTH) throw new ParseError(`the expression nests more than ${MAX_DEPTH} levels deep`, at);
  };

  const binary = (minPrecedence: number): Node => {
    enter(peek().offset);
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.kind !== 'op') break;
      const prec = PRECEDENCE[t.op];
      if (prec === undefined || prec < minPrecedence) break;
      p++;
      const right = binary(prec + 1);
      left = made({ kind: 'binary', op: t.op as BinaryOp, left, right }, t.offset, left, right);
    }
    nesting--;
    return left;
  };

  const unary = (): Node => {
    const t = peek();
    if (t.kind === 'op' && (t.op === '-' || t.op === '+' || t.op === '!')) {
      p++;
      enter(t.offset);
      const operand = unary();
      nesting--;
      return made({ kind: 'unary', op: t.op, operand }, t.offset, operand);
    }
    return postfix();
  };

  const postfix = (): Node => {
    let node = primary();
    while (isOp('[')) {
      p++;
      const at = peek().offset;
      const index = binary(1);
      expect(']');
      node = made({ kind: 'index', target: node, index }, at, node, index);
    }
    return node;
  };

  const primary = (): Node => {
    const t = peek();
    switch (t.kind) {
      case 'number':
        p++;
        return { kind: 'number', value: t.value };
      case 'name': {
        p++;
        if (t.name === 'true' || t.name === 'false') return { kind: 'boolean', value: t.name === 'true' };
        if (isOp('(')) {
          p++;
          const args: Node[] = [];
          if (!isOp(')')) {
            args.push(binary(1));
            while (isOp(',')) {
              p++;
              args.push(binary(1));
            }
          }
          expect(')');
          return made({ kind: 'call', name: t.name, args, offset: t.offset }, t.offset, ...args);
        }
        return { kind: 'name', name: t.name, offset: t.offset };
      }
      case 'op':
        if (t.op === '(') {
          p++;
          const inner = binary(1);
          expect(')');
          return inner;
        }
        throw new ParseError(words().expression.unexpected(describe(t)), t.offset);
      case 'end':
        throw new ParseError(text.trim() ? words().expression.endsTooEarly : words().expression.empty, t.offset);
    }
  };

  const node = binary(1);
  if (peek().kind !== 'end') throw new ParseError(words().expression.unexpected(describe(peek())), peek().offset);
  return node;
}

// --- evaluation -----------------------------------------------------------------------------------

export type Compiled = (env: Environment) => Value;

/** Parses and compiles `text` once (throws ParseError, or ExpressionError for unknown names and functions). */
export function compileExpression(text: string): Compiled {
  return compile(parse(text));
}

/** Compiles an AST to a closure (throws ExpressionError for unknown names and functions). */
export function compile(node: Node): Compiled {
  switch (node.kind) {
    case 'number':
    case 'boolean': {
      const v = node.value;
      return () => v;
    }
    case 'name': {
      const name = canonicalName(node.name);
      if (name === undefined) throw new ExpressionError(words().expression.unknownName(node.name, 'u, y, delta, dy, w, b, dw, db, t, loss, epochLoss, iteration, epoch, eta, v, h, m, step, lr, mask, updates'));
      if (name === 't') return (env) => env.targets();
      if (name === 'updates') return (env) => (env.updates ? env.updates() : 0);
      if (Object.hasOwn(SCALARS, name)) {
        const scalar = name as ScalarName;
        return (env) => env.scalar(scalar);
      }
      throw new ExpressionError(words().expression.needsLayer(node.name));
    }
    case 'index': {
      const index = compile(node.index);
      const target = node.target;
      if (target.kind === 'name') {
        const q = Object.hasOwn(QUANTITY_NAMES, target.name) ? QUANTITY_NAMES[target.name] : undefined;
        const state = stateName(target.name);
        if (state) return (env) => layerState(env, state, toIndex(index(env)));
        if (q) return (env) => env.quantity(q, toIndex(index(env)));
      }
      const of = compile(target);
      return (env) => indexValue(of(env), toIndex(index(env)));
    }
    case 'call': {
      const fn = Object.hasOwn(FUNCTIONS, node.name) ? FUNCTIONS[node.name] : undefined;
      if (!fn) throw new ExpressionError(words().expression.unknownFunction(node.name, Object.keys(FUNCTIONS).join(', ')));
      const args = node.args.map(compile);
      if (args.length === 0) throw new ExpressionError(words().expression.needsArgument(node.name));
      if (args.length === 1) {
        const [a] = args;
        return (env) => fn([a(env)]);
      }
      return (env) => fn(args.map((a) => a(env)));
    }
    case 'unary': {
      const operand = compile(node.operand);
      switch (node.op) {
        case '-':
          return (env) => map(operand(env), (x) => -x);
        case '+':
          return (env) => map(operand(env), (x) => x);
        case '!':
          return (env) => !truthy(operand(env));
      }
      break;
    }
    case 'binary': {
      const left = compile(node.left);
      const right = compile(node.right);
      const op = node.op;
      switch (op) {
        case '&&':
          return (env) => truthy(left(env)) && truthy(right(env));
        case '||':
          return (env) => truthy(left(env)) || truthy(right(env));
        case '==':
        case '!=': {
          const equal = op === '==';
          return (env) => (scalarOf(left(env), op) === scalarOf(right(env), op)) === equal;
        }
        case '<':
          return (env) => number(left(env), op) < number(right(env), op);
        case '<=':
          return (env) => number(left(env), op) <= number(right(env), op);
        case '>':
          return (env) => number(left(env), op) > number(right(env), op);
        case '>=':
          return (env) => number(left(env), op) >= number(right(env), op);
        case '+':
          return (env) => zip(left(env), right(env), op, (a, b) => a + b);
        case '-':
          return (env) => zip(left(env), right(env), op, (a, b) => a - b);
        case '*':
          return (env) => zip(left(env), right(env), op, (a, b) => a * b);
        case '/':
          return (env) => zip(left(env), right(env), op, (a, b) => a / b);
        case '%':
          return (env) => zip(left(env), right(env), op, (a, b) => a % b);
        default: {
          const never: never = op;
          throw new ExpressionError(`unknown operator ${String(never)}`);
        }
      }
    }
  }
  throw new ExpressionError('unreachable');
}

function layerState(env: Environment, name: StateName, l: number): Tensor {
  if (!env.layerState) throw new ExpressionError(words().expression.noState(name, 'sgd'));
  return env.layerState(name, l);
}

export function isTensor(v: Value): v is Tensor {
  return typeof v === 'object';
}

function toIndex(v: Value): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ExpressionError(words().expression.wholeIndex(formatValue(v)));
  return v;
}

/** tensor[i]: a row of a matrix (as a vector), or an element of a vector. */
export function indexValue(v: Value, i: number): Value {
  if (!isTensor(v)) throw new ExpressionError(words().expression.cannotIndex(formatValue(v)));
  if (v.vector) {
    if (i < 0 || i >= v.cols) throw new ExpressionError(words().expression.indexOutOfRange(i, v.cols - 1));
    if (v.known && !v.known[i]) throw new NotComputedError(words().notComputed);
    return v.data[i];
  }
  if (i < 0 || i >= v.rows) throw new ExpressionError(words().expression.rowOutOfRange(i, v.rows - 1));
  const from = i * v.cols;
  const to = from + v.cols;
  return { rows: 1, cols: v.cols, data: v.data.subarray(from, to), vector: true, known: v.known?.subarray(from, to) };
}

function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  throw new ExpressionError(words().expression.matrixTruth);
}

function number(v: Value, op: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') throw new ExpressionError(words().expression.operatorNeedsNumbersNot(op, String(v)));
  throw new ExpressionError(words().expression.operatorNeedsNumbersNotMatrix(op, true));
}

function scalarOf(v: Value, op: string): number | boolean {
  if (isTensor(v)) throw new ExpressionError(words().expression.operatorNeedsNumbersNotMatrix(op, false));
  return v;
}

function checkKnown(t: Tensor): void {
  if (t.known) for (let x = 0; x < t.known.length; x++) if (!t.known[x]) throw new NotComputedError(words().notComputed);
}

function map(v: Value, f: (x: number) => number): Value {
  if (typeof v === 'number') return f(v);
  if (typeof v === 'boolean') throw new ExpressionError(words().expression.arithmeticNeedsNumbers(String(v)));
  checkKnown(v);
  const data = new Float64Array(v.data.length);
  for (let x = 0; x < data.length; x++) data[x] = f(v.data[x]);
  return { rows: v.rows, cols: v.cols, data, vector: v.vector };
}

function zip(a: Value, b: Value, op: string, f: (x: number, y: number) => number): Value {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') throw new ExpressionError(words().expression.operatorNeedsNumbers(op));
  if (typeof a === 'number') return map(b, (y) => f(a, y));
  if (typeof b === 'number') return map(a, (x) => f(x, b));
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ExpressionError(words().expression.shapes(op, `${a.rows}×${a.cols}`, `${b.rows}×${b.cols}`));
  checkKnown(a);
  checkKnown(b);
  const data = new Float64Array(a.data.length);
  for (let x = 0; x < data.length; x++) data[x] = f(a.data[x], b.data[x]);
  return { rows: a.rows, cols: a.cols, data, vector: a.vector };
}

/** Calls `each` on every number of the arguments (matrices flattened). */
function forEachNumber(args: Value[], name: string, each: (x: number) => void): void {
  for (const a of args) {
    if (typeof a === 'number') each(a);
    else if (typeof a === 'boolean') throw new ExpressionError(words().expression.functionNeedsNumbers(name));
    else {
      checkKnown(a);
      for (let x = 0; x < a.data.length; x++) each(a.data[x]);
    }
  }
}

function reduce(name: string, start: number, f: (acc: number, x: number) => number, finish: (acc: number, count: number) => number = (acc) => acc): (args: Value[]) => Value {
  return (args) => {
    let acc = start;
    let count = 0;
    forEachNumber(args, name, (x) => {
      acc = f(acc, x);
      count++;
    });
    if (count === 0) throw new ExpressionError(words().expression.functionOfNothing(name));
    return finish(acc, count);
  };
}

function elementwise(name: string, f: (x: number) => number): (args: Value[]) => Value {
  return (args) => {
    if (args.length !== 1) throw new ExpressionError(words().expression.functionTakesOne(name));
    return map(args[0], f);
  };
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  abs: elementwise('abs', Math.abs),
  sqrt: elementwise('sqrt', Math.sqrt),
  exp: elementwise('exp', Math.exp),
  log: elementwise('log', Math.log),
  min: reduce('min', Infinity, (acc, x) => (x < acc || Number.isNaN(x) ? x : acc)),
  max: reduce('max', -Infinity, (acc, x) => (x > acc || Number.isNaN(x) ? x : acc)),
  sum: reduce('sum', 0, (acc, x) => acc + x),
  mean: reduce('mean', 0, (acc, x) => acc + x, (acc, count) => acc / count),
  /** √Σ x² */
  norm: reduce('norm', 0, (acc, x) => acc + x * x, (acc) => Math.sqrt(acc)),
};

// --- display --------------------------------------------------------------------------------------

/** A number at full precision: the shortest text that reads back as the same double. */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A short one-line rendering (matrices abbreviated after `limit` numbers). */
export function formatValue(v: Value, limit = 8): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  let shown = 0;
  const row = (from: number): string => {
    const parts: string[] = [];
    for (let c = 0; c < v.cols; c++) {
      if (shown >= limit) {
        parts.push('…');
        break;
      }
      const x = from + c;
      parts.push(v.known && !v.known[x] ? '?' : formatNumber(v.data[x]));
      shown++;
    }
    return `[${parts.join(', ')}]`;
  };
  if (v.vector) return row(0);
  const rows: string[] = [];
  for (let r = 0; r < v.rows; r++) {
    if (shown >= limit) {
      rows.push('…');
      break;
    }
    rows.push(row(r * v.cols));
  }
  return `${v.rows}×${v.cols} [${rows.join(', ')}]`;
}
