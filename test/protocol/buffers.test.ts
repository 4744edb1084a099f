// Matrices cross from the adapter to the webview as base64 of their bytes: exact, every double.

import * as assert from 'node:assert';
import { base64ToBytes, bytesOfBinaryString, decodeMatrix, encodeMatrix } from '../../src/protocol/buffers';

suite('compact matrix buffers', () => {
  test('a matrix decodes to the same doubles, bit for bit (NaN, ±0, ±Infinity, subnormals)', () => {
    const values = new Float64Array([0.1, -0, 0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 0.7513650695523157]);
    const decoded = decodeMatrix(encodeMatrix(values, 3, 3));
    assert.deepStrictEqual(Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength), Buffer.from(values.buffer));
  });

  test('only the first rows × cols values are sent', () => {
    const m = encodeMatrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 2);
    assert.deepStrictEqual(Array.from(decodeMatrix(m)), [1, 2, 3, 4]);
  });

  test("the browser's decoders agree with Node's for every length and padding", () => {
    const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
    for (let n = 0; n < 40; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255));
      const text = bytes.toString('base64');
      assert.deepStrictEqual(Buffer.from(base64ToBytes(text)), bytes);
      assert.deepStrictEqual(Buffer.from(bytesOfBinaryString(atob(text))), bytes);
      if (fromBase64) assert.deepStrictEqual(Buffer.from(fromBase64(text)), bytes);
    }
  });

  test('a matrix object is decoded once; small matrices decode whatever their offset in Node\'s buffer pool', () => {
    const m = encodeMatrix(new Float64Array([0.5, -2]), 1, 2);
    const first = decodeMatrix(m);
    assert.strictEqual(decodeMatrix(m), first);
    // an equal matrix in another object is decoded on its own (and equal)
    assert.deepStrictEqual(Array.from(decodeMatrix({ ...m })), [0.5, -2]);
    for (let n = 1; n < 20; n++) {
      Buffer.from('x'.repeat(n)); // moves the pool's offset
      assert.deepStrictEqual(Array.from(decodeMatrix(encodeMatrix(new Float64Array([n, 1 / n]), 1, 2))), [n, 1 / n]);
    }
  });

  test('malformed input is refused, not misread', () => {
    assert.throws(() => base64ToBytes('abc'), /not base64/);
    assert.throws(() => base64ToBytes('<script>'), /not base64/);
    assert.throws(() => decodeMatrix({ rows: 2, cols: 2, base64: 'AAAAAAAAAAA=' }), /2×2/);
  });
});
