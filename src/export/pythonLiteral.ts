// Numbers and arrays written as Python source that reads back to the very same doubles: the shortest
// text that round-trips (JavaScript's and Python's float repr agree on it), always with a '.' or an
// exponent so that NumPy makes float64 arrays, -0.0 kept. Imports nothing.

/** A finite double as a Python float literal that reads back exactly (1 → 1.0, 1e21 → 1e+21, -0 → -0.0). */
export function pythonFloat(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`${v} has no Python literal here`);
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** A JavaScript integer (any size, as the network file wrote it) as a Python int literal. */
export function pythonInt(v: number): string {
  if (!Number.isInteger(v)) throw new RangeError(`${v} is not an integer`);
  return BigInt(v).toString();
}

/** A row of numbers as a Python list: [0.1, 0.2]. */
export function pythonRow(values: ArrayLike<number>, from = 0, to = values.length): string {
  const parts: string[] = [];
  for (let x = from; x < to; x++) parts.push(pythonFloat(values[x]));
  return `[${parts.join(', ')}]`;
}

/**
 * `np.array([...])` of a row-major rows × cols matrix (a vector when `rows` is undefined), one row per
 * line, handed to `write` a row at a time; `indent` is the continuation lines' indentation. Does not mutate.
 */
export function writeNumpyArray(write: (text: string) => void, data: ArrayLike<number>, rows: number | undefined, cols: number, indent: string): void {
  if (rows === undefined) {
    write(`np.array(${pythonRow(data, 0, cols)})`);
    return;
  }
  if (rows === 0) {
    write(`np.zeros((0, ${cols}))`);
    return;
  }
  write('np.array([');
  for (let r = 0; r < rows; r++) write(`${r ? ',' : ''}\n${indent}    ${pythonRow(data, r * cols, (r + 1) * cols)}`);
  write(`\n${indent}])`);
}

/** Numbers per line of the base64 form: 768 doubles are 6,144 bytes, 8,192 characters. */
const BASE64_LINE = 768;

/**
 * The same matrix as the bytes of its float64 numbers, little-endian, in base64 — exact, and loaded by
 * Python at once where a literal of millions of numbers takes minutes to compile. Needs `import base64`.
 * Does not mutate.
 */
export function writeNumpyBase64(write: (text: string) => void, data: ArrayLike<number>, rows: number, cols: number): void {
  write('np.frombuffer(base64.b64decode(\n');
  const bytes = new Uint8Array(BASE64_LINE * 8);
  const view = new DataView(bytes.buffer);
  for (let from = 0; from < rows * cols; from += BASE64_LINE) {
    const n = Math.min(BASE64_LINE, rows * cols - from);
    for (let x = 0; x < n; x++) view.setFloat64(x * 8, data[from + x], true);
    write(`    "${Buffer.from(bytes.buffer, 0, n * 8).toString('base64')}"\n`);
  }
  write(`), dtype="<f8").reshape(${rows}, ${cols})`);
}
