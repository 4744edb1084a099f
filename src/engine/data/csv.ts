// A CSV file's bytes into typed arrays, without a string or an array per cell: a 100 MB numeric CSV
// (25 M values) becomes 200 MB of Float64 and nothing else. Cells are split at commas, trimmed, and
// may be wrapped in double quotes; blank lines are skipped; lines end at \n, \r\n or a lone \r.
// Errors carry the line and column (in UTF-16 units, as editors count) and a short excerpt only.
// Imports only the engine's quoting.

import { messages } from '../messages';
import { quote } from '../source';

/** A positioned problem in the CSV file. */
export interface CsvProblem {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

export interface CsvHeader {
  /** column names (or "0", "1", … without a header row) */
  readonly names: string[];
  /** byte offset where the data rows start, and their first line number */
  readonly bodyStart: number;
  readonly bodyLine: number;
  /** line breaks in the body + 1: a bound on the number of data rows, known before anything is allocated */
  readonly rowBound: number;
}

export interface CsvColumns {
  readonly rows: number;
  /** per group of numeric columns, rows × its width, row-major, in the order asked for */
  readonly values: Float64Array[];
  /** per row, the index of the class named in the class column (when one was asked for) */
  readonly labels?: Int32Array;
  readonly classNames?: string[];
}

/** The file's bytes without a UTF-8 byte order mark (text is encoded as UTF-8 first). */
export function csvBytes(content: string | Uint8Array): Uint8Array {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

const decoder = new TextDecoder('utf-8');

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0b || b === 0x0c;
}

/** End of the line starting at `p` (the offset of its \n or \r, or the length). */
function lineEnd(bytes: Uint8Array, p: number): number {
  const n = bytes.length;
  while (p < n) {
    const b = bytes[p];
    if (b === 0x0a || b === 0x0d) return p;
    p++;
  }
  return n;
}

/** Start of the next line after a line ending at `e`. */
function nextLine(bytes: Uint8Array, e: number): number {
  return bytes[e] === 0x0d && bytes[e + 1] === 0x0a ? e + 2 : e + 1;
}

function isBlank(bytes: Uint8Array, p: number, e: number): boolean {
  for (let x = p; x < e; x++) if (!isSpace(bytes[x])) return false;
  return true;
}

/** [start, end) of a cell without surrounding white space and double quotes. */
function trimCell(bytes: Uint8Array, s: number, e: number): [number, number] {
  while (s < e && isSpace(bytes[s])) s++;
  while (e > s && isSpace(bytes[e - 1])) e--;
  if (e - s >= 2 && bytes[s] === 0x22 && bytes[e - 1] === 0x22) return [s + 1, e - 1];
  return [s, e];
}

/** UTF-16 units in bytes[from, to) of UTF-8 (a 4-byte sequence is two units). */
function units(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let x = from; x < to; x++) {
    const b = bytes[x];
    if ((b & 0xc0) !== 0x80) count += b >= 0xf0 ? 2 : 1;
  }
  return count;
}

function problem(bytes: Uint8Array, line: number, lineStart: number, at: number, length: number, message: string): CsvProblem {
  return { line, column: units(bytes, lineStart, at) + 1, offset: units(bytes, 0, at), length: Math.max(1, units(bytes, at, at + length)), message };
}

function text(bytes: Uint8Array, s: number, e: number, max = 200): string {
  return decoder.decode(bytes.subarray(s, Math.min(e, s + max)));
}

/** Counts the line breaks from `p` on (a bound on the rows, taken before allocating them). */
function countLines(bytes: Uint8Array, p: number): number {
  let lines = 1;
  for (let x = p; x < bytes.length; x++) {
    const b = bytes[x];
    if (b === 0x0a || (b === 0x0d && bytes[x + 1] !== 0x0a)) lines++;
  }
  return lines;
}

