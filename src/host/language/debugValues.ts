// The values of a paused training run in the network file, as any language debugger shows them:
// hovering a word asks the adapter for the expression it stands for (`weights` in layer 2's object →
// `w[2]`), and the end of each layer's line shows that layer's y and δ (and the loss and η lines
// theirs) in short form, from the state the adapter already sent (no extra request per stop).

import * as vscode from 'vscode';
import type { SessionState } from '../sessionState';
import { inlineTexts } from './inlineTexts';
import { NETWORK_LANGUAGE, type NetworkJsonService } from './jsonService';
import { expressionOf, placeAt } from './places';

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
