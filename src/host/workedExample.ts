// Backprop: Export Worked Example…: one iteration of the paused session (the current one or one the user
// names) written as a handout — Markdown with LaTeX, or a self-contained HTML page for printing on A4 —
// in VS Code's language. The adapter reads the iteration (backprop.workedIteration); src/export writes
// the handout; this file asks the questions, saves, and opens the result.

import * as vscode from 'vscode';
import { workedExampleHtml } from '../export/workedExampleHtml';
import { workedExampleMarkdown } from '../export/workedExample';
import { fromWire } from '../export/workedIteration';
import { REQUESTS, request } from '../protocol/dap';
import type { SessionState } from './sessionState';

export type HandoutFormat = 'markdown' | 'html';

const EXTENSIONS: Record<HandoutFormat, string> = { markdown: 'md', html: 'html' };

/** What a caller (a keybinding, a task, a test) may settle in advance; anything left out is asked. */
export interface WorkedExampleArguments {
  readonly iteration?: number;
  readonly format?: HandoutFormat;
  readonly uri?: vscode.Uri;
}

/** Reads the command's argument object leniently: what does not fit is asked instead. */
export function workedExampleArguments(args: unknown): WorkedExampleArguments {
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  return {
    iteration: typeof a.iteration === 'number' && Number.isInteger(a.iteration) && a.iteration >= 1 ? a.iteration : undefined,
    format: a.format === 'markdown' || a.format === 'html' ? a.format : undefined,
    uri: a.uri instanceof vscode.Uri ? a.uri : undefined,
  };
}

/** Asks which iteration: the current one, or another by number. */
async function pickIteration(current: number, total: number): Promise<number | undefined> {
  const other = vscode.l10n.t('Another iteration…');
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Current iteration ({0})', current), iteration: current },
      { label: other, iteration: 0 },
    ],
    { title: vscode.l10n.t('Export Worked Example'), placeHolder: vscode.l10n.t('Which iteration?') },
  );
  if (!picked) return undefined;
  if (picked.iteration) return picked.iteration;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Export Worked Example'),
    prompt: vscode.l10n.t('Iteration, from 1 to {0}', total),
    value: String(current),
    validateInput: (v) => (/^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= total ? undefined : vscode.l10n.t('Write a whole number from 1 to {0}', total)),
  });
  return text === undefined ? undefined : Number(text.trim());
}

async function pickFormat(): Promise<HandoutFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Markdown with LaTeX'), description: vscode.l10n.t('renders in the Markdown preview and on GitHub'), format: 'markdown' as const },
      { label: vscode.l10n.t('HTML page'), description: vscode.l10n.t('self-contained, prints on A4'), format: 'html' as const },
    ],
    { title: vscode.l10n.t('Export Worked Example') },
  );
  return picked?.format;
}

/** The command: returns the file written, or undefined when nothing was (cancelled, no session, an error shown). */
export async function exportWorkedExample(sessions: SessionState, args: WorkedExampleArguments = {}): Promise<vscode.Uri | undefined> {
  const session = sessions.session;
  const state = sessions.state;
  if (!session || !state || sessions.hasEnded) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Start a backprop debug session first.'));
    return undefined;
  }
  const iteration = args.iteration ?? (await pickIteration(state.iteration, state.totalIterations));
  if (iteration === undefined) return undefined;
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;
  let text: string;
  let t: number;
  try {
    const it = fromWire(await request(session, REQUESTS.workedIteration, { iteration }));
    t = it.iteration;
    const options = { language: vscode.env.language };
    text = format === 'markdown' ? workedExampleMarkdown(it, options) : workedExampleHtml(it, options);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The worked example was not written: {0}', (e as Error).message));
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${state.network.name.replace(/[^\w.-]+/g, '-')}-iteration-${t}.${EXTENSIONS[format]}`;
  const target = args.uri ?? (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: format === 'markdown' ? { Markdown: ['md'] } : { HTML: ['html'] } }));
  if (!target) return undefined;
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The worked example was not written: {0}', (e as Error).message));
    return undefined;
  }
  if (format === 'markdown') {
    // the text beside its rendering
    await vscode.window.showTextDocument(target, { preview: false });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', target).then(undefined, () => undefined);
  } else {
    const open = vscode.l10n.t('Open in Browser');
    void vscode.window.showInformationMessage(vscode.l10n.t('Worked example saved to {0}', vscode.workspace.asRelativePath(target)), open).then((a) => {
      if (a === open) void vscode.env.openExternal(target);
    });
  }
  return target;
}
