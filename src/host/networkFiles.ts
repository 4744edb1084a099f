// Knowing network files in the editor: which documents are `*.backprop.json`, and their engine
// checks as positioned diagnostics while the user types (the JSON Schema adds completion and hover).

import * as vscode from 'vscode';
import { loadNetworkFile } from '../engine/load';
import type { ParseResult } from '../engine/parse';
import type { SpecError } from '../engine/spec';

export const NETWORK_GLOB = '**/*.backprop.json';

export function isNetworkFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && uri.path.endsWith('.backprop.json');
}

/** Parses a network document as it is in the editor (unsaved edits included). */
export function parseDocument(document: vscode.TextDocument): ParseResult {
  return loadNetworkFile(document.uri.fsPath, document.getText());
}

function toDiagnostic(document: vscode.TextDocument, e: SpecError): vscode.Diagnostic {
  const sameFile = e.file === document.uri.fsPath;
  const start = sameFile ? document.positionAt(e.offset) : new vscode.Position(0, 0);
  const end = sameFile ? document.positionAt(e.offset + Math.max(e.length, 1)) : new vscode.Position(0, 1);
  const message = sameFile ? e.message : `${e.file}:${e.line}:${e.column}: ${e.message}`;
  const d = new vscode.Diagnostic(new vscode.Range(start, end), message, vscode.DiagnosticSeverity.Error);
  d.source = 'backprop';
  return d;
}

/** Keeps the diagnostics of every open network file up to date. */
export class NetworkDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('backprop');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `onChecked`: given each check's diagnostics (the schema's are merged with them, src/host/language) */
  constructor(private readonly onChecked?: (document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]) => void) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    );
    vscode.workspace.textDocuments.forEach((d) => this.check(d));
  }

  /** Checks now; returns the result so that a launch can reuse it. */
  check(document: vscode.TextDocument): ParseResult | undefined {
    if (!isNetworkFile(document.uri)) return undefined;
    const result = parseDocument(document);
    const diagnostics = result.errors.map((e) => toDiagnostic(document, e));
    this.collection.set(document.uri, diagnostics);
    this.onChecked?.(document, diagnostics);
    return result;
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isNetworkFile(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.check(document), 250));
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}
