// "Backprop: New Network File": a network from a template (XOR, sin regression, iris, the 2-2-2
// example checkable by hand), saved where the user chooses and opened in the editor.

import * as vscode from 'vscode';

interface Template {
  readonly file: string;
  readonly label: string;
  readonly detail: string;
}

function templates(): Template[] {
  return [
    { file: 'xor.backprop.json', label: vscode.l10n.t('XOR'), detail: vscode.l10n.t('2-3-1 sigmoid network learning XOR: the classic first example') },
    { file: 'hand-2-2-2.backprop.json', label: vscode.l10n.t('2-2-2, checkable by hand'), detail: vscode.l10n.t('explicit weights and one sample: every δ and ∂w can be computed with a pencil') },
    { file: 'sin.backprop.json', label: vscode.l10n.t('sin regression'), detail: vscode.l10n.t("the textbook's 1-3-1 regression of sin x, identity output") },
    { file: 'iris.backprop.json', label: vscode.l10n.t('iris classification'), detail: vscode.l10n.t("the textbook's 4-25-3 softmax classifier, cross-entropy, batches of 8") },
  ];
}

export async function newNetworkFile(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(templates(), { title: vscode.l10n.t('New Network File'), placeHolder: vscode.l10n.t('Start from a template') });
  if (!picked) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the new network file'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, picked.file) : undefined,
    filters: { [vscode.l10n.t('Network files')]: ['backprop.json'] },
  });
  if (!target) return undefined;
  const uri = target.path.endsWith('.backprop.json') ? target : target.with({ path: target.path.replace(/(\.json)?$/, '.backprop.json') });
  const content = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'templates', picked.file));
  await vscode.workspace.fs.writeFile(uri, content);
  await vscode.window.showTextDocument(uri);
  return uri;
}
