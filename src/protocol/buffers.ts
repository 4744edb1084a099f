// Matrices travel between the debug adapter, the extension host and the webview as compact buffers:
// the Float64 values' bytes (little-endian) in base64, never JSON arrays of numbers. Exact: a value
// decodes to the same double. Works in Node and in the browser. Imports nothing.

/** A rows × cols matrix of doubles, row-major, as base64 of its little-endian bytes. */
export interface EncodedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly base64: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Encodes the first rows × cols values of `data` (does not mutate it). */
export function encodeMatrix(data: Float64Array, rows: number, cols: number): EncodedMatrix {
  const copy = new Float64Array(data.subarray(0, rows * cols));
  return { rows, cols, base64: bytesToBase64(new Uint8Array(copy.buffer)) };
}

export function decodeMatrix(m: EncodedMatrix): Float64Array {
  const bytes = base64ToBytes(m.base64);
  if (bytes.length !== m.rows * m.cols * 8) throw new Error(`matrix of ${m.rows}×${m.cols} has ${bytes.length} bytes`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, m.rows * m.cols);
}

export function bytesToBase64(bytes: Uint8Array): string {
  // Node (the debug adapter) has a native encoder, several times faster on large matrices
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (LOOKUP[text.charCodeAt(i)] << 18) | (LOOKUP[text.charCodeAt(i + 1)] << 12) | (LOOKUP[text.charCodeAt(i + 2)] << 6) | LOOKUP[text.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
