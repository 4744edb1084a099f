// Positions in a source file and the checks that report at them: every error of a network file
// (or of the CSV it names) is made here, with its line and column. Imports nothing but jsonc-parser's types.

import type { Node } from 'jsonc-parser';
import { messages } from './messages';
import type { SourceRange, SpecError } from './spec';

/** Errors reported per file at most (one more says that more follow). */
export const MAX_ERRORS = 100;

/** Positions and error collection for one file. */
export class SourceFile {
  readonly errors: SpecError[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    // a line ends at \n, \r\n or a lone \r (old Mac files), as in the editor
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  range(offset: number, length: number): SourceRange {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1, offset, length };
  }

  error(offset: number, length: number, message: string): void {
    // a file wrong everywhere (a pasted matrix of the wrong width) gives a readable list, not 20,000 items
    if (this.errors.length > MAX_ERRORS) return;
    if (this.errors.length === MAX_ERRORS) message = `more errors follow (only the first ${MAX_ERRORS} are shown)`;
    this.errors.push({ file: this.file, message, ...this.range(offset, length) });
  }

  /** Reports at a node of the syntax tree (or at the start of the file). */
  at(node: Node | undefined, message: string): void {
    this.error(node?.offset ?? 0, node?.length ?? 1, message);
  }
}

/** The value node of property `key` of an object node. */
export function property(obj: Node | undefined, key: string): Node | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  for (const p of obj.children ?? []) if (p.children?.[0].value === key) return p.children[1];
  return undefined;
}

/**
 * A string from a user's file, quoted for a message: control, format and line-separator characters
 * escaped (a key with a newline or a bidi override cannot reshape the message), at most `max` characters.
 */
export function quote(value: unknown, max = 40): string {
  const text = String(value);
  const cut = [...text.slice(0, max * 2)];
  const shown = cut.length > max ? cut.slice(0, max).join('') + '…' : cut.join('') + (text.length > max * 2 ? '…' : '');
  return `"${shown.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\]/gu, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  })}"`;
}

export function closest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return options.find((o) => o.toLowerCase() === lower || o.toLowerCase().startsWith(lower.slice(0, 4)));
}

export function quoteList(options: readonly string[]): string {
  return options.map((o) => `"${o}"`).join(', ');
}

/** Reports fields of an object that are not in `known`. */
export function checkFields(src: SourceFile, obj: Node, known: readonly string[], where: string): void {
  for (const p of obj.children ?? []) {
    const key = p.children?.[0];
    if (!key || known.includes(key.value)) continue;
    const hint = closest(String(key.value), known);
    src.at(key, messages().unknownField(quote(key.value), where, hint));
  }
}

/** A finite number at a node, or undefined with an error. */
export function finiteNumber(src: SourceFile, node: Node, what: string): number | undefined {
  if (node.type !== 'number') {
    src.at(node, messages().mustBeNumber(what));
    return undefined;
  }
  const v = node.value as number;
  if (!Number.isFinite(v)) {
    src.at(node, messages().mustBeFinite(what));
    return undefined;
  }
  return v;
}

/** A whole number from 1 to `max` (a bound keeps a typo like 1e12 from exhausting memory). */
export function positiveInteger(src: SourceFile, node: Node, what: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = finiteNumber(src, node, what);
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < 1) {
    src.at(node, messages().mustBeWholeAtLeastOne(what));
    return undefined;
  }
  if (v > max) {
    src.at(node, messages().mustBeAtMost(what, max.toLocaleString('en-US')));
    return undefined;
  }
  return v;
}

export function boolean(src: SourceFile, node: Node | undefined, what: string, fallback: boolean): boolean {
  if (!node) return fallback;
  if (node.type !== 'boolean') {
    src.at(node, messages().mustBeBoolean(what));
    return fallback;
  }
  return node.value as boolean;
}

export function oneOf<T extends string>(src: SourceFile, node: Node | undefined, what: string, options: readonly T[], fallback: T): T {
  if (!node) return fallback;
  if (node.type === 'string' && (options as readonly string[]).includes(node.value)) return node.value as T;
  const hint = node.type === 'string' ? closest(node.value, options) : undefined;
  src.at(node, messages().mustBeOneOf(what, quoteList(options), hint));
  return fallback;
}

/** A matrix of finite numbers with the given shape, or undefined with errors. */
export function numberMatrix(src: SourceFile, node: Node, what: string, rows: number | undefined, cols: number): number[][] | undefined {
  if (node.type !== 'array') {
    src.at(node, messages().mustBeArrayOfRows(what));
    return undefined;
  }
  const items = node.children ?? [];
  if (rows !== undefined && items.length !== rows) {
    src.at(node, messages().mustHaveRows(what, rows, items.length));
    return undefined;
  }
  const out: number[][] = [];
  let ok = true;
  items.forEach((row, j) => {
    const v = numberVector(src, row, `${what}[${j}]`, cols);
    if (v) out.push(v);
    else ok = false;
  });
  return ok ? out : undefined;
}

export function numberVector(src: SourceFile, node: Node, what: string, length: number): number[] | undefined {
  if (node.type !== 'array') {
    src.at(node, messages().mustBeArrayOfNumbers(what, length));
    return undefined;
  }
  const items = node.children ?? [];
  if (items.length !== length) {
    src.at(node, messages().mustHaveNumbers(what, length, items.length));
    return undefined;
  }
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const v = finiteNumber(src, items[i], `${what}[${i}]`);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}