/** The header (or the column count of the first row without one), or undefined when the file has no rows. */
export function readHeader(bytes: Uint8Array, hasHeader: boolean): CsvHeader | undefined {
  let p = 0;
  let line = 1;
  while (p < bytes.length) {
    const e = lineEnd(bytes, p);
    if (!isBlank(bytes, p, e)) {
      const names: string[] = [];
      for (let s = p; ; ) {
        let c = s;
        while (c < e && bytes[c] !== 0x2c) c++;
        const [a, b] = trimCell(bytes, s, c);
        names.push(hasHeader ? text(bytes, a, b) : String(names.length));
        if (c >= e) break;
        s = c + 1;
      }
      const bodyStart = hasHeader ? nextLine(bytes, e) : p;
      const bodyLine = hasHeader ? line + 1 : line;
      return { names, bodyStart, bodyLine, rowBound: bodyStart >= bytes.length ? 0 : countLines(bytes, bodyStart) };
    }
    if (e >= bytes.length) break;
    p = nextLine(bytes, e);
    line++;
  }
  return undefined;
}

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The number in bytes[s, e): decimal notation by Clinger's fast path (at most 15 significant digits
 * and a power of ten up to 22 — both exact doubles, so one multiplication or division is correctly
 * rounded), anything else through Number() as before. NaN when it is not a number.
 */
