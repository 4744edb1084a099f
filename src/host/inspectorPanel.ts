// The inspector panel's host side: creates (or revives after a reload) the webview, posts it the
// session's state once it says `ready`, and turns its requests into debugger commands and custom
// DAP requests. Every message from the webview is validated before it is acted on.

import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { UNCONFIRMED_EXPORT_BYTES } from '../debug/exportTrace';
import type { GradientCheckResult } from '../engine/gradcheck';
import { inspectorHtml } from '../inspector/html';
import { parseFromWebview, type DebugCommand, type ExportFormat, type FromWebview, type ToWebview } from '../protocol/messages';
import { diffState } from '../protocol/delta';
import { REQUESTS, THREAD_ID, request, type ExportTraceResult } from '../protocol/dap';
import type { StateSnapshot } from '../protocol/snapshot';
import type { PredictionResult } from '../protocol/prediction';
import { FULL_SPEED, readAnimate, type Pace } from '../protocol/pace';
import type { SessionState } from './sessionState';

export const INSPECTOR_VIEW_TYPE = 'backprop.inspector';

const WORKBENCH_COMMANDS: Record<DebugCommand, string> = {
  stepOver: 'workbench.action.debug.stepOver',
  stepIn: 'workbench.action.debug.stepInto',
  stepOut: 'workbench.action.debug.stepOut',
  stepBack: 'workbench.action.debug.stepBack',
  continue: 'workbench.action.debug.continue',
  reverseContinue: 'workbench.action.debug.reverseContinue',
  pause: 'workbench.action.debug.pause',
};

const DAP_REQUESTS: Record<DebugCommand, string> = {
  stepOver: 'next',
  stepIn: 'stepIn',
  stepOut: 'stepOut',
  stepBack: 'stepBack',
  continue: 'continue',
  reverseContinue: 'reverseContinue',
  pause: 'pause',
};

const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { jsonl: 'jsonl', csv: 'csv', table: 'txt' };

