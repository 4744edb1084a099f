// "Backprop: New Network File": a network from a template (XOR, sin regression, iris, the 2-2-2
// example checkable by hand), saved where the user chooses and opened in the editor. The name
// proposed is one not taken yet (xor.backprop.json, then xor-2.backprop.json, …).

import * as vscode from 'vscode';

interface Template {
  readonly file: string;
  readonly label: string;
  readonly detail: string;
}

const SUFFIX = '.backprop.json';

function templates(): Template[] {
  return [
    { file: 'xor.backprop.json', label: vscode.l10n.t('XOR'), detail: vscode.l10n.t('2-3-1 sigmoid network learning XOR: the classic first example') },
    { file: 'hand-2-2-2.backprop.json', label: vscode.l10n.t('2-2-2, checkable by hand'), detail: vscode.l10n.t('explicit weights and one sample: every δ and ∂w can be computed with a pencil') },
    { file: 'sin.backprop.json', label: vscode.l10n.t('sin regression'), detail: vscode.l10n.t("the textbook's 1-3-1 regression of sin x, identity output") },
    { file: 'iris.backprop.json', label: vscode.l10n.t('iris classification'), detail: vscode.l10n.t("the textbook's 4-25-3 softmax classifier, cross-entropy, batches of 8") },
  ];
}

/** A file name with the suffix once: `xor` and `xor.json` and `xor.backprop` become `xor.backprop.json`. Pure. */
export function withSuffix(name: string): string {
  if (name.endsWith(SUFFIX)) return name;
  return name.replace(/(\.backprop)?(\.json)?$/, '') + SUFFIX;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `file` in `folder` if nothing has that name yet, else the first free `stem-2`, `stem-3`, … */
async function freeName(folder: vscode.Uri, file: string): Promise<vscode.Uri> {
  const stem = file.slice(0, -SUFFIX.length);
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? file : `${stem}-${n}${SUFFIX}`);
    if (!(await exists(uri))) return uri;
  }
}

export async function newNetworkFile(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(templates(), { title: vscode.l10n.t('New Network File'), placeHolder: vscode.l10n.t('Start from a template') });
  if (!picked) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the new network file'),
    defaultUri: folder ? await freeName(folder, picked.file) : undefined,
    // the dialog compares a filter with the name's last extension only: `backprop.json` would make it
    // append `.backprop.json` to `xor.backprop.json` (VS Code's own dialog does); the suffix is ours to add
    filters: { [vscode.l10n.t('Network files')]: ['json'] },
  });
  if (!target) return undefined;
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  const uri = target.with({ path: target.path.slice(0, target.path.length - name.length) + withSuffix(name) });
  // the dialog asked about replacing the name typed; the suffix made another one, which may exist too
  if (uri.path !== target.path && (await exists(uri))) {
    const replace = vscode.l10n.t('Replace');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists. Replace it?', withSuffix(name)), { modal: true }, replace);
    if (answer !== replace) return undefined;
  }
  const content = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'templates', picked.file));
  await vscode.workspace.fs.writeFile(uri, content);
  await vscode.window.showTextDocument(uri);
  return uri;
}
