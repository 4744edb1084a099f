// The network files' own language (`backprop-network`): the JSON language service's features against
// the network schema, the schema's diagnostics merged with the engine's, the "did you mean" Quick Fix,
// and the values of a paused run in the editor (hover and inline values).

import * as vscode from 'vscode';
import type { SessionState } from '../sessionState';
import { registerDebugValues } from './debugValues';
import { registerNetworkFeatures } from './features';
import { NetworkJsonService } from './jsonService';
import { registerQuickFixes } from './quickFix';
import { SchemaDiagnostics } from './schemaDiagnostics';

export { NETWORK_LANGUAGE } from './jsonService';

export interface NetworkLanguage extends vscode.Disposable {
  /** give it the engine's diagnostics of each check: it adds the schema's that say something else */
  readonly schemaDiagnostics: SchemaDiagnostics;
}

export function registerNetworkLanguage(extensionUri: vscode.Uri, sessions: SessionState): NetworkLanguage {
  const json = new NetworkJsonService(extensionUri);
  const schemaDiagnostics = new SchemaDiagnostics(json);
  const all = vscode.Disposable.from(registerNetworkFeatures(json), registerQuickFixes(json), registerDebugValues(json, sessions), schemaDiagnostics, json);
  return { schemaDiagnostics, dispose: () => all.dispose() };
}
