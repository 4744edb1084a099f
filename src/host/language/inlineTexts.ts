// The short texts shown at the end of a network file's lines while paused (inline values): each
// layer's y and δ of the first sample, `?` for neurons not formed yet, E on the "loss" line and η on
// the "learningRate" line. Read from the state the adapter sent; imports no VS Code API.

import type * as ls from 'vscode-json-languageservice';
import { SYMBOL } from '../../engine/quantities';
import { decodeMatrix } from '../../protocol/buffers';
import { formedColumns, type StateSnapshot } from '../../protocol/snapshot';
import { layerNodes, rootProperty } from './places';

/** At most this many numbers of a row are shown inline. */
const SHOWN = 4;

/** A row of a matrix in short form: `[0.7514, -0.03810, …]`; `?` for neurons not formed yet. */
function shortRow(data: Float64Array, from: number, cols: number, formed: number, digits: number): string {
  const parts: string[] = [];
  for (let c = 0; c < Math.min(cols, SHOWN); c++) parts.push(c < formed ? shortNumber(data[from + c], digits) : '?');
  if (cols > SHOWN) parts.push(`… ${cols}`);
  return `[${parts.join(', ')}]`;
}

/** `digits` significant digits; a non-finite value (which JSON carries as text) as it is. */
export function shortNumber(x: number | string, digits: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x);
}

/** `y = [0.7514, 0.7729]` for one sample; a batch shows its first sample and how many there are. */
function shortQuantity(state: StateSnapshot, l: number, q: 'y' | 'delta', symbol: string, digits: number): string | undefined {
  const m = state.layers[l]?.[q];
  if (!m) return undefined;
  const row = shortRow(decodeMatrix(m), 0, m.cols, formedColumns(state.forming, l, q), digits);
  return m.rows > 1 ? `${symbol} = [${row}, … ${m.rows}]` : `${symbol} = ${row}`;
}

/** The inline texts of a stop: per line of the document (0-based), what to show at its end. */
export function inlineTexts(state: StateSnapshot, root: ls.ASTNode | undefined, lineOf: (offset: number) => number, digits: number): Map<number, string> {
  const out = new Map<number, string>();
  layerNodes(root).forEach((node, l) => {
    const parts = [shortQuantity(state, l, 'y', 'y', digits), l > 0 ? shortQuantity(state, l, 'delta', SYMBOL.delta, digits) : undefined].filter((p) => p !== undefined);
    if (parts.length) out.set(lineOf(node.offset), parts.join('  '));
  });
  const loss = rootProperty(root, 'loss');
  if (loss && state.lossValue !== null) out.set(lineOf(loss.offset), `E = ${shortNumber(state.lossValue, digits)}`);
  const eta = rootProperty(root, 'learningRate');
  if (eta) out.set(lineOf(eta.offset), `η = ${shortNumber(state.eta, digits)}`);
  return out;
}