export function parseNumber(bytes: Uint8Array, s: number, e: number): number {
  if (s >= e) return NaN;
  let p = s;
  let negative = false;
  if (bytes[p] === 0x2d || bytes[p] === 0x2b) {
    negative = bytes[p] === 0x2d;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let any = false;
  while (p < e && bytes[p] >= 0x30 && bytes[p] <= 0x39) {
    if (mantissa !== 0 || bytes[p] !== 0x30) digits++;
    mantissa = mantissa * 10 + (bytes[p] - 0x30);
    any = true;
    p++;
  }
  if (p < e && bytes[p] === 0x2e) {
    p++;
    while (p < e && bytes[p] >= 0x30 && bytes[p] <= 0x39) {
      if (mantissa !== 0 || bytes[p] !== 0x30) digits++;
      mantissa = mantissa * 10 + (bytes[p] - 0x30);
      exponent--;
      any = true;
      p++;
    }
  }
  if (any && p < e && (bytes[p] === 0x65 || bytes[p] === 0x45)) {
    p++;
    let expNegative = false;
    if (p < e && (bytes[p] === 0x2d || bytes[p] === 0x2b)) {
      expNegative = bytes[p] === 0x2d;
      p++;
    }
    let exp = 0;
    let expDigits = 0;
    while (p < e && bytes[p] >= 0x30 && bytes[p] <= 0x39 && expDigits < 6) {
      exp = exp * 10 + (bytes[p] - 0x30);
      expDigits++;
      p++;
    }
    if (expDigits === 0) return slow(bytes, s, e);
    exponent += expNegative ? -exp : exp;
  }
  if (!any || p !== e || digits > 15) return slow(bytes, s, e);
  let v: number;
  if (exponent === 0) v = mantissa;
  else if (exponent > 0 && exponent <= 22) v = mantissa * POW10[exponent];
  else if (exponent < 0 && exponent >= -22) v = mantissa / POW10[-exponent];
  else return slow(bytes, s, e);
  return negative ? -v : v;
}

/** Number() of a short cell (hexadecimal, many digits, huge exponents); longer cells are not numbers. */
function slow(bytes: Uint8Array, s: number, e: number): number {
  if (e - s > 400) return NaN;
  for (let x = s; x < e; x++) if (bytes[x] >= 0x80) return NaN;
  return Number(String.fromCharCode(...bytes.subarray(s, e)));
}

export interface ColumnRequest {
  /** groups of columns read as numbers (the inputs, the targets), each in its order */
  readonly numeric: readonly (readonly number[])[];
  /** a column of class names (one-hot), read as labels */
  readonly classColumn?: number;
  /** at most this many different classes (the output layer's size); one more is an error */
  readonly maxClasses?: number;
}

/** Reads the rows of the body into typed arrays, or the first problem. */
export function readColumns(bytes: Uint8Array, header: CsvHeader, request: ColumnRequest): CsvColumns | CsvProblem {
  const { numeric, classColumn } = request;
  const bound = header.rowBound;
  const values = numeric.map((group) => new Float64Array(bound * group.length));
  const labels = classColumn === undefined ? undefined : new Int32Array(bound);
  const classNames: string[] = [];
  const classIndex = new Map<string, number>();
  // where each needed column's cell starts and ends in the current row
  const columns = header.names.length;
  const cellStart = new Int32Array(columns).fill(-1);
  const cellEnd = new Int32Array(columns);
  const needed = new Uint8Array(columns);
  for (const group of numeric) for (const c of group) needed[c] = 1;
  if (classColumn !== undefined) needed[classColumn] = 1;

  let rows = 0;
  let line = header.bodyLine;
  let p = header.bodyStart;
  while (p < bytes.length) {
    const e = lineEnd(bytes, p);
    if (!isBlank(bytes, p, e)) {
      cellStart.fill(-1);
      let lastCell = p;
      for (let s = p, c = 0; c < columns; c++) {
        let x = s;
        while (x < e && bytes[x] !== 0x2c) x++;
        if (needed[c]) {
          cellStart[c] = s;
          cellEnd[c] = x;
        }
        lastCell = s;
        if (x >= e) break;
        s = x + 1;
      }
      for (let g = 0; g < numeric.length; g++) {
        const group = numeric[g];
        const out = values[g];
        const base = rows * group.length;
        for (let k = 0; k < group.length; k++) {
        const c = group[k];
        if (cellStart[c] < 0) return problem(bytes, line, p, lastCell, e - lastCell, messages().rowHasNoColumn(quote(header.names[c])));
        const [a, b] = trimCell(bytes, cellStart[c], cellEnd[c]);
        const v = parseNumber(bytes, a, b);
        if (!Number.isFinite(v)) {
          return problem(bytes, line, p, cellStart[c], Math.max(1, cellEnd[c] - cellStart[c]), messages().notAFiniteNumber(quote(text(bytes, a, b, 80), 20), quote(header.names[c])));
        }
        out[base + k] = v;
        }
      }
      if (labels && classColumn !== undefined) {
        if (cellStart[classColumn] < 0) return problem(bytes, line, p, lastCell, e - lastCell, messages().rowHasNoColumn(quote(header.names[classColumn])));
        const [a, b] = trimCell(bytes, cellStart[classColumn], cellEnd[classColumn]);
        const name = text(bytes, a, b, 1000);
        let cls = classIndex.get(name);
        if (cls === undefined) {
          cls = classNames.push(name) - 1;
          classIndex.set(name, cls);
          if (request.maxClasses !== undefined && classNames.length > request.maxClasses) {
            return problem(
              bytes,
              line,
              p,
              a,
              b - a,
              `column ${quote(header.names[classColumn])} has more than ${request.maxClasses} classes (${classNames.slice(0, 8).map((n) => quote(n, 20)).join(', ')}${classNames.length > 8 ? ', …' : ''}) but the output layer has ${request.maxClasses} neurons: one per class`,
            );
          }
        }
        labels[rows] = cls;
      }
      rows++;
    }
    if (e >= bytes.length) break;
    p = nextLine(bytes, e);
    line++;
  }
  return {
    rows,
    values: values.map((v, g) => v.subarray(0, rows * numeric[g].length)),
    labels: labels?.subarray(0, rows),
    classNames: labels ? classNames : undefined,
  };
}

/**
 * Bytes the loader hands out again while the file is unchanged (the editor re-checks a network file as
 * the user types): their parse is kept beside them, so typing does not parse a large CSV again.
 */
export const reusedBytes = new WeakSet<Uint8Array>();
const parsed = new WeakMap<Uint8Array, { key: string; columns: CsvColumns | CsvProblem }>();

const headers = new WeakMap<Uint8Array, { hasHeader: boolean; header: CsvHeader | undefined }>();

/** readHeader, reusing the last one of the same reused bytes (its row count is a pass over the whole file). */
export function readHeaderOnce(bytes: Uint8Array, hasHeader: boolean): CsvHeader | undefined {
  if (!reusedBytes.has(bytes)) return readHeader(bytes, hasHeader);
  let hit = headers.get(bytes);
  if (hit?.hasHeader !== hasHeader) {
    hit = { hasHeader, header: readHeader(bytes, hasHeader) };
    headers.set(bytes, hit);
  }
  return hit.header;
}

/** readColumns, reusing the last parse of the same reused bytes and request (a copy: the caller may change it). */
export function readColumnsOnce(bytes: Uint8Array, header: CsvHeader, request: ColumnRequest): CsvColumns | CsvProblem {
  if (!reusedBytes.has(bytes)) return readColumns(bytes, header, request);
  const key = JSON.stringify([header.bodyStart, request.numeric, request.classColumn, request.maxClasses]);
  let hit = parsed.get(bytes);
  if (hit?.key !== key) {
    hit = { key, columns: readColumns(bytes, header, request) };
    parsed.set(bytes, hit);
  }
  const c = hit.columns;
  if (isProblem(c)) return c;
  return { rows: c.rows, values: c.values.map((v) => v.slice()), labels: c.labels?.slice(), classNames: c.classNames?.slice() };
}

export function isProblem(x: CsvColumns | CsvProblem): x is CsvProblem {
  return 'message' in x;
}
