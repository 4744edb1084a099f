// The manifest's contract (package.json `contributes`), checked inside a real VS Code extension host.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './util';

const EXTENSION_ID = 'backprop-debugger.backprop-debugger';
const COMMANDS = ['backprop.debugNetwork', 'backprop.showInspector', 'backprop.newNetworkFile'];

/** The workspace's hand-2-2-2 network (the harness always opens a workspace that contains it). */
function networkUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, 'hand-2-2-2.backprop.json');
}


suite('Extension', () => {
  test('is installed under its manifest id', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is present`);
    assert.strictEqual(ext.packageJSON.name, 'backprop-debugger');
    assert.strictEqual(path.basename(ext.packageJSON.main), 'extension.js');
  });

  test('activates when a *.backprop.json file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const doc = await vscode.workspace.openTextDocument(networkUri());
    await vscode.window.showTextDocument(doc);
    // workspaceContains:**/*.backprop.json may have activated it already; either way it must end up active.
    await waitFor('activation', () => ext.isActive);
    // isActive is also true after a failed activation; activate() rejects with the activation's error.
    await ext.activate();
  });

  test('opens network files in their own language (VS Code refuses breakpoints in jsonc)', async () => {
    const doc = await vscode.workspace.openTextDocument(networkUri());
    assert.strictEqual(doc.languageId, 'backprop-network');
  });

  test('contributes the backprop debugger', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const types = (ext.packageJSON.contributes?.debuggers ?? []).map((d: { type: string }) => d.type);
    assert.deepStrictEqual(types, ['backprop']);
  });

  for (const command of COMMANDS) {
    test(`registers the command ${command}`, async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
      const all = await vscode.commands.getCommands(true);
      assert.ok(all.includes(command), `${command} is registered`);
    });
  }
});
