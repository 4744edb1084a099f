// Shared helpers for the engine tests: building network files in code and reading numbers back.

import * as assert from 'node:assert';
import { parseNetwork, type ParseResult } from '../../src/engine/parse';
import { formatError, type NetworkSpec } from '../../src/engine/spec';

/** Parses a network given as an object (or JSONC text); fails the test on any error. */
export function specOf(network: object | string, readFile?: (p: string) => string): NetworkSpec {
  const result = parse(network, readFile);
  if (!result.spec) throw new Error(result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  return result.spec;
}

export function parse(network: object | string, readFile?: (p: string) => string): ParseResult {
  const text = typeof network === 'string' ? network : JSON.stringify(network, null, 2);
  return parseNetwork(text, { file: 'test.backprop.json', readFile });
}

/** A seeded list of pseudo-random numbers in [−1, 1) for test data (independent of the engine's RNG). */
export function numbers(count: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out.push((s / 4294967296) * 2 - 1);
  }
  return out;
}

export function chunk(values: number[], width: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += width) rows.push(values.slice(i, i + width));
  return rows;
}

export function rows(data: Float64Array, r: number, c: number): number[][] {
  return chunk(Array.from(data.subarray(0, r * c)), c);
}

/**
 * Parses `marked` (a network file with ‸ where its error must be, counted here: line and column 1-based)
 * and asserts an error matching `message` stands exactly there. No file is readable from it.
 */
export function expectErrorAt(name: string, marked: string, message: RegExp): void {
  const at = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  const before = text.slice(0, at).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const result = parseNetwork(text, { file: 'net.backprop.json', readFile: (p) => { throw new Error(`no such file ${p}`); } });
  assert.strictEqual(result.spec, undefined, `${name}: parsed without error`);
  const found = result.errors.find((e) => message.test(e.message));
  assert.ok(found, `${name}: no error matching ${message}; got ${result.errors.map(formatError).join(' | ')}`);
  assert.deepStrictEqual([found.line, found.column], [line, column], `${name}: ${formatError(found)}`);
  assert.strictEqual(formatError(found), `net.backprop.json:${line}:${column}: ${found.message}`);
}
