// Backprop: Compare With Trace…: picks a student's trace (JSON Lines in the format of `cli.js trace`) and
// asks the running session's adapter to compare with it from now on (the custom request backprop.compareWith,
// src/debug/compareSession.ts). Says how many numbers agreed before the first difference, and offers to go
// there; an invalid trace is an error message naming its line and field.

import * as vscode from 'vscode';
import { REQUESTS, request } from '../protocol/dap';
import { DEBUG_TYPE } from './debugConfig';
import type { SessionState } from './sessionState';

/** Runs the command; `uri` skips the file picker (tests, keybindings). Resolves with the summary sentence, or undefined. */
export async function compareWithTrace(sessions: SessionState, uri?: vscode.Uri): Promise<string | undefined> {
  const session = vscode.debug.activeDebugSession?.type === DEBUG_TYPE ? vscode.debug.activeDebugSession : sessions.session;
  if (!session) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Start debugging a network file first: the trace is compared with its training.'));
    return undefined;
  }
  const network = typeof session.configuration.network === 'string' ? vscode.Uri.file(session.configuration.network) : undefined;
  const picked =
    uri ??
    (
      await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Compare With Trace'),
        openLabel: vscode.l10n.t('Compare'),
        canSelectMany: false,
        defaultUri: network && vscode.Uri.joinPath(network, '..'),
        filters: { [vscode.l10n.t('Trace (JSON Lines)')]: ['jsonl', 'json', 'txt'] },
      })
    )?.[0];
  if (!picked) return undefined;
  try {
    const result = await request(session, REQUESTS.compareWith, { path: picked.fsPath });
    const go = vscode.l10n.t('Go There');
    const message = result.first
      ? vscode.l10n.t('{0} numbers of your trace agreed before the first difference. The exception filter "Differs from your trace" stops there.', result.agreed)
      : vscode.l10n.t('All {0} numbers of your trace agree with the engine.', result.agreed);
    const first = result.first;
    void vscode.window.showInformationMessage(message, ...(first ? [go] : [])).then((choice) => {
      if (choice === go && first) void request(session, REQUESTS.seek, { iteration: first.iteration, position: first.position });
    });
    return result.sentence;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot compare with this trace: {0}', (e as Error).message));
    return undefined;
  }
}
