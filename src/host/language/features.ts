// What the editor gave network files while they were `jsonc`, now for their own language: completion,
// hover documentation, formatting, folding, the outline and smart selection, each answered by the
// JSON language service against the network schema (no feature of it re-implemented here).

import * as vscode from 'vscode';
import { fromPosition, fromRange, NETWORK_LANGUAGE, type NetworkJsonService, toCompletionItem, toDocumentSymbol, toFoldingRange, toMarkdown, toRange, toSelectionRange, toTextEdit } from './jsonService';

/** as many folding ranges and outline entries as VS Code's JSON support gives by default */
const RESULT_LIMIT = 5000;

export function registerNetworkFeatures(json: NetworkJsonService): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: NETWORK_LANGUAGE };
  const service = () => json.languageService;

  const formatting = (document: vscode.TextDocument, range: vscode.Range | undefined, options: vscode.FormattingOptions): vscode.TextEdit[] => {
    const { text } = json.parse(document);
    // the user's settings for JSON formatting and final newlines hold for network files too
    const keepLines = vscode.workspace.getConfiguration('json.format', document).get<boolean>('keepLines', false);
    const insertFinalNewline = typeof options.insertFinalNewline === 'boolean' ? options.insertFinalNewline : vscode.workspace.getConfiguration('files', document).get<boolean>('insertFinalNewline', false);
    return service()
      .format(text, range && fromRange(range), { tabSize: options.tabSize, insertSpaces: options.insertSpaces, keepLines, insertFinalNewline })
      .map(toTextEdit);
  };

  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(document, position) {
          const { text, json: tree } = json.parse(document);
          const list = await service().doComplete(text, fromPosition(position), tree);
          return list ? new vscode.CompletionList(list.items.map(toCompletionItem), list.isIncomplete) : undefined;
        },
      },
      // as VS Code's JSON support: a quote, a colon and a comma open the list
      '"',
      ':',
    ),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const { text, json: tree } = json.parse(document);
        const hover = await service().doHover(text, fromPosition(position), tree);
        if (!hover) return undefined;
        const contents = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
        return new vscode.Hover(contents.map(toMarkdown), hover.range && toRange(hover.range));
      },
    }),
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits: (document, options) => formatting(document, undefined, options),
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, {
      provideDocumentRangeFormattingEdits: (document, range, options) => formatting(document, range, options),
    }),
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges: (document) => service().getFoldingRanges(json.parse(document).text, { rangeLimit: RESULT_LIMIT }).map(toFoldingRange),
    }),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols(document) {
        const { text, json: tree } = json.parse(document);
        return service().findDocumentSymbols2(text, tree, { resultLimit: RESULT_LIMIT }).map(toDocumentSymbol);
      },
    }),
    vscode.languages.registerSelectionRangeProvider(selector, {
      provideSelectionRanges(document, positions) {
        const { text, json: tree } = json.parse(document);
        return service().getSelectionRanges(text, positions.map(fromPosition), tree).map(toSelectionRange);
      },
    }),
  );
}
