// Backprop: Export as NumPy Code…: the network file in the editor (unsaved edits included, its CSV read as
// the diagnostics read it) as a self-contained NumPy script (src/export/numpy.ts), saved where the user
// chooses — `<name>.py` beside the network file is proposed — and opened in an editor. A file with an
// error is not exported: the message names the file, the line and column, and the first problem.

import * as vscode from 'vscode';
import { numpyScript, scriptNameFor } from '../export/numpy';
import type { ParseResult } from '../engine/parse';
import { isNetworkFile, parseDocument } from './networkFiles';

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * Runs the command on `uri` (a menu's resource) or the active editor's network file; `target` skips the
 * save dialog (tests, keybindings). Resolves with the script's location, or undefined when nothing was written.
 */
export async function exportNumpy(uri?: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const source = isNetworkFile(uri) ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!isNetworkFile(source)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a network file (*.backprop.json) to export it as NumPy code.'));
    return undefined;
  }
  const name = baseName(source);
  let result: ParseResult;
  let text: string;
  try {
    const document = await vscode.workspace.openTextDocument(source);
    text = document.getText();
    result = await parseDocument(document);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot export {0} as NumPy code: {1}', name, String((e as Error)?.message ?? e)));
    return undefined;
  }
  if (!result.spec) {
    const first = result.errors[0];
    const where = `${first.file === source.fsPath ? name : first.file}:${first.line}:${first.column}`;
    const more = result.errors.length > 1 ? ' ' + vscode.l10n.t('({0} more problems)', result.errors.length - 1) : '';
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot export {0} as NumPy code: {1}', where, first.message) + more);
    return undefined;
  }
  const spec = result.spec;
  const chosen =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export as NumPy Code'),
      saveLabel: vscode.l10n.t('Export'),
      defaultUri: vscode.Uri.joinPath(source, '..', scriptNameFor(name)),
      filters: { [vscode.l10n.t('Python script')]: ['py'] },
    }));
  if (!chosen) return undefined;
  try {
    const script = numpyScript(spec, { networkFile: name, scriptName: baseName(chosen), fileText: text });
    await vscode.workspace.fs.writeFile(chosen, new TextEncoder().encode(script));
    await vscode.window.showTextDocument(chosen);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot write {0}: {1}', baseName(chosen), String((e as Error)?.message ?? e)));
    return undefined;
  }
  return chosen;
}
