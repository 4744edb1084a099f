// The host's view of the active backprop session: the last state the adapter sent (custom DAP event
// `backprop.state`, read as it leaves the adapter) and the recorded losses, fetched incrementally. The inspector panel and the
// Run-and-Debug view both read it; the debug adapter stays the one source of truth.

import { appendFileSync } from 'fs';
import * as vscode from 'vscode';
import { applyDelta, type StateDelta } from '../protocol/delta';
import { decodeLosses } from '../protocol/messages';
import { REQUESTS, STATE_EVENT, request, type CustomEvents, type LossHistory } from '../protocol/dap';
import type { StateSnapshot } from '../protocol/snapshot';
import { DEBUG_TYPE } from './debugConfig';

/**
 * Where a step's time goes (bench/ui-step.js): with BACKPROP_STEP_TRACE=<file>, every DAP message between
 * VS Code and the adapter and the host's own work per stop are appended there as JSON lines
 * { t: epoch ms (sub-ms), what }. Off (and free) otherwise.
 */
const TRACE_FILE = process.env.BACKPROP_STEP_TRACE;
export function traceStep(what: string): void {
  if (TRACE_FILE) appendFileSync(TRACE_FILE, JSON.stringify({ t: performance.timeOrigin + performance.now(), what }) + '\n');
}

/** the longest the host's work for a stop waits for VS Code's stack request */
const HOLD_MS = 150;

/** losses of iterations from, from + 1, … (Float64, base64) */
export type LossesUpdate = LossHistory;

export class SessionState implements vscode.Disposable {
  /** the session whose state is held (the last backprop session that stopped) */
  session: vscode.DebugSession | undefined;
  state: StateSnapshot | undefined;
  /** the session has ended: its last state stays on view, but nothing can be asked of it any more */
  hasEnded = false;
  /** how many losses the listeners have been given */
  private lossesKnown = 0;
  private fetching = false;
  /** deltas that arrived and are not applied yet (in order: each is against the one before) */
  private pending: StateDelta[] = [];
  /** a stop's stack has not been answered yet */
  private holding = false;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
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
        // the tracker may have taken the session's first state already
        if (s !== this.session) {
          this.session = s;
          this.state = undefined;
          this.pending = [];
        }
        this.hasEnded = false;
        this.lossesKnown = 0;
        this.started.fire(s);
      }),
      // The adapter runs in this process: its messages pass the tracker before VS Code forwards them, so the
      // state is taken here, without waiting for it to come back from the workbench as a custom event
      // (a round trip through the window's main thread, megabytes for a big network).
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (TRACE_FILE) traceStep(`→ ${m.command}`);
            // the requests VS Code sends the adapter: Continue makes the views show "running" at once
            if (session === this.session && m.type === 'request' && (m.command === 'continue' || m.command === 'reverseContinue')) this.running.fire();
          },
          onDidSendMessage: (m: { type?: string; command?: string; event?: string; body?: unknown }) => {
            if (TRACE_FILE) traceStep(m.type === 'event' ? `← event ${m.event}` : `← ${m.command}`);
            if (m.type === 'event' && m.event === 'stopped') this.holdForCallStack();
            else if (m.type === 'event' && m.event === STATE_EVENT && m.body) this.stateArrived(session, m.body as CustomEvents[typeof STATE_EVENT]);
            else if (m.type === 'response' && m.command === 'stackTrace') this.release();
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s !== this.session) return;
        this.hasEnded = true;
        this.ended.fire();
      }),
      this.changed,
      this.lossesArrived,
      this.ended,
      this.started,
      this.running,
    ];
  }

  /**
   * A stop: VS Code now asks for the threads and the stack. The host's own work for the stop (the Backprop
   * view, the inspector) waits until the stack has been answered, so the Call Stack is not queued behind it
   * in the extension host or the window; at most HOLD_MS if no stack request comes.
   */
  private holdForCallStack(): void {
    clearTimeout(this.holdTimer);
    this.holding = true;
    this.holdTimer = setTimeout(() => this.release(), HOLD_MS);
  }

  private release(): void {
    clearTimeout(this.holdTimer);
    this.holding = false;
    // after the tracker returns: the stack response goes to VS Code first
    if (this.pending.length) setImmediate(() => void this.receive());
  }

  /** A state from the session's adapter: in-process from an inline adapter, or seen by the tracker. */
  stateArrived(session: vscode.DebugSession, delta: StateDelta): void {
    traceStep('host: state arrived');
    if (session !== this.session) {
      this.session = session;
      this.state = undefined;
      this.pending = [];
      this.hasEnded = false;
    }
    this.pending.push(delta);
    if (!this.holding && this.pending.length === 1) setImmediate(() => void this.receive());
  }

  /** Rebuilds the state from the deltas that arrived (or asks for all of it, if one cannot be applied). */
  private async receive(): Promise<void> {
    const session = this.session;
    const deltas = this.pending.splice(0);
    if (!session || !deltas.length) return;
    let state: StateSnapshot | undefined = this.state;
    for (const delta of deltas) if (!(state = applyDelta(state, delta))) break;
    if (!state) {
      try {
        state = await request(session, REQUESTS.snapshot);
      } catch {
        return;
      }
    }
    if (session !== this.session) return;
    this.state = state;
    this.changed.fire(state);
    traceStep('host: state listeners done');
    void this.fetchLosses();
  }

  /** All recorded losses again (for a view that has just been created). */
  async allLosses(): Promise<LossesUpdate | undefined> {
    if (!this.session) return undefined;
    try {
      return await request(this.session, REQUESTS.lossHistory, { from: 1 });
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
      const update = await request(this.session, REQUESTS.lossHistory, { from });
      // counted as the webview reads it: an answer that is not whole Float64 values shows nothing, so counts nothing
      const values = decodeLosses(update.base64);
      if (values) {
        this.lossesKnown = update.from - 1 + values.length;
        this.lossesArrived.fire(update);
      }
    } catch {
      // the session ended meanwhile: nothing to show
    } finally {
      this.fetching = false;
    }
    // a stop that arrived during the request may have recorded more
    if (this.state !== asked) void this.fetchLosses();
  }

  dispose(): void {
    clearTimeout(this.holdTimer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
