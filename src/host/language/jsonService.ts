// The JSON language service of VS Code's own JSON support (vscode-json-languageservice), run in the
// extension host for network files against media/network.schema.json: one parse per document
// version, shared by every feature, and the conversions between its LSP types and the `vscode` API's.

import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import * as ls from 'vscode-json-languageservice';

/** The language id of `*.backprop.json` files (package.json `contributes.languages`). */
export const NETWORK_LANGUAGE = 'backprop-network';

const SCHEMA_URI = 'backprop://schemas/network.schema.json';

/** A document as the service sees it: its text at one version, parsed once. */
export interface Parsed {
  readonly text: ls.TextDocument;
  readonly json: ls.JSONDocument;
}

export class NetworkJsonService implements vscode.Disposable {
  private service: ls.LanguageService | undefined;
  private readonly parsed = new Map<string, Parsed>();
  private readonly closing: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.parsed.delete(d.uri.toString()));
  }

  /** The service, made on first use (activation stays quick; the schema is read then). */
  get languageService(): ls.LanguageService {
    if (!this.service) {
      const schema = JSON.parse(readFileSync(vscode.Uri.joinPath(this.extensionUri, 'media', 'network.schema.json').fsPath, 'utf8')) as ls.JSONSchema;
      this.service = ls.getLanguageService({
        clientCapabilities: {
          textDocument: {
            completion: { completionItem: { documentationFormat: [ls.MarkupKind.Markdown, ls.MarkupKind.PlainText], commitCharactersSupport: true, labelDetailsSupport: true } },
            hover: { contentFormat: [ls.MarkupKind.Markdown, ls.MarkupKind.PlainText] },
          },
        },
      });
      // every document handed to the service is a network file: the schema applies to all of them
      this.service.configure({ validate: true, allowComments: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema }] });
    }
    return this.service;
  }

  /** The document's text and syntax tree at its current version. */
  parse(document: vscode.TextDocument): Parsed {
    const key = document.uri.toString();
    const known = this.parsed.get(key);
    if (known && known.text.version === document.version) return known;
    const text = ls.TextDocument.create(key, document.languageId, document.version, document.getText());
    const parsed = { text, json: this.languageService.parseJSONDocument(text) };
    this.parsed.set(key, parsed);
    return parsed;
  }

  dispose(): void {
    this.closing.dispose();
    this.parsed.clear();
  }
}

// --- LSP → vscode -----------------------------------------------------------------------------------

export const toPosition = (p: ls.Position): vscode.Position => new vscode.Position(p.line, p.character);
export const toRange = (r: ls.Range): vscode.Range => new vscode.Range(toPosition(r.start), toPosition(r.end));
export const fromPosition = (p: vscode.Position): ls.Position => ({ line: p.line, character: p.character });
export const fromRange = (r: vscode.Range): ls.Range => ({ start: fromPosition(r.start), end: fromPosition(r.end) });

export function toTextEdit(e: ls.TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(toRange(e.range), e.newText);
}

export function toMarkdown(content: ls.MarkupContent | ls.MarkedString | string): vscode.MarkdownString {
  if (typeof content === 'string') return new vscode.MarkdownString(content);
  if ('kind' in content) return content.kind === ls.MarkupKind.Markdown ? new vscode.MarkdownString(content.value) : new vscode.MarkdownString().appendText(content.value);
  return new vscode.MarkdownString().appendCodeblock(content.value, content.language);
}

export function toCompletionItem(item: ls.CompletionItem): vscode.CompletionItem {
  const out = new vscode.CompletionItem(item.label);
  // LSP kinds count from 1, vscode's from 0
  if (item.kind !== undefined) out.kind = (item.kind - 1) as vscode.CompletionItemKind;
  out.detail = item.detail;
  if (item.documentation !== undefined) out.documentation = toMarkdown(item.documentation);
  out.filterText = item.filterText;
  out.sortText = item.sortText;
  out.preselect = item.preselect;
  out.commitCharacters = item.commitCharacters;
  const snippet = item.insertTextFormat === ls.InsertTextFormat.Snippet;
  const edit = item.textEdit;
  const text = edit?.newText ?? item.insertText;
  if (text !== undefined) out.insertText = snippet ? new vscode.SnippetString(text) : text;
  if (edit) out.range = 'range' in edit ? toRange(edit.range) : { inserting: toRange(edit.insert), replacing: toRange(edit.replace) };
  if (item.additionalTextEdits) out.additionalTextEdits = item.additionalTextEdits.map(toTextEdit);
  if (item.command) out.command = { title: item.command.title, command: item.command.command, arguments: item.command.arguments };
  return out;
}

export function toDocumentSymbol(s: ls.DocumentSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', (s.kind - 1) as vscode.SymbolKind, toRange(s.range), toRange(s.selectionRange));
  out.children = (s.children ?? []).map(toDocumentSymbol);
  return out;
}

export function toFoldingRange(r: ls.FoldingRange): vscode.FoldingRange {
  const kind = r.kind === 'comment' ? vscode.FoldingRangeKind.Comment : r.kind === 'region' ? vscode.FoldingRangeKind.Region : r.kind === 'imports' ? vscode.FoldingRangeKind.Imports : undefined;
  return new vscode.FoldingRange(r.startLine, r.endLine, kind);
}

export function toSelectionRange(r: ls.SelectionRange): vscode.SelectionRange {
  return new vscode.SelectionRange(toRange(r.range), r.parent ? toSelectionRange(r.parent) : undefined);
}

export function toDiagnostic(d: ls.Diagnostic): vscode.Diagnostic {
  const severity = [vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint][(d.severity ?? 1) - 1];
  const out = new vscode.Diagnostic(toRange(d.range), typeof d.message === 'string' ? d.message : d.message.value, severity);
  if (d.code !== undefined) out.code = d.code;
  return out;
}
