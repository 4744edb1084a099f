// Compares two traces (JSON Lines of `cli.js trace`) record by record: the same iterations, epochs,
// samples, fields in the same order and shapes, NaN/±Infinity written as the same strings, and every
// number within a tolerance relative to the largest magnitude of its tensor — the quantity of that
// record ('record'), or the same quantity over the whole trace ('run': a u that training brings near 0
// by cancellation keeps the absolute rounding of its terms). Returns the first difference as a sentence,
// or undefined. Independent of the engine and of the export.

type Json = number | string | Json[] | { [key: string]: Json };

/** One quantity of one record: where it is, its shape, its numbers (NaN and ±Infinity as the trace's strings). */
interface Tensor {
  readonly path: string;
  readonly shape: string;
  readonly values: (number | string)[];
}

export type Scale = 'record' | 'run';

/** The first place where `got` differs from `expected` by more than `tolerance` × the tensor's magnitude, or undefined. */
export function firstTraceDifference(expected: string, got: string, tolerance: number, scale: Scale = 'record'): string | undefined {
  const a = lines(expected);
  const b = lines(got);
  if (a.length !== b.length) return `${b.length} records where ${a.length} were expected`;
  const records: [Tensor[], Tensor[]][] = [];
  for (let r = 0; r < a.length; r++) {
    let e: Json;
    let g: Json;
    try {
      e = JSON.parse(a[r]);
      g = JSON.parse(b[r]);
    } catch (err) {
      return `record ${r + 1} is not JSON: ${(err as Error).message}`;
    }
    const te: Tensor[] = [];
    const tg: Tensor[] = [];
    const structure = walk(e, g, '', te, tg);
    if (structure) return `record ${r + 1}: ${structure}`;
    records.push([te, tg]);
  }
  const runLargest = new Map<string, number>();
  for (const [te] of records) for (const t of te) runLargest.set(t.path, Math.max(runLargest.get(t.path) ?? 0, largest(t)));
  for (let r = 0; r < records.length; r++) {
    const [te, tg] = records[r];
    for (let q = 0; q < te.length; q++) {
      const bound = tolerance * (scale === 'run' ? runLargest.get(te[q].path)! : largest(te[q]));
      const d = tensorDiffers(te[q], tg[q], bound);
      if (d) return `record ${r + 1}${te[q].path}${d}`;
    }
  }
  return undefined;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function largest(t: Tensor): number {
  let m = 0;
  for (const v of t.values) if (typeof v === 'number') m = Math.max(m, Math.abs(v));
  return m;
}

/** Checks the structure (fields, order, counts, shapes) and collects the tensors; returns the first mismatch. */
function walk(e: Json, g: Json, path: string, te: Tensor[], tg: Tensor[]): string | undefined {
  if (typeof e === 'object' && !Array.isArray(e)) {
    if (typeof g !== 'object' || Array.isArray(g)) return `${path}: an object was expected`;
    const ek = Object.keys(e);
    const gk = Object.keys(g);
    if (ek.join(',') !== gk.join(',')) return `${path}: fields ${gk.join(',')} where ${ek.join(',')} were expected`;
    for (const key of ek) {
      const at = `${path}.${key}`;
      if (key === 'iteration' || key === 'epoch' || key === 'samples') {
        // counts and indices: exactly equal
        if (JSON.stringify(e[key]) !== JSON.stringify(g[key])) return `${at}: ${JSON.stringify(g[key])} where ${JSON.stringify(e[key])} was expected`;
      } else if (key === 'layers') {
        const le = e[key];
        const lg = g[key];
        if (!Array.isArray(le) || !Array.isArray(lg) || le.length !== lg.length) return `${at}: ${Array.isArray(lg) ? lg.length : 'no'} layers where ${Array.isArray(le) ? le.length : 'none'} were expected`;
        for (let l = 0; l < le.length; l++) {
          const d = walk(le[l], lg[l], `${at}[${l}]`, te, tg);
          if (d) return d;
        }
      } else {
        const a: Tensor = { path: at, values: [], shape: '' };
        const b: Tensor = { path: at, values: [], shape: '' };
        const sa = flatten(e[key], a.values);
        const sb = flatten(g[key], b.values);
        if (sa !== sb) return `${at}: shape ${sb} where ${sa} was expected`;
        te.push({ ...a, shape: sa });
        tg.push({ ...b, shape: sb });
      }
    }
    return undefined;
  }
  return `${path}: an object was expected`;
}

/** Same non-finite strings where expected, finite numbers within `bound`; the first difference as text. */
function tensorDiffers(e: Tensor, g: Tensor, bound: number): string | undefined {
  for (let i = 0; i < e.values.length; i++) {
    const x = e.values[i];
    const y = g.values[i];
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return ` (element ${i}): ${JSON.stringify(y)} where ${JSON.stringify(x)} was expected`;
    } else if (!(Math.abs(x - y) <= bound)) {
      return ` (element ${i}): ${y} where ${x} was expected (difference ${Math.abs(x - y).toExponential(2)}, allowed ${bound.toExponential(2)})`;
    }
  }
  return undefined;
}

/** Appends the leaves to `out` and returns the shape as text ("3x2", "4", "scalar"); a leaf must be a number or a string. */
function flatten(x: Json, out: (number | string)[]): string {
  if (!Array.isArray(x)) {
    if (typeof x !== 'number' && typeof x !== 'string') return 'not a number';
    out.push(x);
    return 'scalar';
  }
  const shapes = x.map((item) => flatten(item, out));
  if (shapes.some((s) => s !== shapes[0])) return 'ragged';
  return shapes.length === 0 || shapes[0] === 'scalar' ? `${x.length}` : `${x.length}x${shapes[0]}`;
}
