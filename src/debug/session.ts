// The `backprop` debug adapter: a DebugSession that speaks DAP and nothing else. The run loop (runner.ts)
// drives the engine's Trainer and reports stops as events; this file turns requests into the runner's
// moves and its stops into DAP events, and answers what VS Code asks while paused: the Call Stack
// (frames.ts), scopes and variables (variables.ts), watch expressions, Set Value (setValue.ts), the
// exception rules' filters (exceptions.ts) and the custom requests (src/protocol/dap.ts). Runs inline in the
// extension host or standalone (debugAdapter.ts). How every request is answered (once, with a sentence,
// refused when it cannot be now, traced on demand) is answering.ts's; a disposed session stops and lets
// its trainer go.
// Imports @vscode/debugadapter, the engine and the protocol; never `vscode`.

import { basename, resolve } from 'path';
import {
  BreakpointEvent,
  ContinuedEvent,
  Event,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { NetworkSpec } from '../engine/spec';
import { Trainer } from '../engine/trainer';
import { diffState } from '../protocol/delta';
import { STATE_EVENT, THREAD_ID as THREAD, isCustomRequest } from '../protocol/dap';
import { formed, snapshot, type StateSnapshot } from '../protocol/snapshot';
import type { PredictionResult } from '../protocol/prediction';
import { AnsweringSession } from './answering';
import { BreakpointSet } from './breakpointSet';
import { TraceComparison } from './compareSession';
import { answerCustomRequest } from './customRequests';
import { answerPredict } from './prediction';
import { exceptionFilters } from './exceptions';
import { ExpressionError, NotComputedError, compile, formatNumber, formatValue, isTensor, parse, type Compiled } from './expressions';
import { frames } from './frames';
import { useLocale, words } from './i18n';
import { loadTraining, type LaunchArguments } from './launch';
import { Runner, type Halt } from './runner';
import { expressionTarget, setValue, variableTarget } from './setValue';
import { withOptimizer } from './optimizerSnapshot';
import { References, StateEnvironment, scopes, tensorVariable, updatingLayer, variables } from './variables';

export type { Granularity } from './launchArguments';
export type { LaunchArguments } from './launch';
export { exceptionFilters, type ExceptionFilter } from './exceptions';

/** requests that need a launched network; before launch they get an error, never a success or a stack trace */
const NEED_TRAINER = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'goto', 'scopes', 'setVariable', 'setExpression']);
/** requests that read the trainer's state, refused while an export has it elsewhere */
const READS_STATE = new Set(['scopes', 'variables', 'evaluate', 'setVariable', 'setExpression', 'stackTrace']);
/** at most one state event per this many ms while continuing */
const STATE_EVENT_MS = 100;

