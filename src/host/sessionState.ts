// The host's view of the active backprop session: the last state the adapter sent (custom DAP event
// `backprop.state`) and the recorded losses, fetched incrementally. The inspector panel and the
// Run-and-Debug view both read it; the debug adapter stays the one source of truth.

import * as vscode from 'vscode';
import { applyDelta, type StateDelta } from '../protocol/delta';
import { REQUESTS, STATE_EVENT, type StateSnapshot } from '../protocol/snapshot';
import { DEBUG_TYPE } from './debugConfig';

export interface LossesUpdate {
  /** iteration of the first value */
  readonly from: number;
  /** Float64 values, base64 */
  readonly base64: string;
}

export class SessionState implements vscode.Disposable {
  /** the session whose state is held (the last backprop session that stopped) */
  session: vscode.DebugSession | undefined;
  state: StateSnapshot | undefined;
  /** how many losses the listeners have been given */
  private lossesKnown = 0;
  private fetching = false;
  private readonly changed = new vscode.EventEmitter<StateSnapshot>();
  private readonly lossesArrived = new vscode.EventEmitter<LossesUpdate>();
  private readonly ended = new vscode.EventEmitter<void>();
  private readonly started = new vscode.EventEmitter<vscode.DebugSession>();
  private readonly running = new vscode.EventEmitter<void>();
  /** Continue or Reverse Continue was asked of the session: it runs until its next stop */
  readonly onDidRun = this.running.event;
  readonly onDidChange = this.changed.event;
  readonly onDidReceiveLosses = this.lossesArrived.event;
  readonly onDidEnd = this.ended.event;
  readonly onDidStart = this.started.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.type !== DEBUG_TYPE) return;
        this.session = s;
        this.state = undefined;
        this.lossesKnown = 0;
        this.started.fire(s);
      }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.session.type !== DEBUG_TYPE || e.event !== STATE_EVENT || !e.body) return;
        if (e.session !== this.session) this.state = undefined;
        this.session = e.session;
        void this.receive(e.session, e.body as StateDelta);
      }),
      // the requests VS Code sends the adapter: Continue makes the views show "running" at once
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (session === this.session && m.type === 'request' && (m.command === 'continue' || m.command === 'reverseContinue')) this.running.fire();
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s === this.session) this.ended.fire();
      }),
      this.changed,
      this.lossesArrived,
      this.ended,
      this.started,
      this.running,
    ];
  }

  /** Rebuilds the state from the event's delta (or asks for all of it, if the delta cannot be applied). */
  private async receive(session: vscode.DebugSession, delta: StateDelta): Promise<void> {
    let state = applyDelta(this.state, delta);
    if (!state) {
      try {
        state = (await session.customRequest(REQUESTS.snapshot)) as StateSnapshot;
      } catch {
        return;
      }
    }
    if (session !== this.session) return;
    this.state = state;
    this.changed.fire(state);
    void this.fetchLosses();
  }

  /** All recorded losses again (for a view that has just been created). */
  async allLosses(): Promise<LossesUpdate | undefined> {
    if (!this.session) return undefined;
    try {
      return (await this.session.customRequest(REQUESTS.lossHistory, { from: 1 })) as LossesUpdate;
    } catch {
      return undefined;
    }
  }

  /** Sends on the losses recorded since the last call; after an edit or a restart, the whole curve again. */
  private async fetchLosses(): Promise<void> {
    const recorded = this.state?.recordedLosses ?? 0;
    if (this.fetching || !this.session || recorded === this.lossesKnown) return;
    this.fetching = true;
    const asked = this.state;
    try {
      const from = recorded < this.lossesKnown ? 1 : this.lossesKnown + 1;
      const update = (await this.session.customRequest(REQUESTS.lossHistory, { from })) as LossesUpdate;
      // each value is 8 bytes; base64 holds 3 bytes in 4 characters (padding is under one value)
      this.lossesKnown = update.from - 1 + Math.floor((update.base64.length * 3) / 4 / 8);
      this.lossesArrived.fire(update);
    } catch {
      // the session ended meanwhile: nothing to show
    } finally {
      this.fetching = false;
    }
    // a stop that arrived during the request may have recorded more
    if (this.state !== asked) void this.fetchLosses();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