/** "1.4 GB", "320 MB" */
function sizeText(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

export class InspectorPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** the state the webview has, which the next one is a delta against */
  private posted: StateSnapshot | undefined;
  private readonly queue: ToWebview[] = [];
  /** Continue's pace in the session (its launch attribute "animate", or the slider's last choice) */
  private pace: Pace = FULL_SPEED;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: SessionState,
    /** the session's inline adapter, to ask in-process (a DAP request waits for the window while training runs) */
    private readonly inlineAdapter: (session: vscode.DebugSession) => { predict(args: unknown): PredictionResult } | undefined = () => undefined,
  ) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.attach(panel),
      }),
      sessions.onDidStart(() => {
        if (vscode.workspace.getConfiguration('backprop').get<boolean>('inspector.openOnSessionStart', true)) this.show(true);
      }),
      sessions.onDidChange((state) => this.postState(state)),
      sessions.onDidStart((session) => {
        const read = readAnimate(session.configuration?.animate);
        const pace = typeof read === 'string' ? FULL_SPEED : read;
        const changed = pace.perSecond !== this.pace.perSecond || pace.unit !== this.pace.unit;
        this.pace = pace;
        // a page not ready yet gets it with `ready`
        if (this.ready && changed) this.post({ type: 'pace', ...pace });
      }),
      sessions.onDidReceiveLosses((update) => this.post({ type: 'losses', from: update.from, base64: update.base64 })),
      sessions.onDidEnd(() => this.post({ type: 'ended' })),
      sessions.onDidRun(() => this.post({ type: 'running' })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backprop.inspector.digits')) this.post(this.settings());
      }),
    );
  }

  /** Opens the panel beside the editor, or reveals it. */
  show(preserveFocus = false): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      vscode.l10n.t('Backprop Inspector'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] },
    );
    this.attach(panel);
  }

  /** Shows layer l in the panel (from the Run-and-Debug view). */
  reveal(layer: number): void {
    this.show(true);
    this.post({ type: 'reveal', layer });
  }

  /** Runs the gradient check and shows its result in the panel; returns it (for the command). */
  async gradientCheck(): Promise<GradientCheckResult | undefined> {
    const session = this.sessions.session;
    if (!session) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Start a backprop debug session first.'));
      return undefined;
    }
    const result = await request(session, REQUESTS.gradientCheck, { maxPerLayer: 64 });
    this.show(true);
    this.post({ type: 'gradientCheck', result });
    return result;
  }

  /**
   * Saves a trace of iterations from … to where the user chooses (or to `target`, for scripts and tasks):
   * the adapter streams it to the file in chunks, with progress and Cancel in VS Code's notification. A
   * large one is exported only after the user confirms its estimated size. Returns where it was saved.
   */
  async exportTrace(from?: number, to?: number, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const session = this.sessions.session;
    const state = this.sessions.state;
    if (!session || !state) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Start a backprop debug session first.'));
      return undefined;
    }
    if (format === undefined) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'JSON Lines', description: vscode.l10n.t('one object per iteration, as the headless trace'), format: 'jsonl' as const },
          { label: 'CSV', description: vscode.l10n.t('one row per value'), format: 'csv' as const },
          { label: vscode.l10n.t('Aligned tables'), description: vscode.l10n.t('for a handout'), format: 'table' as const },
        ],
        { title: vscode.l10n.t('Export Trace') },
      );
      if (!picked) return undefined;
      format = picked.format;
    }
    if (from === undefined || to === undefined) {
      const range = await vscode.window.showInputBox({
        title: vscode.l10n.t('Export Trace'),
        prompt: vscode.l10n.t('Iterations to export, e.g. 1-{0}', state.iteration),
        value: `1-${state.iteration}`,
        validateInput: (v) => (/^\s*\d+\s*(-\s*\d+\s*)?$/.test(v) ? undefined : vscode.l10n.t('Write a range like 1-100')),
      });
      if (!range) return undefined;
      const [a, b] = range.split('-').map((x) => Number(x.trim()));
      from = a;
      to = b ?? a;
    }
    // the size first: a big one only when the user says so
    let estimate: ExportTraceResult;
    try {
      estimate = await request(session, REQUESTS.exportTrace, { from, to, format });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The trace was not saved: {0}', (e as Error).message));
      return undefined;
    }
    let confirmedBytes = 0;
    if (estimate.bytes > UNCONFIRMED_EXPORT_BYTES) {
      const go = vscode.l10n.t('Export');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Export iterations {0}–{1}? The file will take about {2}.', estimate.from, estimate.to, sizeText(estimate.bytes)),
        { modal: true },
        go,
      );
      if (answer !== go) return undefined;
      confirmedBytes = estimate.bytes;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${state.network.name.replace(/[^\w.-]+/g, '-')}-trace-${estimate.from}-${estimate.to}.${EXPORT_EXTENSIONS[format]}`;
    target ??= await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined });
    if (!target) return undefined;
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Export Trace writes to files on this machine only, not to {0}.', target.toString()));
      return undefined;
    }
    try {
      await request(session, REQUESTS.exportTrace, { from: estimate.from, to: estimate.to, format, path: target.fsPath, confirmedBytes });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The trace was not saved: {0}', (e as Error).message));
      return undefined;
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Trace saved to {0}', vscode.workspace.asRelativePath(target)));
    return target;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.posted = undefined;
    // what waited for the page before belongs to that page
    this.queue.length = 0;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    // listeners first: a page that cannot be made must not leave a panel that can never be reopened
    const listeners = [
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseFromWebview(raw);
        if (message) void this.handle(message);
      }),
      panel.onDidDispose(() => {
        listeners.forEach((l) => l.dispose());
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.queue.length = 0;
      }),
    ];
    try {
      panel.webview.html = inspectorHtml({
        cspSource: panel.webview.cspSource,
        nonce: crypto.randomBytes(18).toString('base64'),
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
        styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
        lang: vscode.env.language,
      });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The inspector cannot be shown: {0}', (e as Error).message));
    }
  }

  private async handle(message: FromWebview): Promise<void> {
    try {
      switch (message.type) {
        case 'ready': {
          this.ready = true;
          void this.panel?.webview.postMessage(this.settings());
          // the page starts at full speed: another pace is told
          if (this.pace.perSecond > 0) void this.panel?.webview.postMessage({ type: 'pace', ...this.pace } satisfies ToWebview);
          const state = this.sessions.state;
          // a (re)loaded page has no state: the whole of it, later ones as deltas against it
          this.posted = undefined;
          if (state) this.postState(state);
          // a page opened after the session ended shows that it ended (status, no live buttons)
          if (this.sessions.hasEnded) void this.panel?.webview.postMessage({ type: 'ended' } satisfies ToWebview);
          for (const queued of this.queue.splice(0)) void this.panel?.webview.postMessage(queued);
          const losses = await this.sessions.allLosses();
          if (losses) this.post({ type: 'losses', from: losses.from, base64: losses.base64 });
          return;
        }
        case 'command': {
          const session = this.sessions.session;
          // an ended session's buttons are disabled; a message sent before that arrived asks nothing of it
          if (!session || this.sessions.hasEnded) return;
          // the workbench's commands act on the focused session: use them when it is ours (the toolbar
          // follows), else ask our session directly so that another one is never stepped by mistake
          if (vscode.debug.activeDebugSession?.id === session.id) await vscode.commands.executeCommand(WORKBENCH_COMMANDS[message.command]);
          else await session.customRequest(DAP_REQUESTS[message.command], { threadId: THREAD_ID });
          return;
        }
        case 'seek':
          if (this.sessions.session && !this.sessions.hasEnded) await request(this.sessions.session, REQUESTS.seek, { iteration: message.iteration, position: message.position ?? 0 });
          return;
        case 'gradientCheck':
          await this.gradientCheck();
          return;
        case 'export':
          await this.exportTrace(message.from, message.to, message.format);
          return;
        case 'predict': {
          const session = this.sessions.session;
          if (!session || this.sessions.hasEnded) return;
          // refused while an export holds the trainer: the panel keeps what it shows and asks again at the next stop
          const adapter = this.inlineAdapter(session);
          const ask = adapter ? async () => adapter.predict({ grid: message.grid }) : () => request(session, REQUESTS.predict, { grid: message.grid });
          const result = await ask().catch(() => undefined);
          this.post(result ? { type: 'prediction', result } : { type: 'predictionRefused' });
          return;
        }
        case 'pace': {
          const session = this.sessions.session;
          if (!session || this.sessions.hasEnded) return;
          this.pace = await request(session, REQUESTS.setPace, { perSecond: message.perSecond, unit: message.unit });
          this.post({ type: 'pace', ...this.pace });
          return;
        }
        default: {
          const never: never = message;
          return never;
        }
      }
    } catch (e) {
      void vscode.window.showErrorMessage((e as Error).message);
    }
  }

  private settings(): ToWebview {
    return { type: 'settings', digits: vscode.workspace.getConfiguration('backprop').get<number>('inspector.digits', 4), locale: vscode.env.language };
  }

  /** Posts the state as a delta against the one posted before (nothing before `ready`: it sends the latest). */
  private postState(state: StateSnapshot): void {
    if (!this.panel || !this.ready) return;
    void this.panel.webview.postMessage({ type: 'state', state: diffState(this.posted, state) } satisfies ToWebview);
    this.posted = state;
  }

  private post(message: ToWebview): void {
    if (!this.panel) return;
    if (!this.ready) {
      // the latest state is sent on `ready`; keep only what it does not cover
      if (message.type !== 'state' && message.type !== 'losses' && message.type !== 'running') this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.panel?.dispose();
  }
}
