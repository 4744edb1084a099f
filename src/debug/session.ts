// The `backprop` debug adapter: a DebugSession that speaks only DAP and drives the engine's Trainer,
// so a training run is debugged like a program (stops, breakpoints, stepping both ways, variables,
// watch expressions, Set Value). Runs inline in the extension host or standalone (debugAdapter.ts).
// Continuing, jumps, Reverse Continue, the gradient check and exports run in slices of a few milliseconds
// (jobs.ts), so the host never freezes and Pause is prompt. Nothing is logged unless the launch asks for
// a trace (traceLog.ts); a disposed session stops and lets its trainer go.
// Imports @vscode/debugadapter, the engine and the protocol; never `vscode`.

import { basename, isAbsolute, resolve } from 'path';
import {
  BreakpointEvent,
  ContinuedEvent,
  DebugSession,
  Event,
  InitializedEvent,
  OutputEvent,
  Response,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { findNonFinite, layerWarnings, stats } from '../engine/diagnostics';
import { gradientCheckSteps } from '../engine/gradcheck';
import { loadNetworkFileAsync } from '../engine/load';
import { formatError, type NetworkSpec } from '../engine/spec';
import { Trainer, type Stop } from '../engine/trainer';
import { bytesToBase64 } from '../protocol/buffers';
import { diffState } from '../protocol/delta';
import { REQUESTS, STATE_EVENT, formed, snapshot, type StateSnapshot } from '../protocol/snapshot';
import { compileBreakpoint, indexByPosition, locationOfLine, parseFunctionName, type CompiledBreakpoint } from './breakpoints';
import { EvalError, NotComputedError, compile, formatNumber, formatValue, isTensor, parse, type Compiled, type Node, type Value } from './expressions';
import { describeCulprit, describeDeadRelu, describeExploding, describeVanishing, subLabel } from './describe';
import { UNCONFIRMED_EXPORT_BYTES, estimateExport, exportSteps, type ExportRange } from './exportTrace';
import { useLocale, words } from './i18n';
import { Job, type Progress } from './jobs';
import { jobWords } from './jobWords';
import { checkLaunch, type Granularity } from './launchArguments';
import { TraceLog } from './traceLog';
import { References, StateEnvironment, scopes, tensorVariable, variables, type SubCursor } from './variables';

/** The launch configuration of a `backprop` debug session. */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** path of the *.backprop.json network file */
  network: string;
  /** stop before iteration 1's forward pass (default true) */
  stopOnEntry?: boolean;
  /** what Step Over skips (default 'stop') */
  granularity?: Granularity;
  /** memory for checkpoints and the loss record (default 256) */
  historyMegabytes?: number;
  /** ‖∂w‖ above this is an exploding gradient (default 1000) */
  explodingGradientThreshold?: number;
  /** ‖δ‖ below this is a vanishing gradient (default 1e-7) */
  vanishingGradientThreshold?: number;
  /** the folder a CSV file must be inside (set by the extension host: the workspace folder; default the network file's folder) */
  dataRoot?: string;
  /** the largest CSV file read, in bytes (set by the extension host from backprop.data.maxCsvMegabytes; default 64 MB) */
  maxCsvBytes?: number;
  /** log the DAP messages to the Debug Console, the last 1000 kept (default false) */
  trace?: boolean;
}

export type { Granularity } from './launchArguments';

export type ExceptionFilter = 'nonFinite' | 'exploding' | 'vanishing' | 'deadRelu';

/** The exception breakpoint filters, in the words in force (`nonFinite` on by default). */
export function exceptionFilters(): DebugProtocol.ExceptionBreakpointsFilter[] {
  const f = words().filters;
  return (['nonFinite', 'exploding', 'vanishing', 'deadRelu'] as const).map((filter) => ({ filter, ...f[filter], default: filter === 'nonFinite' }));
}

const THREAD = 1;
/** time given to training before yielding to the event loop (ms) */
const SLICE_MS = 8;
/** requests that need a launched network; before launch they get an error, never a success or a stack trace */
const NEED_TRAINER = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'goto', 'scopes', 'setVariable', 'setExpression']);
/** requests that read the trainer's state, refused while an export has it elsewhere */
const READS_STATE = new Set(['scopes', 'variables', 'evaluate', 'setVariable', 'setExpression', 'stackTrace']);
/** at most one state event per this many ms while continuing */
const STATE_EVENT_MS = 100;
/** iterations scanned per window by Reverse Continue */
const REVERSE_WINDOW = 64;

/** Why the run stopped, as the Stopped event says it. */
type Halt =
  | { readonly reason: 'step' | 'pause' | 'entry' | 'goto'; readonly description?: string }
  | { readonly reason: 'breakpoint'; readonly ids: number[] }
  | { readonly reason: 'exception'; readonly filter: ExceptionFilter; readonly description: string };

/** What a forward run stops for besides breakpoints and exceptions. */
type Goal = (trainer: Trainer) => boolean;

/** What holds the trainer: a run (Continue, steps) or a job; `stop` ends a job at once (Pause sets `paused`). */
interface Work {
  paused: boolean;
  stop?: () => void;
  /** while set, requests that read the state are refused with this message (the trainer stands elsewhere) */
  busy?: string;
  /** the job's progress id, when the work is a job */
  progressId?: string;
}

