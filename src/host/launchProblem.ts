// A bad launch attribute, shown where it is: the message names the field (the adapter's check, shared),
// and when the configuration comes from a launch.json the editor opens it with the value selected.

import * as vscode from 'vscode';
import type { LaunchProblem } from '../debug/launchArguments';
import { locateField } from './launchJson';

/** Says what is wrong with the configuration, and puts the cursor on it in launch.json when it is there. */
export async function showLaunchProblem(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration, problem: LaunchProblem): Promise<void> {
  void vscode.window.showErrorMessage(vscode.l10n.t('Launch configuration "{0}": {1}', String(config.name ?? ''), problem.message));
  if (!folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    return;
  }
  const where = locateField(document.getText(), String(config.name ?? ''), problem.field);
  if (!where) return;
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const range = new vscode.Range(document.positionAt(where.offset), document.positionAt(where.offset + where.length));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
