// The schema's diagnostics of a network file beside the engine's, each problem reported once: the
// engine's message wins where both found it (it says more, e.g. "did you mean sigmoid?"), and the
// syntax errors are the engine's alone. What only the schema sees (a duplicate key, say) stays.

import * as vscode from 'vscode';
import { ErrorCode } from 'vscode-json-languageservice';
import { type NetworkJsonService, toDiagnostic } from './jsonService';

/** Syntax errors the engine reports too (jsonc-parser's), by the JSON language service's codes. */
function isSyntaxError(code: number): boolean {
  return code >= ErrorCode.UnexpectedEndOfComment && code <= ErrorCode.PropertyKeysMustBeDoublequoted && code !== ErrorCode.DuplicateKey;
}

/** The schema's diagnostics that no engine diagnostic already reports (same problem: same start). */
export function schemaOnly(schema: readonly vscode.Diagnostic[], engine: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return schema.filter((s) => !(typeof s.code === 'number' && isSyntaxError(s.code)) && !engine.some((e) => e.range.start.isEqual(s.range.start)));
}

export class SchemaDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('backprop-schema');
  private readonly closing: vscode.Disposable;

  constructor(private readonly json: NetworkJsonService) {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri));
  }

  /** Checks a network document against the schema, given the engine's diagnostics of the same text. */
  update(document: vscode.TextDocument, engine: readonly vscode.Diagnostic[]): void {
    const version = document.version;
    const { text, json } = this.json.parse(document);
    void this.json.languageService.doValidation(text, json, { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'warning', schemaRequest: 'ignore' }).then(
      (found) => {
        if (document.isClosed || document.version !== version) return;
        const diagnostics = schemaOnly(found.map(toDiagnostic), engine);
        for (const d of diagnostics) d.source = 'backprop';
        this.collection.set(document.uri, diagnostics);
      },
      () => this.collection.delete(document.uri),
    );
  }

  dispose(): void {
    this.closing.dispose();
    this.collection.dispose();
  }
}
