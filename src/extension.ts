// Extension entry: registers the Backprop Debugger's commands, debug type and views.
import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // filled in by the host modules
}

export function deactivate(): void {}