export class BackpropDebugSession extends AnsweringSession {
  /** the run loop: the trainer, Step Into's cursor, the breakpoints' index, the exception rules, the jobs */
  private readonly runner = new Runner();
  private args: LaunchArguments | undefined;
  /** absolute path of the network file */
  private networkPath = '';
  private readonly refs = new References();
  private disposed = false;
  private readonly breakpoints = new BreakpointSet();
  /** the network file as VS Code names it in its breakpoints */
  private lineSource: DebugProtocol.Source | undefined;
  private lastStateEvent = 0;
  /** the state of the last state event, which the next one is a delta against */
  private lastSent: StateSnapshot | undefined;
  /** ms the last state event took to build and send */
  private stateCost = 0;
  /** sends the last stop's state, built at the stop, if it has not left yet (see halt) */
  private pendingState: (() => void) | undefined;
  private configured!: Promise<void>;
  private markConfigured!: () => void;
  private readonly compiledCache = new Map<string, Compiled>();

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.resetConfigured();
    this.runner.on('stop', (h) => this.halt(h));
    this.runner.on('output', (text) => this.sendEvent(new OutputEvent(text, 'console')));
    // a big network's snapshot costs time: send one at most every 100 ms, and spend at most a tenth of the time on them
    this.runner.on('slice', () => {
      if (Date.now() - this.lastStateEvent >= Math.max(STATE_EVENT_MS, 10 * this.stateCost)) this.sendState();
    });
    // a paced Continue ("animate"): every iteration (or epoch) it shows is sent
    this.runner.on('frame', () => this.sendState());
    // the client went away without a disconnect (a closed stream): stop training
    this.on('close', () => this.stopAll());
  }

  /** VS Code disposes an inline adapter when its session ends: stop all work and let the trainer go. */
  dispose(): void {
    this.stopAll();
    super.dispose();
  }

  private stopAll(): void {
    this.disposed = true;
    this.runner.dispose();
    this.lastSent = undefined;
    this.refs.reset();
  }

  private get trainer(): Trainer | undefined {
    return this.runner.loaded ? this.runner.trainer : undefined;
  }

  /** Step Into's cursor inside a layer */
  private get sub(): Runner['sub'] {
    return this.runner.sub;
  }

  /** whether a run or a job holds the trainer */
  private get running(): boolean {
    return this.runner.isRunning;
  }

  /** Why `command` cannot be answered now (no network yet, the session ended, an export holds the trainer), or undefined. */
  protected refusal(command: string): string | undefined {
    const busy = this.runner.busy;
    if (busy && READS_STATE.has(command)) return busy;
    if (!this.trainer && NEED_TRAINER.has(command)) return this.disposed ? 'the debug session has ended' : `${command}: no network is being trained yet (launch one first)`;
    return undefined;
  }

  /** DAP `cancel`: the Cancel button of a progress notification, or a request being waited for. */
  protected cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    this.runner.cancel({ progressId: args?.progressId, requestId: args?.requestId });
    this.sendResponse(response);
  }

  // --- lifecycle ------------------------------------------------------------------------------------

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    useLocale(args?.locale);
    this.runner.progress = args?.supportsProgressReporting === true ? (e) => this.sendEvent(e) : undefined;
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      supportsCancelRequest: true,
      supportsDelayedStackTraceLoading: false,
      exceptionBreakpointFilters: exceptionFilters(),
    };
    this.sendResponse(response);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.markConfigured();
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    let error: string | undefined;
    try {
      error = await this.load(args);
    } catch (e) {
      // never a hung launch: whatever went wrong is the launch's error message
      error = `${typeof args?.network === 'string' ? args.network : 'the network'}: ${(e as Error).message}`;
    }
    if (error) return this.fail(response, error);
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configured, new Promise((r) => setTimeout(r, 2000))]);
    this.sendResponse(response);
    this.runner.begin(this.args?.stopOnEntry !== false);
  }

  protected async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    this.runner.release();
    let error: string | undefined;
    try {
      // the launch's attributes, with those the restart changes
      error = await this.load({ ...this.args, ...(args?.arguments as Partial<LaunchArguments> | undefined) } as LaunchArguments);
      // the line breakpoints compiled again on the file as it now is, and VS Code told
      if (!error) for (const { id, line } of this.breakpoints.restart(this.spec)) this.sendEvent(new BreakpointEvent('changed', { id, verified: true, line: this.convertDebuggerLineToClient(line), source: this.lineSource }));
    } catch (e) {
      // never a hung restart (as for launch): whatever went wrong is its error message
      error = `restart: ${(e as Error).message}`;
    }
    if (error) return this.fail(response, error);
    this.reindex();
    this.sendResponse(response);
    // the stop before ("training finished", an exception) is over: VS Code clears it from the Call Stack
    this.sendEvent(new ContinuedEvent(THREAD, true));
    this.runner.begin(this.args?.stopOnEntry !== false);
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.runner.release();
    this.sendResponse(response);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runner.release();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  /** Loads the network and makes a fresh trainer; returns the error text when the file is invalid. */
  private async load(args: LaunchArguments): Promise<string | undefined> {
    const loaded = await loadTraining(args);
    if (!loaded.ok) return loaded.message;
    // the student's trace, read and compared before anything starts: a bad one fails the launch with its line
    const compared = loaded.launch.compareWith === undefined ? undefined : await TraceComparison.load(loaded.launch.compareWith, loaded.trainer, loaded.path, typeof args.dataRoot === 'string' && args.dataRoot ? [args.dataRoot] : []);
    if (typeof compared === 'string') return compared;
    this.args = args;
    this.traceMessages(loaded.launch.trace);
    this.networkPath = loaded.path;
    // a restart keeps the pace the inspector's slider set; a launch takes its "animate"
    const launching = !this.runner.loaded;
    this.runner.load(loaded.trainer);
    this.runner.granularity = loaded.launch.granularity;
    if (launching) this.runner.pace = loaded.launch.animate;
    this.runner.exceptions.setThresholds({ exploding: loaded.launch.explodingGradientThreshold, vanishing: loaded.launch.vanishingGradientThreshold });
    this.runner.exceptions.compareWith(compared);
    this.lastSent = undefined;
    return undefined;
  }

  private resetConfigured(): void {
    this.configured = new Promise((r) => (this.markConfigured = r));
  }

  private get spec(): NetworkSpec {
    return this.need().spec;
  }

  private need(): Trainer {
    return this.runner.trainer;
  }

  // --- breakpoints ----------------------------------------------------------------------------------

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path ? resolve(args.source.path) : '';
    const ours = this.samePath(path, this.networkPath);
    const where = !this.trainer ? 'the network is not loaded yet' : ours ? this.spec : 'not the network file being trained';
    const lines = (args.breakpoints ?? []).map((bp) => ({ ...bp, line: this.convertClientLineToDebugger(bp.line) }));
    const out = this.breakpoints.setLines(lines, where).map((b) => ({ ...b, line: this.convertDebuggerLineToClient(b.line!), source: args.source }));
    if (ours) {
      this.lineSource = args.source;
      this.reindex();
    }
    response.body = { breakpoints: out };
    this.sendResponse(response);
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: this.breakpoints.setFunctions(args.breakpoints, this.trainer?.layers.length ?? Infinity) };
    this.reindex();
    this.sendResponse(response);
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    if (!Array.isArray(args?.filters)) throw new Error('"filters" must be a list of filter ids');
    this.runner.exceptions.setFilters(args.filters);
    this.sendResponse(response);
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const e = this.runner.exception;
    if (!e) return this.fail(response, 'not stopped on an exception');
    // VS Code's exception widget shows exceptionId ("Exception has occurred: …"): a name for people, not the filter's id
    const name = words().exceptionName[e.filter];
    response.body = { exceptionId: name, description: e.description, breakMode: 'always', details: { message: e.description, typeName: name } };
    this.sendResponse(response);
  }

  private reindex(): void {
    this.runner.setBreakpoints(this.breakpoints.all());
  }

  private samePath(a: string, b: string): boolean {
    return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  // --- running: the runner moves, its 'stop' event answers (halt) ------------------------------------

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    // a Continue after "training finished" ends the session
    if (!this.runner.continue()) this.sendEvent(new TerminatedEvent());
  }

  protected nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    this.runner.next();
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    this.runner.stepIn();
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    this.runner.stepOut();
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.runner.pause();
  }

  protected stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    this.runner.stepBack();
  }

  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    this.runner.reverse();
  }

  /** Reports a stop: the Stopped event, and the state for the UI. */
  private halt(h: Halt): void {
    this.refs.reset();
    const event = new StoppedEvent(h.reason, THREAD) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    switch (h.reason) {
      case 'breakpoint':
        event.body.hitBreakpointIds = h.ids;
        break;
      case 'exception':
        event.body.description = h.description;
        event.body.text = h.description;
        break;
      case 'step':
      case 'pause':
      case 'entry':
      case 'goto':
        if (h.description) event.body.description = h.description;
        break;
      default: {
        const never: never = h;
        throw new Error(`unknown stop ${JSON.stringify(never)}`);
      }
    }
    this.pendingState?.(); // the stop before's, if still waiting: states leave in order
    this.sendEvent(event);
    // The stop's state is built now, and leaves right after the answer to VS Code's stack request (it asks
    // for threads, then the stack, after a Stopped event), or after any other answer, or soon anyway: VS Code
    // relays every custom event through its window and back to the extension host, megabytes for a big
    // network, and the Call Stack would wait behind it.
    const state = this.currentSnapshot();
    const send = (): void => {
      if (this.pendingState !== send) return;
      this.pendingState = undefined;
      clearTimeout(timer);
      answered.dispose();
      this.sendState(state);
    };
    let timer = setTimeout(send, 20);
    // onResponse, not onDidSendMessage: that event has room for one listener, VS Code's (see onResponse)
    const answered = this.onResponse((r) => {
      if (r.command !== 'threads') return send();
      // a client that asks for the threads asks for the stack next: wait for that a little longer
      clearTimeout(timer);
      timer = setTimeout(send, 40);
    });
    this.pendingState = send;
  }

  /** The state for the UI, with the layer being formed neuron by neuron when stepping into it. */
  private currentSnapshot(): StateSnapshot {
    const cursor = this.sub;
    // Step Into at the update goes layer by layer (the optimizer's part says how far), not neuron by neuron
    const sub = cursor?.phase === 'update' ? undefined : cursor;
    const layer = sub && this.need().layers[sub.layer];
    const counts = sub && layer && formed(sub.count, layer.size, layer.activation.name === 'softmax');
    const forming = sub && counts && { layer: sub.layer, phase: sub.phase, first: counts.first, second: counts.second };
    const state = withOptimizer(snapshot(this.need(), forming), this.need(), updatingLayer(cursor));
    // a student's trace beside the engine's numbers
    const compared = this.runner.exceptions.compared;
    const shown = compared ? { ...state, compare: compared.snapshot(this.need(), compared.check(this.need())) } : state;
    return this.running ? { ...shown, running: true } : shown;
  }

  /**
   * Where the states go when the adapter runs inline in the extension host: handed over in-process, not
   * as DAP events (VS Code would relay each, up to megabytes, through the window's main thread and back,
   * just when the Call Stack is being drawn). Unset (a standalone adapter): `backprop.state` events.
   */
  stateSink: ((delta: ReturnType<typeof diffState>) => void) | undefined;

  /**
   * backprop.predict answered in-process, for the host of an inline adapter: while training runs, a custom
   * request's round trip through the window takes seconds (as the states did before stateSink); throws as
   * the request fails.
   */
  predict(args: unknown): PredictionResult {
    return answerPredict(this.runner, args);
  }

  private sendState(prepared?: StateSnapshot): void {
    if (!this.trainer) return;
    if (!prepared) this.pendingState?.();
    const start = Date.now();
    // as a delta against the state sent before: unchanged matrices (w between updates, …) are not sent again
    const state = prepared ?? this.currentSnapshot();
    const delta = diffState(this.lastSent, state);
    if (this.stateSink) this.stateSink(delta);
    else this.sendEvent(new Event(STATE_EVENT, delta));
    this.lastSent = state;
    this.lastStateEvent = Date.now();
    this.stateCost = this.lastStateEvent - start;
  }

  // --- seeing: the Call Stack (frames.ts), scopes and variables (variables.ts), watch expressions ------------
  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, 'training')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const trainer = this.trainer;
    const source = new Source(basename(this.networkPath), this.networkPath);
    const stackFrames = trainer ? frames(trainer, this.sub).map((f, i) => new StackFrame(i + 1, f.name, source, this.convertDebuggerLineToClient(f.line), 1)) : [];
    response.body = { stackFrames, totalFrames: stackFrames.length };
    this.sendResponse(response);
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse): void {
    const trainer = this.need();
    const stop = trainer.currentStop;
    const current = stop && (stop.phase === 'forward' || stop.phase === 'backward') ? stop.layer : undefined;
    response.body = { scopes: scopes(trainer, this.refs, current).map((s) => Object.assign(new Scope(s.name, s.variablesReference, false), s)) };
    this.sendResponse(response);
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const container = this.refs.get(args.variablesReference);
    if (!container || !this.trainer) {
      response.body = { variables: [] };
      return this.sendResponse(response);
    }
    response.body = { variables: variables(container, this.env(), this.refs, args) };
    this.sendResponse(response);
  }

  private env(): StateEnvironment {
    return new StateEnvironment(this.need(), this.sub);
  }

  private compiled(text: string): Compiled {
    let c = this.compiledCache.get(text);
    if (!c) {
      c = compile(parse(text));
      if (this.compiledCache.size > 256) this.compiledCache.clear();
      this.compiledCache.set(text, c);
    }
    return c;
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    try {
      const v = this.compiled(args.expression)(this.env());
      if (isTensor(v)) {
        const variable = tensorVariable(args.expression, v, args.expression, this.refs);
        response.body = { result: variable.value, type: variable.type, variablesReference: variable.variablesReference, indexedVariables: variable.indexedVariables };
      } else response.body = { result: formatValue(v), type: typeof v, variablesReference: 0 };
      this.sendResponse(response);
    } catch (e) {
      if (e instanceof NotComputedError) {
        response.body = { result: words().notComputed, variablesReference: 0 };
        return this.sendResponse(response);
      }
      this.fail(response, (e as Error).message);
    }
  }

  // --- Set Value ------------------------------------------------------------------------------------

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    try {
      const value = this.numberOf(args.value);
      setValue(this.need(), variableTarget(this.refs.get(args.variablesReference), args.name), value);
      response.body = { value: formatNumber(value) };
      this.sendResponse(response);
      this.sendState();
    } catch (e) {
      this.fail(response, (e as Error).message);
    }
  }

  protected setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    try {
      const value = this.numberOf(args.value);
      setValue(this.need(), expressionTarget(parse(args.expression), this.env()), value);
      response.body = { value: formatNumber(value) };
      this.sendResponse(response);
      this.sendState();
    } catch (e) {
      this.fail(response, (e as Error).message);
    }
  }

  private numberOf(text: string): number {
    const v = this.compiled(text)(this.env());
    if (typeof v !== 'number') throw new ExpressionError(`${text} is not a number`);
    return v;
  }

  // --- custom requests (customRequests.ts) ------------------------------------------------------------

  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown, request?: DebugProtocol.Request): void {
    if (!isCustomRequest(command)) return super.customRequest(command, response, args);
    answerCustomRequest(
      {
        runner: this.runner,
        snapshot: () => this.currentSnapshot(),
        answer: (body) => {
          response.body = body;
          this.sendResponse(response);
        },
        fail: (message) => this.fail(response, message),
        stoppedHere: () => this.halt({ reason: 'pause' }),
        refreshState: () => this.sendState(),
      },
      command,
      args,
      request?.seq,
    );
  }
}
