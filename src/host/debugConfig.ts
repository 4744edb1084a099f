// The `backprop` debug type's configurations: F5 on an open network file works without a
// launch.json, "create a launch.json" offers a starting configuration, and an invalid network file
// never starts a session (the error names its line and column, and the diagnostics show where).

import * as vscode from 'vscode';
import { checkLaunch } from '../debug/launchArguments';
import { formatError } from '../engine/spec';
import { showLaunchProblem } from './launchProblem';
import { dataOptions, isNetworkFile, type NetworkDiagnostics } from './networkFiles';

export const DEBUG_TYPE = 'backprop';

export class BackpropConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly diagnostics: NetworkDiagnostics) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('Debug training'), network: '${file}', stopOnEntry: true }];
  }

  /** Fills in what is missing (F5 with no launch.json: the active network file). */
  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!config.type && !config.request && !config.name) {
      if (!isNetworkFile(active)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open a network file (*.backprop.json) to debug its training.'));
        return undefined;
      }
      return { type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('Debug training'), network: active.fsPath, stopOnEntry: true };
    }
    if (!config.network) {
      if (!isNetworkFile(active)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The launch configuration needs "network": the path of a *.backprop.json file.'));
        return undefined;
      }
      config.network = active.fsPath;
    }
    // every attribute as the adapter checks it, before a session starts: the message names the field and
    // launch.json opens on it
    const checked = checkLaunch(config);
    if (!checked.ok) {
      void showLaunchProblem(folder, config, checked.problem);
      return undefined;
    }
    return config;
  }

  /** After variables are substituted: the network file must be valid, or no session starts. */
  async resolveDebugConfigurationWithSubstitutedVariables(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const uri = vscode.Uri.file(String(config.network));
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the network file {0}.', uri.fsPath));
      return undefined;
    }
    const result = await this.diagnostics.check(document);
    if (result && !result.spec) {
      const first = result.errors[0];
      void vscode.window.showErrorMessage(vscode.l10n.t('The network file has errors: {0}', formatError(first)), vscode.l10n.t('Show Problems')).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      const at = document.positionAt(first.offset);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at));
      return undefined;
    }
    // the adapter reads the CSV under the same rules as the diagnostics: this folder, this cap
    return { ...config, ...dataOptions(uri) };
  }
}
