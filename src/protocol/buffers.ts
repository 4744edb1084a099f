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

/** Encodes the first rows × cols values of `data` (does not mutate it). */
export function encodeMatrix(data: Float64Array, rows: number, cols: number): EncodedMatrix {
  const copy = new Float64Array(data.subarray(0, rows * cols));
  return { rows, cols, base64: bytesToBase64(new Uint8Array(copy.buffer)) };
}

/**
 * Matrices already decoded, by their encoded object. Between two stops most matrices do not change, and
 * applyDelta (delta.ts) keeps the very object of an unchanged one, so each is decoded once, not once a stop.
 */
const decoded = new WeakMap<EncodedMatrix, Float64Array>();

/** The matrix's values. Shared by every caller that decodes the same object: read them, never write them. */
export function decodeMatrix(m: EncodedMatrix): Float64Array {
  const known = decoded.get(m);
  if (known) return known;
  let bytes = base64ToBytes(m.base64);
  if (bytes.length !== m.rows * m.cols * 8) throw new Error(`matrix of ${m.rows}×${m.cols} has ${bytes.length} bytes`);
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice(); // Node's small buffers share a pool at any offset
  const values = new Float64Array(bytes.buffer, bytes.byteOffset, m.rows * m.cols);
  decoded.set(m, values);
  return values;
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
  // native decoders: Node's, the browser's Uint8Array.fromBase64 (Chromium 140+), else atob
  if (typeof Buffer !== 'undefined') {
    const b = Buffer.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  return fromBase64 ? fromBase64(text) : bytesOfBinaryString(atob(text));
}

/** The bytes of a binary string (atob's result: one character per byte). */
export function bytesOfBinaryString(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
