// Extension entry: the `backprop` debug type (adapter inline in the extension host), the network
// files' diagnostics, the inspector panel, the Run-and-Debug view and the commands. All VS Code
// API lives in src/host; the engine and the adapter know nothing of it.

import * as vscode from 'vscode';
import { BackpropDebugSession } from './debug/session';
import { useMessages } from './engine/messages';
import { compareWithTrace } from './host/compareCommand';
import { BackpropConfigurationProvider, DEBUG_TYPE } from './host/debugConfig';
import { exportNumpy } from './host/exportNumpy';
import { InspectorPanel } from './host/inspectorPanel';
import { LayersView } from './host/layersView';
import { isNetworkFile, NetworkDiagnostics } from './host/networkFiles';
import { registerNetworkLanguage } from './host/language';
import { newNetworkFile } from './host/newNetwork';
import { SessionState } from './host/sessionState';
import { exportWorkedExample, workedExampleArguments } from './host/workedExample';
import type { StateDelta } from './protocol/delta';
import { EXPORT_FORMATS, type ExportFormat } from './protocol/messages';

/**
 * What the extension offers other extensions (and its integration tests): every state an inline
 * session's adapter hands over, as the delta against the one before (`applyDelta` in protocol/delta.ts
 * rebuilds them). A standalone adapter sends the same as `backprop.state` DAP events instead.
 */
export interface BackpropApi {
  readonly onDidSendState: vscode.Event<{ readonly session: vscode.DebugSession; readonly delta: StateDelta }>;
}

export function activate(context: vscode.ExtensionContext): BackpropApi {
  useMessages(vscode.env.language); // the network files' errors (Problems, launch) in VS Code's display language
  const sessions = new SessionState();
  const stateSent = new vscode.EventEmitter<{ session: vscode.DebugSession; delta: StateDelta }>();
  const language = registerNetworkLanguage(context.extensionUri, sessions);
  const diagnostics = new NetworkDiagnostics((document, found) => language.schemaDiagnostics.update(document, found));
  // the inline adapters by session: the inspector asks them for the learned function in-process
  const adapters = new WeakMap<vscode.DebugSession, BackpropDebugSession>();
  const inspector = new InspectorPanel(context.extensionUri, sessions, (s) => adapters.get(s));
  const layers = new LayersView(sessions);

  context.subscriptions.push(
    language,
    diagnostics,
    sessions,
    inspector,
    layers,
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new BackpropConfigurationProvider(diagnostics)),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      { provideDebugConfigurations: () => new BackpropConfigurationProvider(diagnostics).provideDebugConfigurations() },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) => {
        const adapter = new BackpropDebugSession();
        adapters.set(session, adapter);
        adapter.stateSink = (delta) => {
          sessions.stateArrived(session, delta);
          stateSent.fire({ session, delta });
        };
        return new vscode.DebugAdapterInlineImplementation(adapter);
      },
    }),
    vscode.window.registerTreeDataProvider('backprop.layers', layers),
    vscode.commands.registerCommand('backprop.debugNetwork', (uri?: vscode.Uri) => debugNetwork(uri)),
    vscode.commands.registerCommand('backprop.showInspector', () => inspector.show()),
    vscode.commands.registerCommand('backprop.newNetworkFile', () => newNetworkFile(context.extensionUri)),
    // with arguments { from, to, format, uri } no question is asked (tasks, keybindings, tests)
    vscode.commands.registerCommand('backprop.exportTrace', (args?: unknown) => {
      const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
      const whole = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) && x >= 1 ? x : undefined);
      const format = EXPORT_FORMATS.includes(a.format as ExportFormat) ? (a.format as ExportFormat) : undefined;
      return inspector.exportTrace(whole(a.from), whole(a.to), format, a.uri instanceof vscode.Uri ? a.uri : undefined);
    }),
    vscode.commands.registerCommand('backprop.checkGradients', () => inspector.gradientCheck()),
    // with arguments { iteration, format: 'markdown' | 'html', uri } no question is asked
    vscode.commands.registerCommand('backprop.exportWorkedExample', (args?: unknown) => exportWorkedExample(sessions, workedExampleArguments(args))),
    vscode.commands.registerCommand('backprop.revealLayer', (layer: number) => inspector.reveal(layer)),
    // with a Uri no file picker opens (tests, keybindings)
    vscode.commands.registerCommand('backprop.compareWithTrace', (uri?: unknown) => compareWithTrace(sessions, uri instanceof vscode.Uri ? uri : undefined)),
    // (uri, target): a menu passes the network file; a target skips the save dialog (tests, keybindings)
    vscode.commands.registerCommand('backprop.exportNumpy', (uri?: unknown, target?: unknown) =>
      exportNumpy(uri instanceof vscode.Uri ? uri : undefined, target instanceof vscode.Uri ? target : undefined),
    ),
  );
  context.subscriptions.push(stateSent);
  return { onDidSendState: stateSent.event };
}

/** Starts a session on a network file: the one given (editor title button), else the active editor's. */
async function debugNetwork(uri?: vscode.Uri): Promise<boolean> {
  const target = isNetworkFile(uri) ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!isNetworkFile(target)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a network file (*.backprop.json) to debug its training.'));
    return false;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (document?.isDirty) await document.save();
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), {
    type: DEBUG_TYPE,
    request: 'launch',
    name: vscode.l10n.t('Debug {0}', target.path.split('/').pop() ?? ''),
    network: target.fsPath,
    stopOnEntry: true,
  });
}

export function deactivate(): void {}
