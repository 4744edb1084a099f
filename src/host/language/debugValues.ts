// The values of a paused training run in the network file, as any language debugger shows them:
// hovering a word asks the adapter for the expression it stands for (`weights` in layer 2's object →
// `w[2]`), and the end of each layer's line shows that layer's y and δ (and the loss and η lines
// theirs) in short form, from the state the adapter already sent (no extra request per stop).

import * as vscode from 'vscode';
import { decodeMatrix } from '../../protocol/buffers';
import { formedColumns, type StateSnapshot } from '../../protocol/snapshot';
import type { SessionState } from '../sessionState';
import { NETWORK_LANGUAGE, type NetworkJsonService } from './jsonService';
import { expressionOf, layerNodes, placeAt, rootProperty } from './places';

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
export function inlineTexts(state: StateSnapshot, root: Parameters<typeof layerNodes>[0], lineOf: (offset: number) => number, digits: number): Map<number, string> {
  const out = new Map<number, string>();
  layerNodes(root).forEach((node, l) => {
    const parts = [shortQuantity(state, l, 'y', 'y', digits), l > 0 ? shortQuantity(state, l, 'delta', 'δ', digits) : undefined].filter((p) => p !== undefined);
    if (parts.length) out.set(lineOf(node.offset), parts.join('  '));
  });
  const loss = rootProperty(root, 'loss');
  if (loss && state.loss !== null) out.set(lineOf(loss.offset), `E = ${shortNumber(state.loss, digits)}`);
  const eta = rootProperty(root, 'learningRate');
  if (eta) out.set(lineOf(eta.offset), `η = ${shortNumber(state.eta, digits)}`);
  return out;
}

function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export function registerDebugValues(json: NetworkJsonService, sessions: SessionState): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: NETWORK_LANGUAGE };
  const changed = new vscode.EventEmitter<void>();
  return vscode.Disposable.from(
    changed,
    // the state event may come after VS Code asked for the stop's inline values: ask it again
    sessions.onDidChange(() => changed.fire()),
    sessions.onDidEnd(() => changed.fire()),
    vscode.languages.registerEvaluatableExpressionProvider(selector, {
      provideEvaluatableExpression(document, position) {
        const { json: tree } = json.parse(document);
        const place = placeAt(tree, document.offsetAt(position));
        const expression = place && expressionOf(place);
        if (!expression) return undefined;
        const range = document.getWordRangeAtPosition(position) ?? new vscode.Range(position, position);
        return new vscode.EvaluatableExpression(range, expression);
      },
    }),
    vscode.languages.registerInlineValuesProvider(selector, {
      onDidChangeInlineValues: changed.event,
      provideInlineValues(document, viewPort) {
        const state = sessions.state;
        if (!state || state.running || !samePath(state.network.file, document.uri.fsPath)) return [];
        const digits = vscode.workspace.getConfiguration('backprop').get<number>('inspector.digits', 4);
        const texts = inlineTexts(state, json.parse(document).json.root, (offset) => document.positionAt(offset).line, digits);
        const out: vscode.InlineValue[] = [];
        for (const [line, text] of texts) {
          if (line < viewPort.start.line || line > viewPort.end.line) continue;
          const end = document.lineAt(line).range.end;
          out.push(new vscode.InlineValueText(new vscode.Range(end, end), text));
        }
        return out;
      },
    }),
  );
}