/** A point of the run: iteration t and the stops done in it. */
interface Point {
  readonly iteration: number;
  readonly position: number;
}

export class BackpropDebugSession extends DebugSession {
  private trainer: Trainer | undefined;
  private args: LaunchArguments | undefined;
  /** absolute path of the network file */
  private networkPath = '';
  private sub: SubCursor | undefined;
  private readonly refs = new References();
  /** the current forward or backward run, or job; replaced (through hold and release) to cancel it */
  private running: Work | undefined;
  /** running jobs by progress id and by the seq of the request that started them, for `cancel` */
  private readonly jobs = new Map<string | number, Pick<Job<unknown>, 'progressId' | 'cancel'>>();
  /** whether the client shows progress events */
  private progressReporting = false;
  private readonly responseListeners = new Set<(response: DebugProtocol.Response) => void>();
  /** the DAP trace, when the launch asks for one */
  private traceLog: TraceLog | undefined;
  private disposed = false;
  private functionBreakpoints: CompiledBreakpoint[] = [];
  private lineBreakpoints: CompiledBreakpoint[] = [];
  private byPosition: CompiledBreakpoint[][] = [];
  private hasEpochBreakpoints = false;
  private filters = new Set<ExceptionFilter>(['nonFinite']);
  private exception: { filter: ExceptionFilter; description: string } | undefined;
  /** dead ReLU units last reported, per layer, so the same ones do not stop every iteration */
  private deadReported = new Map<number, string>();
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
    this.release();
    for (const job of new Set(this.jobs.values())) job.cancel();
    this.jobs.clear();
    this.trainer = undefined;
    this.lastSent = undefined;
    this.refs.reset();
  }

  // --- dispatch, errors and the trace -----------------------------------------------------------------

  protected dispatchRequest(request: DebugProtocol.Request): void {
    if (this.traceLog) this.trace('→', request);
    const busy = this.running?.busy;
    if ((!this.trainer && NEED_TRAINER.has(request.command)) || (busy && READS_STATE.has(request.command))) {
      const response = new Response(request) as DebugProtocol.Response;
      response.success = false;
      response.message = busy ?? (this.disposed ? 'the debug session has ended' : `${request.command}: no network is being trained yet (launch one first)`);
      return this.sendResponse(response);
    }
    try {
      super.dispatchRequest(request);
    } catch (e) {
      // the base class would answer with the JavaScript stack: a sentence is enough
      const response = new Response(request) as DebugProtocol.Response;
      response.success = false;
      response.message = (e as Error)?.message ?? String(e);
      this.sendResponse(response);
    }
  }

  /** The base class answers a handler's exception (code 1104) with its stack: send only its message. */
  protected sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, unknown>, dest?: number): void {
    if (codeOrMessage === 1104 && variables && typeof variables._exception === 'string') {
      // a handler met arguments it could not use (a request no client should send)
      response.success = false;
      response.message = `${response.command}: invalid arguments (${variables._exception})`;
      return this.sendResponse(response);
    }
    super.sendErrorResponse(response, codeOrMessage as DebugProtocol.Message, format, variables, dest);
  }

  sendResponse(response: DebugProtocol.Response): void {
    if (this.traceLog) this.trace('←', response);
    super.sendResponse(response);
    for (const listener of [...this.responseListeners]) listener(response);
  }

  /**
   * Calls `listener` after each response sent. (Not onDidSendMessage: that event holds one listener only,
   * VS Code's for an inline adapter, and another would take its place: the adapter would go deaf.)
   */
  protected onResponse(listener: (response: DebugProtocol.Response) => void): { dispose(): void } {
    this.responseListeners.add(listener);
    return { dispose: () => this.responseListeners.delete(listener) };
  }

  sendEvent(event: DebugProtocol.Event): void {
    if (this.traceLog && event.event !== 'output') this.trace('←', event);
    super.sendEvent(event);
  }

  private trace(direction: '→' | '←', message: unknown): void {
    const line = this.traceLog!.add(direction, message);
    super.sendEvent(new OutputEvent(`${line}\n`, 'console'));
  }

  // --- work that holds the trainer ------------------------------------------------------------------

  /** Makes `work` the one holding the trainer, stopping whatever held it (an export puts the trainer back first). */
  private hold(work: Work): void {
    this.release();
    this.running = work;
  }

  /** Stops the current run or job, if any. */
  private release(): void {
    const work = this.running;
    this.running = undefined;
    work?.stop?.();
  }

  /**
   * Runs `steps` in slices as a job holding the trainer. It ends with `done`, or `stopped(paused)` when Pause,
   * Cancel or another request stops it (synchronously, with the iterator's finally blocks run), or
   * `stopped(true, error)` when a step throws.
   */
  private trainerJob<T>(title: string, steps: Generator<Progress | void, T, void>, done: (result: T) => void, stopped: (paused: boolean, error?: Error) => void, busy?: string, seq?: number): void {
    const work: Work = { paused: false, busy };
    const forget = (): void => this.forgetJob(job, seq);
    const job: Job<T> = new Job<T>({
      title,
      steps,
      send: this.progressReporting ? (e) => this.sendEvent(e) : undefined,
      done: (result) => {
        forget();
        if (this.running === work) this.running = undefined;
        done(result);
      },
      failed: (e) => {
        forget();
        if (this.running === work) this.running = undefined;
        stopped(true, e);
      },
      cancelled: () => {
        forget();
        if (this.running === work) this.running = undefined;
        steps.return(undefined as T);
        stopped(work.paused);
      },
    });
    work.stop = () => job.cancel();
    work.progressId = job.progressId;
    this.hold(work);
    this.jobs.set(job.progressId, job);
    if (seq !== undefined) this.jobs.set(seq, job);
    job.start();
  }

  private forgetJob(job: { progressId: string }, seq: number | undefined): void {
    this.jobs.delete(job.progressId);
    if (seq !== undefined) this.jobs.delete(seq);
  }

  /** DAP `cancel`: the Cancel button of a progress notification, or a request being waited for. */
  protected cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    const job = (args?.progressId !== undefined && this.jobs.get(args.progressId)) || (args?.requestId !== undefined && this.jobs.get(args.requestId)) || undefined;
    if (job) {
      // the Cancel button of the job holding the trainer is its Pause: the debugger stops (where a jump got to)
      if (this.running?.progressId === job.progressId) this.running.paused = true;
      job.cancel();
    }
    this.sendResponse(response);
  }

  // --- lifecycle ------------------------------------------------------------------------------------

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    useLocale(args?.locale);
    this.progressReporting = args?.supportsProgressReporting === true;
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
      error = `${args?.network ?? 'the network'}: ${(e as Error).message}`;
    }
    if (error) return this.fail(response, error);
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configured, new Promise((r) => setTimeout(r, 2000))]);
    this.sendResponse(response);
    this.begin();
  }

  protected async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    this.release();
    const next = { ...this.args, ...(args?.arguments as Partial<LaunchArguments> | undefined) } as LaunchArguments;
    const error = await this.load(next);
    if (error) return this.fail(response, error);
    this.recompileLineBreakpoints();
    for (const b of this.functionBreakpoints) b.hits = 0;
    this.reindex();
    this.sendResponse(response);
    // the stop before ("training finished", an exception) is over: VS Code clears it from the Call Stack
    this.sendEvent(new ContinuedEvent(THREAD, true));
    this.begin();
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.release();
    this.sendResponse(response);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.release();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  /** Loads the network and makes a fresh trainer; returns the error text when the file is invalid. */
  private async load(args: LaunchArguments): Promise<string | undefined> {
    // every attribute checked: a "historyMegabytes" of "64MB" once made the budget NaN
    const checked = checkLaunch(args);
    if (!checked.ok) return checked.problem.message;
    const path = resolve(args.network);
    // read without blocking, under the host's rules for data files (its workspace folder, its size cap)
    const result = await loadNetworkFileAsync(path, {
      roots: typeof args.dataRoot === 'string' && args.dataRoot ? [args.dataRoot] : undefined,
      maxCsvBytes: typeof args.maxCsvBytes === 'number' && args.maxCsvBytes > 0 ? args.maxCsvBytes : undefined,
    });
    if (!result.spec) return result.errors.map(formatError).join('\n');
    let trainer: Trainer;
    try {
      trainer = new Trainer(result.spec, { historyBytes: checked.value.historyMegabytes * 1024 * 1024 });
    } catch (e) {
      return `${path}:1:1: cannot allocate this network's buffers: ${(e as Error).message}`;
    }
    this.args = args;
    this.traceLog = checked.value.trace ? (this.traceLog ?? new TraceLog()) : undefined;
    this.networkPath = path;
    this.trainer = trainer;
    this.sub = undefined;
    this.exception = undefined;
    this.deadReported.clear();
    this.lastSent = undefined;
    return undefined;
  }

  private begin(): void {
    if (this.args?.stopOnEntry === false) {
      // the start of training is the start of epoch 1: an `epoch` breakpoint hits there
      const hit = this.check(this.need(), new StateEnvironment(this.need(), undefined));
      if (hit) this.halt(hit);
      else this.run(() => false);
    } else this.halt({ reason: 'entry', description: words().entry });
  }

  private fail(response: DebugProtocol.Response, message: string): void {
    response.success = false;
    response.message = message;
    this.sendResponse(response);
  }

  private resetConfigured(): void {
    this.configured = new Promise((r) => (this.markConfigured = r));
  }

  private get spec(): NetworkSpec {
    return this.need().spec;
  }

  private need(): Trainer {
    if (!this.trainer) throw new EvalError('no network loaded');
    return this.trainer;
  }

  // --- breakpoints ----------------------------------------------------------------------------------

  private lineArgs: DebugProtocol.SetBreakpointsArguments | undefined;

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path ? resolve(args.source.path) : '';
    const ours = this.samePath(path, this.networkPath);
    const out: DebugProtocol.Breakpoint[] = [];
    const compiled: CompiledBreakpoint[] = [];
    for (const bp of args.breakpoints ?? []) {
      const line = this.convertClientLineToDebugger(bp.line);
      const location = !this.trainer ? 'the network is not loaded yet' : ours ? locationOfLine(this.spec, line) : 'not the network file being trained';
      const c = compileBreakpoint(location, bp);
      if (c.ok) compiled.push(c.breakpoint);
      // a breakpoint set inside a layer's object is shown at the layer's first line
      const at = c.ok && c.breakpoint.location.kind !== 'epoch' ? c.breakpoint.location.line : undefined;
      out.push({ id: c.ok ? c.breakpoint.id : undefined, verified: c.ok, message: c.ok ? undefined : c.message, line: at === undefined ? bp.line : this.convertDebuggerLineToClient(at), source: args.source });
    }
    if (ours) {
      // where VS Code now shows them: a restart compiles them there again
      this.lineArgs = { ...args, breakpoints: args.breakpoints?.map((bp, i) => ({ ...bp, line: out[i].line ?? bp.line })) };
      this.lineBreakpoints = compiled;
      this.reindex();
    }
    response.body = { breakpoints: out };
    this.sendResponse(response);
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    const layers = this.trainer?.layers.length ?? Infinity;
    const out: DebugProtocol.Breakpoint[] = [];
    const compiled: CompiledBreakpoint[] = [];
    for (const bp of args.breakpoints) {
      const c = compileBreakpoint(parseFunctionName(bp.name, layers), bp);
      if (c.ok) compiled.push(c.breakpoint);
      out.push({ id: c.ok ? c.breakpoint.id : undefined, verified: c.ok, message: c.ok ? undefined : c.message });
    }
    this.functionBreakpoints = compiled;
    this.reindex();
    response.body = { breakpoints: out };
    this.sendResponse(response);
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const known = new Set(exceptionFilters().map((f) => f.filter));
    this.filters = new Set(args.filters.filter((f): f is ExceptionFilter => known.has(f)));
    this.deadReported.clear();
    this.sendResponse(response);
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const e = this.exception;
    if (!e) return this.fail(response, 'not stopped on an exception');
    // VS Code's exception widget shows exceptionId ("Exception has occurred: …"): a name for people, not the filter's id
    const name = words().exceptionName[e.filter];
    response.body = { exceptionId: name, description: e.description, breakMode: 'always', details: { message: e.description, typeName: name } };
    this.sendResponse(response);
  }

  /** Compiles the line breakpoints again after a restart (the file may have changed) and says so. */
  private recompileLineBreakpoints(): void {
    if (!this.lineArgs) return;
    const compiled: CompiledBreakpoint[] = [];
    for (const bp of this.lineArgs.breakpoints ?? []) {
      const c = compileBreakpoint(locationOfLine(this.spec, this.convertClientLineToDebugger(bp.line)), bp);
      if (c.ok) compiled.push(c.breakpoint);
      if (c.ok) this.sendEvent(new BreakpointEvent('changed', { id: c.breakpoint.id, verified: true, line: bp.line, source: this.lineArgs.source }));
    }
    this.lineBreakpoints = compiled;
  }

  private reindex(): void {
    const all = [...this.functionBreakpoints, ...this.lineBreakpoints];
    this.hasEpochBreakpoints = all.some((b) => b.location.kind === 'epoch');
    this.byPosition = this.trainer ? indexByPosition(all, this.trainer.stops) : [];
  }

  private samePath(a: string, b: string): boolean {
    return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  // --- running --------------------------------------------------------------------------------------

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    const trainer = this.need();
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    if (trainer.finished) {
      this.sendEvent(new TerminatedEvent());
      return;
    }
    this.run(() => false);
  }

  protected nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    if (this.sub && this.sub.count < 2 * this.need().layers[this.sub.layer].size) {
      // Step Over inside a layer finishes the layer (at its last sub-step it is finished: go on)
      this.sub = undefined;
      return this.halt({ reason: 'step' });
    }
    this.run(this.goal(this.args?.granularity ?? 'stop'));
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    const trainer = this.need();
    // every sub-step of the layer is a stop of its own, the last one too (neuron n − 1's y or δ): a
    // one-neuron layer (sin's identity output) has two, like every neuron of a wider layer; the Step
    // Into after the last goes on to the next stop
    if (this.sub && this.sub.count < 2 * trainer.layers[this.sub.layer].size) {
      this.sub = { ...this.sub, count: this.sub.count + 1 };
      return this.halt({ reason: 'step' });
    }
    this.run(() => true, (stop) => {
      if (stop && (stop.phase === 'forward' || stop.phase === 'backward')) this.sub = { phase: stop.phase, layer: stop.layer, count: 1 };
    });
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    const trainer = this.need();
    this.run(this.goal(trainer.position === trainer.stops.length && !this.sub ? 'epoch' : 'iteration'));
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    const work = this.running;
    if (work) {
      work.paused = true;
      // a job stops at once (a jump stays where it got to; an export puts the trainer back)
      if (work.stop) this.release();
    } else this.halt({ reason: 'pause' });
  }

  protected stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    const trainer = this.need();
    if (this.sub) {
      const count = this.sub.count - 1;
      if (count > 0) {
        this.sub = { ...this.sub, count };
        return this.halt({ reason: 'step' });
      }
    }
    const here = this.sub ? { iteration: trainer.iteration, position: trainer.position - 1 } : this.previous({ iteration: trainer.iteration, position: trainer.position });
    this.sub = undefined;
    this.release();
    let steps: Generator<void, void, void>;
    try {
      steps = trainer.travel(here.iteration, here.position);
    } catch (e) {
      return this.halt({ reason: 'step', description: (e as Error).message });
    }
    this.trainerJob(jobWords().stepBack, steps, () => this.halt({ reason: 'step' }), (paused, e) => paused && this.halt({ reason: 'pause', description: e?.message }));
  }

  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    this.reverse();
  }

  /** The point Step Back goes to: the stop before, skipping the start of iterations other than the first. */
  private previous(p: Point): Point {
    const S = this.need().stops.length;
    if (p.position > 1) return { iteration: p.iteration, position: p.position - 1 };
    if (p.iteration > 1) return { iteration: p.iteration - 1, position: S };
    return { iteration: 1, position: 0 };
  }

  /** What Step Over and Step Out stop at. */
  private goal(granularity: Granularity): Goal {
    switch (granularity) {
      case 'stop':
        return () => true;
      case 'layer':
        return (t) => {
          const stop = t.currentStop;
          return stop !== undefined && (stop.phase === 'forward' || stop.phase === 'backward');
        };
      case 'iteration':
        return (t) => t.position === t.stops.length;
      case 'epoch':
        return (t) => t.position === t.stops.length && t.iteration % t.batchesPerEpoch === 0;
      default: {
        const never: never = granularity;
        throw new Error(`unknown granularity ${String(never)}`);
      }
    }
  }

  /** Moves to the next point: the next stop, or the start of an epoch when epoch breakpoints wait there. */
  private advance(trainer: Trainer): boolean {
    if (this.hasEpochBreakpoints && trainer.position === trainer.stops.length && trainer.iteration % trainer.batchesPerEpoch === 0 && trainer.iteration < trainer.totalIterations) {
      trainer.seek(trainer.iteration + 1, 0);
      return true;
    }
    return trainer.step();
  }

  /**
   * Runs forward in slices until the goal holds, a breakpoint or exception filter hits, Pause, or
   * training ends (then: a stop saying so; a further Continue terminates).
   */
  private run(goal: Goal, arrived?: (stop: Stop | undefined) => void): void {
    const trainer = this.need();
    this.sub = undefined;
    this.exception = undefined;
    const token: Work = { paused: false };
    this.hold(token);
    const env = new StateEnvironment(trainer, undefined);
    let nonFinite = this.filters.has('nonFinite') && trainer.currentStop !== undefined && findNonFinite(trainer, trainer.currentStop) !== undefined;
    const slice = (): void => {
      if (this.running !== token) return;
      const deadline = Date.now() + SLICE_MS;
      for (;;) {
        if (token.paused) return this.halt({ reason: 'pause' });
        if (!this.advance(trainer)) return this.halt({ reason: 'pause', description: words().trainingFinished });
        const stop = trainer.currentStop;
        const hit = this.check(trainer, env);
        if (hit) return this.halt(hit);
        if (this.filters.size && stop) {
          const culprit = this.exceptionAt(trainer, stop, nonFinite);
          nonFinite = culprit.nonFinite;
          if (culprit.halt) return this.halt(culprit.halt);
        }
        if (goal(trainer)) {
          arrived?.(stop);
          return this.halt(trainer.finished ? { reason: 'step', description: words().trainingFinished } : { reason: 'step' });
        }
        if (trainer.finished) return this.halt({ reason: 'pause', description: words().trainingFinished });
        if (Date.now() >= deadline) break;
      }
      // a big network's snapshot costs time: send one at most every 100 ms, and spend at most a tenth of the time on them
      if (Date.now() - this.lastStateEvent >= Math.max(STATE_EVENT_MS, 10 * this.stateCost)) this.sendState();
      setImmediate(slice);
    };
    slice();
  }

  /** The breakpoints hit at the current point (conditions, hit counts, logpoints), or undefined. */
  private check(trainer: Trainer, env: StateEnvironment, count = true): Halt | undefined {
    const position = trainer.position;
    if (position === 0 && (trainer.iteration - 1) % trainer.batchesPerEpoch !== 0) return undefined;
    const candidates = this.byPosition[position];
    if (!candidates || candidates.length === 0) return undefined;
    let ids: number[] | undefined;
    for (const bp of candidates) {
      if (bp.condition) {
        let v: Value;
        try {
          v = bp.condition(env);
        } catch {
          continue;
        }
        if (v === false || v === 0 || isTensor(v) || Number.isNaN(v)) continue;
      }
      if (!count) {
        if (!bp.log) (ids ??= []).push(bp.id);
        continue;
      }
      bp.hits++;
      if (bp.hit && !bp.hit(bp.hits)) continue;
      if (bp.log) {
        this.sendEvent(new OutputEvent(`${bp.log(env)}\n`, 'console'));
        continue;
      }
      (ids ??= []).push(bp.id);
    }
    return ids ? { reason: 'breakpoint', ids } : undefined;
  }

  /** The exception filters at the stop just done; `before`: whether the stop before had a non-finite value. */
  private exceptionAt(trainer: Trainer, stop: Stop, before: boolean): { nonFinite: boolean; halt?: Halt } {
    let nonFinite = false;
    if (this.filters.has('nonFinite')) {
      const culprit = findNonFinite(trainer, stop);
      nonFinite = culprit !== undefined;
      if (culprit && !before) return { nonFinite, halt: { reason: 'exception', filter: 'nonFinite', description: describeCulprit(culprit, trainer) } };
    }
    const l = stop.layer;
    if (stop.phase === 'backward' && (this.filters.has('exploding') || this.filters.has('vanishing'))) {
      const layer = trainer.layers[l];
      const norm = stats(layer.dw.data).norm;
      const deltaNorm = stats(layer.delta.data, trainer.batchSize * layer.size).norm;
      const exploding = this.args?.explodingGradientThreshold ?? 1e3;
      const vanishing = this.args?.vanishingGradientThreshold ?? 1e-7;
      if (this.filters.has('exploding') && norm > exploding) {
        return { nonFinite, halt: { reason: 'exception', filter: 'exploding', description: describeExploding(l, norm, exploding) } };
      }
      if (this.filters.has('vanishing') && deltaNorm < vanishing && trainer.lossValue > 1e-12) {
        return { nonFinite, halt: { reason: 'exception', filter: 'vanishing', description: describeVanishing(l, deltaNorm, vanishing) } };
      }
    }
    if (stop.phase === 'forward' && this.filters.has('deadRelu') && trainer.layers[l].activation.name === 'relu') {
      const dead = layerWarnings(trainer, l).find((w) => w.kind === 'dead');
      const key = dead ? dead.neurons.join(',') : '';
      if (key !== (this.deadReported.get(l) ?? '')) {
        this.deadReported.set(l, key);
        if (dead) return { nonFinite, halt: { reason: 'exception', filter: 'deadRelu', description: describeDeadRelu(l, dead.neurons) } };
      }
    }
    return { nonFinite };
  }

  /**
   * Runs back to the latest breakpoint hit before here (conditions apply; hit counts and logpoints do
   * not), scanning windows of iterations forward from their checkpoints; else to iteration 1's start.
   */
  private reverse(): void {
    const trainer = this.need();
    const here = { iteration: trainer.iteration, position: trainer.position - (this.sub ? 1 : 0) };
    this.sub = undefined;
    this.release();
    this.trainerJob(jobWords().reverseContinue, this.reverseSteps(trainer, here), (h) => this.halt(h), (paused, e) => {
      // stopped: back where Reverse Continue started (one checkpoint interval of replay at most)
      trainer.seek(here.iteration, here.position);
      if (paused) this.halt({ reason: 'pause', description: e?.message });
    });
  }

  /** Reverse Continue's work: windows of iterations scanned forward from their checkpoints, latest first. */
  private *reverseSteps(trainer: Trainer, here: Point): Generator<Progress | void, Halt, void> {
    const env = new StateEnvironment(trainer, undefined);
    const S = trainer.stops.length;
    const key = (t: number, p: number): number => t * (S + 1) + p;
    // a window of at least one checkpoint interval: scanning it costs what reaching its start does
    const size = Math.max(REVERSE_WINDOW, trainer.history?.interval ?? 1);
    let end = key(here.iteration, here.position);
    let top = here.iteration;
    for (;;) {
      const from = Math.max(1, top - size + 1);
      let found: { t: number; p: number; ids: number[] } | undefined;
      yield* trainer.travel(from, 0);
      for (;;) {
        if (key(trainer.iteration, trainer.position) >= end) break;
        const hit = this.check(trainer, env, false);
        if (hit && hit.reason === 'breakpoint') found = { t: trainer.iteration, p: trainer.position, ids: hit.ids };
        if (!this.advance(trainer)) break;
        if (trainer.position === 0) yield;
      }
      if (found) {
        yield* trainer.travel(found.t, found.p);
        return { reason: 'breakpoint', ids: found.ids };
      }
      if (from === 1) {
        yield* trainer.travel(1, 0);
        return { reason: 'entry', description: 'start of training: no breakpoint hit before' };
      }
      end = key(from, 0);
      top = from - 1;
      yield { done: here.iteration - top, of: here.iteration };
    }
  }

  /** Reports a stop: the Stopped event, and the state for the UI. */
  private halt(h: Halt): void {
    this.running = undefined;
    this.refs.reset();
    const event = new StoppedEvent(h.reason, THREAD) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    switch (h.reason) {
      case 'breakpoint':
        event.body.hitBreakpointIds = h.ids;
        break;
      case 'exception':
        this.exception = { filter: h.filter, description: h.description };
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
    const sub = this.sub;
    const layer = sub && this.need().layers[sub.layer];
    const counts = sub && layer && formed(sub.count, layer.size, layer.activation.name === 'softmax');
    const forming = sub && counts && { layer: sub.layer, phase: sub.phase, first: counts.first, second: counts.second };
    const state = snapshot(this.need(), forming);
    return this.running ? { ...state, running: true } : state;
  }

  private sendState(prepared?: StateSnapshot): void {
    if (!this.trainer) return;
    if (!prepared) this.pendingState?.();
    const start = Date.now();
    // as a delta against the state sent before: unchanged matrices (w between updates, …) are not sent again
    const state = prepared ?? this.currentSnapshot();
    this.sendEvent(new Event(STATE_EVENT, diffState(this.lastSent, state)));
    this.lastSent = state;
    this.lastStateEvent = Date.now();
    this.stateCost = this.lastStateEvent - start;
  }

  // --- seeing ---------------------------------------------------------------------------------------

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, 'training')] };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const frames = this.trainer ? this.frames(this.trainer) : [];
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  /** The call stack: the stop (or neuron) on top, then the phase, then the iteration. */
  private frames(trainer: Trainer): DebugProtocol.StackFrame[] {
    const spec = trainer.spec;
    const source = new Source(basename(this.networkPath), this.networkPath);
    const line = (l: number): number => this.convertDebuggerLineToClient(l);
    const root = line(spec.ranges.root.line);
    const layerLine = (l: number): number => line(spec.layers[l].range.line);
    const L = trainer.layers.length - 1;
    const names: [string, number][] = [];
    const stop = trainer.currentStop;
    const w = words();
    if (!stop) names.push([w.startOfIteration(trainer.iteration), layerLine(1)]);
    else {
      switch (stop.phase) {
        case 'forward':
        case 'backward': {
          const l = stop.layer;
          if (this.sub) names.push([subLabel(this.sub, trainer), layerLine(l)]);
          names.push([w.layerStop(l, l === L, stop.phase), layerLine(l)]);
          names.push([w.phase(stop.phase), root]);
          break;
        }
        case 'loss':
          names.push([w.loss(spec.loss), spec.ranges.loss ? line(spec.ranges.loss.line) : layerLine(L)]);
          break;
        case 'update':
          names.push([w.update, spec.ranges.learningRate ? line(spec.ranges.learningRate.line) : root]);
          break;
        default: {
          const never: never = stop.phase;
          throw new Error(`unknown phase ${String(never)}`);
        }
      }
    }
    names.push([w.iteration(trainer.iteration, trainer.epoch), root]);
    return names.map(([name, l], i) => new StackFrame(i + 1, name, source, l, 1));
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
      const container = this.refs.get(args.variablesReference);
      const value = this.numberOf(args.value);
      if (container?.kind === 'training' && (args.name === 'η' || args.name === 'eta')) this.need().edit('eta', 0, 0, 0, value);
      else if (container?.kind === 'tensor' && container.edit && container.tensor.vector) {
        const k = /^\[(\d+)\]$/.exec(args.name);
        if (!k) throw new EvalError(`cannot set ${args.name}`);
        const e = container.edit;
        this.editParameter(e.target, e.layer, e.target === 'w' ? e.j : 0, Number(k[1]), value);
      } else throw new EvalError('only w, b and η can be set');
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
      const target = this.assignable(parse(args.expression));
      if (target.target === 'eta') this.need().edit('eta', 0, 0, 0, value);
      else this.editParameter(target.target, target.layer, target.j, target.k, value);
      response.body = { value: formatNumber(value) };
      this.sendResponse(response);
      this.sendState();
    } catch (e) {
      this.fail(response, (e as Error).message);
    }
  }

  /** Reads `w[L][j][k]`, `b[L][k]` or `eta` (η) from an expression's syntax. */
  private assignable(node: Node): { target: 'eta' } | { target: 'w' | 'b'; layer: number; j: number; k: number } {
    if (node.kind === 'name' && (node.name === 'eta' || node.name === 'η')) return { target: 'eta' };
    const indices: number[] = [];
    let n = node;
    while (n.kind === 'index') {
      const i = compile(n.index)(this.env());
      if (typeof i !== 'number') throw new EvalError('indices must be numbers');
      indices.unshift(i);
      n = n.target;
    }
    if (n.kind === 'name' && n.name === 'w' && indices.length === 3) return { target: 'w', layer: indices[0], j: indices[1], k: indices[2] };
    if (n.kind === 'name' && n.name === 'b' && indices.length === 2) return { target: 'b', layer: indices[0], j: 0, k: indices[1] };
    throw new EvalError('only w[L][j][k], b[L][k] and eta (η) can be set');
  }

  private editParameter(target: 'w' | 'b', l: number, j: number, k: number, value: number): void {
    const trainer = this.need();
    if (!Number.isInteger(l) || l < 1 || l >= trainer.layers.length) throw new EvalError(`no layer ${l} with parameters`);
    const layer = trainer.layers[l];
    const rows = target === 'w' ? layer.w.rows : 1;
    if (!Number.isInteger(j) || !Number.isInteger(k) || j < 0 || j >= rows || k < 0 || k >= layer.size) throw new EvalError(`${target}[${l}] has no entry [${target === 'w' ? `${j}][` : ''}${k}]`);
    trainer.edit(target, l, j, k, value);
  }

  private numberOf(text: string): number {
    const v = this.compiled(text)(this.env());
    if (typeof v !== 'number') throw new EvalError(`${text} is not a number`);
    return v;
  }

  // --- custom requests ------------------------------------------------------------------------------

  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown, request?: DebugProtocol.Request): void {
    const a = (args ?? {}) as Record<string, unknown>;
    try {
      const trainer = this.need();
      switch (command) {
        case REQUESTS.snapshot:
          response.body = this.currentSnapshot();
          return this.sendResponse(response);
        case REQUESTS.seek: {
          const iteration = Math.min(Math.max(1, Math.floor(Number(a.iteration) || 1)), trainer.totalIterations);
          const position = Math.min(Math.max(0, Math.floor(Number(a.position) || 0)), trainer.stops.length);
          this.sub = undefined;
          this.release();
          const steps = trainer.travel(iteration, position);
          this.sendResponse(response);
          return this.trainerJob(jobWords().goingTo(iteration), steps, () => this.halt({ reason: 'goto', description: `iteration ${iteration}, stop ${position}` }), (paused, e) => paused && this.halt({ reason: 'pause', description: e?.message }));
        }
        case REQUESTS.gradientCheck:
          return this.gradientCheck(trainer, response, a, request);
        case REQUESTS.exportTrace:
          return this.exportTrace(trainer, response, a, request);
        case REQUESTS.lossHistory: {
          const losses = trainer.history?.lossView() ?? new Float64Array(0);
          const from = Math.max(1, Math.floor(Number(a.from) || 1));
          const copy = new Float64Array(losses.subarray(from - 1));
          response.body = { from, base64: bytesToBase64(new Uint8Array(copy.buffer)) };
          return this.sendResponse(response);
        }
        default:
          return super.customRequest(command, response, args);
      }
    } catch (e) {
      this.fail(response, (e as Error).message);
    }
  }

  /** The gradient check as a job beside the trainer (it works on a scratch copy): answered when done, Cancel ends it. */
  private gradientCheck(trainer: Trainer, response: DebugProtocol.Response, a: Record<string, unknown>, request?: DebugProtocol.Request): void {
    const maxPerLayer = typeof a.maxPerLayer === 'number' && a.maxPerLayer >= 0 ? a.maxPerLayer : 64;
    const steps = gradientCheckSteps(trainer, { maxPerLayer });
    const seq = request?.seq;
    const job = new Job({
      title: jobWords().gradientCheck,
      steps,
      send: this.progressReporting ? (e) => this.sendEvent(e) : undefined,
      done: (result) => {
        this.forgetJob(job, seq);
        response.body = result;
        this.sendResponse(response);
      },
      failed: (e) => {
        this.forgetJob(job, seq);
        this.fail(response, e.message);
      },
      cancelled: () => {
        this.forgetJob(job, seq);
        this.fail(response, jobWords().cancelled);
      },
    });
    this.jobs.set(job.progressId, job);
    if (seq !== undefined) this.jobs.set(seq, job);
    job.start();
  }

  /**
   * Export Trace: without `path`, the size it would take ({ bytes, iterations }); with `path`, the records of
   * iterations from…to streamed to that file as a job (Pause or Cancel stop it and remove the partial
   * file). A size over UNCONFIRMED_EXPORT_BYTES needs `confirmedBytes` at least as large: the host asks the
   * user first. The state the user stands at is restored exactly.
   */
  private exportTrace(trainer: Trainer, response: DebugProtocol.Response, a: Record<string, unknown>, request?: DebugProtocol.Request): void {
    if (this.running) throw new Error('pause first');
    const clamp = (x: unknown, fallback: number): number => Math.min(Math.max(1, Math.floor(Number(x) || fallback)), trainer.totalIterations);
    const from = clamp(a.from, trainer.iteration);
    const to = Math.max(from, clamp(a.to, from));
    const format = a.format === 'csv' || a.format === 'table' ? a.format : 'jsonl';
    const range: ExportRange = { from, to, format };
    const bytes = estimateExport(trainer, range);
    if (a.path === undefined) {
      response.body = { bytes, iterations: to - from + 1, from, to, format };
      return this.sendResponse(response);
    }
    // the host sends the absolute path the user chose; a relative one would land wherever this process stands
    if (typeof a.path !== 'string' || !isAbsolute(a.path)) throw new Error('"path" must be the absolute path of the file to write');
    const confirmed = typeof a.confirmedBytes === 'number' ? a.confirmedBytes : 0;
    if (bytes > Math.max(UNCONFIRMED_EXPORT_BYTES, confirmed)) {
      throw new Error(`the export of iterations ${from}–${to} takes about ${megabytes(bytes)}: confirm this size first (confirmedBytes)`);
    }
    const path = resolve(a.path);
    const here: Point = { iteration: trainer.iteration, position: trainer.position };
    this.trainerJob(
      jobWords().exporting(from, to),
      exportSteps(trainer, range, path),
      (result) => {
        response.body = { path, ...result };
        this.sendResponse(response);
      },
      (_paused, e) => {
        this.fail(response, e ? `${path}: ${e.message}` : jobWords().cancelled);
        // the export put the trainer back where it found it: the stop the user sees is unchanged
        if (trainer.iteration !== here.iteration || trainer.position !== here.position) this.halt({ reason: 'pause' });
      },
      jobWords().busyExporting,
      request?.seq,
    );
  }
}

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.max(0.1, bytes / 1024 ** 2).toFixed(1)} MB`;
}
