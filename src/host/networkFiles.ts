// Knowing network files in the editor: which documents are `*.backprop.json`, and their engine
// checks as positioned diagnostics while the user types (the JSON Schema adds completion and hover).
// Checking never blocks the extension host on a file: the CSV a network names is read with
// fs.promises after its type, size and folder are checked (a FIFO or /dev/zero is refused unread).

import { dirname } from 'path';
import * as vscode from 'vscode';
import { DEFAULT_MAX_CSV_BYTES, loadNetworkFileAsync } from '../engine/load';
import type { ParseResult } from '../engine/parse';
import type { SpecError } from '../engine/spec';

export const NETWORK_GLOB = '**/*.backprop.json';

export function isNetworkFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && uri.path.endsWith('.backprop.json');
}

/** Where a network file's data may be read from, and how much: the launch configuration carries these to the adapter. */
export interface DataOptions {
  /** the folder a CSV file must be inside: the workspace folder of the network file, else its own folder */
  dataRoot: string;
  /** the largest CSV file read, from the setting backprop.data.maxCsvMegabytes */
  maxCsvBytes: number;
}

export function dataOptions(uri: vscode.Uri): DataOptions {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const megabytes = vscode.workspace.getConfiguration('backprop', uri).get<number>('data.maxCsvMegabytes');
  const valid = typeof megabytes === 'number' && Number.isFinite(megabytes) && megabytes > 0;
  return {
    dataRoot: folder?.uri.scheme === 'file' ? folder.uri.fsPath : dirname(uri.fsPath),
    maxCsvBytes: valid ? Math.round(megabytes * 1024 * 1024) : DEFAULT_MAX_CSV_BYTES,
  };
}

/** Parses a network document as it is in the editor (unsaved edits included), reading its CSV asynchronously. */
export function parseDocument(document: vscode.TextDocument): Promise<ParseResult> {
  const { dataRoot, maxCsvBytes } = dataOptions(document.uri);
  return loadNetworkFileAsync(document.uri.fsPath, {
    text: document.getText(),
    roots: [dataRoot],
    maxCsvBytes,
    capHint: vscode.l10n.t('the setting backprop.data.maxCsvMegabytes raises it'),
  });
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
      vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.latest.delete(d.uri.toString());
        this.collection.delete(d.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backprop.data')) vscode.workspace.textDocuments.forEach((d) => void this.check(d));
      }),
    );
    vscode.workspace.textDocuments.forEach((d) => void this.check(d));
  }

  /** the latest check of each document: an older one that ends later does not overwrite its diagnostics */
  private readonly latest = new Map<string, number>();
  private checks = 0;

  /** Checks now (reading the CSV asynchronously); resolves to the result so that a launch can reuse it. */
  async check(document: vscode.TextDocument): Promise<ParseResult | undefined> {
    if (!isNetworkFile(document.uri)) return undefined;
    const key = document.uri.toString();
    const id = ++this.checks;
    this.latest.set(key, id);
    let result: ParseResult;
    try {
      result = await parseDocument(document);
    } catch (e) {
      // never an unhandled rejection in the extension host: the failure is the file's error
      result = { spec: undefined, errors: [{ file: document.uri.fsPath, line: 1, column: 1, offset: 0, length: 1, message: String((e as Error)?.message ?? e) }] };
    }
    if (this.latest.get(key) === id && !document.isClosed) {
      const diagnostics = result.errors.map((e) => toDiagnostic(document, e));
      this.collection.set(document.uri, diagnostics);
      this.onChecked?.(document, diagnostics);
    }
    return result;
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isNetworkFile(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.check(document), 250));
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}
