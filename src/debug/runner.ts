// The run loop of a debugged training, knowing nothing of DAP (as vscode-mock-debug's runtime): Continue,
// Step Over / Into / Out, Step Back, Reverse Continue, jumps, the check of breakpoints and of the exception
// rules at each stop. Runs forward in slices of a few milliseconds and the long moves as jobs (jobs.ts), so
// the event loop is never held for long and Pause is prompt. It reports through events:
//   'stop' (Halt)       the run stopped: why (a step, a pause, a breakpoint, an exception rule, …)
//   'output' (string)   a logpoint's line
//   'slice' ()          a slice of a forward run ended and training goes on (time for a state update)
//   'frame' ()          a paced Continue reached the end of an iteration (or epoch) it shows: send the state
// The session (session.ts) turns these into DAP events.

import { EventEmitter } from 'events';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Stop, Trainer } from '../engine/trainer';
import { indexByPosition, type CompiledBreakpoint } from './breakpoints';
import { ExceptionRules, type ExceptionFilter, type ExceptionHit } from './exceptions';
import { ExpressionError, isTensor, type Value } from './expressions';
import { words } from './i18n';
import { Job, SLICE_MS, type Progress } from './jobs';
import { jobWords } from './jobWords';
import type { Granularity } from './launchArguments';
import { FULL_SPEED, type Pace } from '../protocol/pace';
import { StateEnvironment, hasMoreSubSteps, nextSubStep, previousSubStep, type SubCursor } from './variables';

/** Why the run stopped. */
export type Halt =
  | { readonly reason: 'step' | 'pause' | 'entry' | 'goto'; readonly description?: string }
  | { readonly reason: 'breakpoint'; readonly ids: number[] }
  | { readonly reason: 'exception'; readonly filter: ExceptionFilter; readonly description: string };

/** What a forward run stops for besides breakpoints and exceptions. */
export type Goal = (trainer: Trainer) => boolean;

/** A point of the run: an iteration and the stops done in it. */
export interface Point {
  readonly iteration: number;
  readonly position: number;
}

/** What holds the trainer: a run (Continue, steps) or a job; `stop` ends a job at once (Pause sets `paused`). */
interface Work {
  paused: boolean;
  stop?: () => void;
  /** while set, requests that read the state are refused with this message (the trainer stands elsewhere) */
  busy?: string;
  /** the job's progress id, when the work is a job */
  progressId?: string;
  /** a paced Continue waiting for its next frame: goes on at once (Pause is honoured without waiting) */
  wake?: () => void;
}

/** iterations scanned per window by Reverse Continue */
const REVERSE_WINDOW = 64;

export interface RunnerEvents {
  stop: [halt: Halt];
  output: [text: string];
  slice: [];
  frame: [];
}

export class Runner extends EventEmitter<RunnerEvents> {
  private current: Trainer | undefined;
  /** Step Into's cursor inside a layer's stop */
  sub: SubCursor | undefined;
  /** what Step Over skips */
  granularity: Granularity = 'stop';
  /** Continue's pace ("animate"): each iteration or epoch shown at this rate; 0 per second is full speed. Read at every frame, so it can change while running */
  pace: Pace = FULL_SPEED;
  readonly exceptions = new ExceptionRules();
  /** the exception rule of the last exception stop, until the next forward run */
  exception: ExceptionHit | undefined;
  /** where jobs send their progress events; undefined when the client does not show progress */
  progress: ((event: DebugProtocol.Event) => void) | undefined;
  /** the current forward or backward run, or job; replaced (through hold and release) to cancel it */
  private running: Work | undefined;
  /** running jobs by progress id and by the seq of the request that started them, for `cancel` */
  private readonly jobs = new Map<string | number, Pick<Job<unknown>, 'progressId' | 'cancel'>>();
  private byPosition: CompiledBreakpoint[][] = [];
  private breakpoints: CompiledBreakpoint[] = [];
  private hasEpochBreakpoints = false;

  constructor(trainer?: Trainer) {
    super();
    if (trainer) this.load(trainer);
  }

  /** A fresh training run (launch, restart): whatever ran before is stopped. */
  load(trainer: Trainer): void {
    this.release();
    this.current = trainer;
    this.sub = undefined;
    this.exception = undefined;
    this.exceptions.reset();
    this.setBreakpoints(this.breakpoints);
  }

  get trainer(): Trainer {
    if (!this.current) throw new ExpressionError('no network loaded');
    return this.current;
  }

  get loaded(): boolean {
    return this.current !== undefined;
  }

  /** Sets Continue's pace; a paced Continue waiting for its next frame goes on at once at the new pace. */
  setPace(pace: Pace): void {
    this.pace = pace;
    this.running?.wake?.();
  }

  /** Whether a run or a job holds the trainer. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** While set, the trainer stands elsewhere (an export): requests that read the state get this message. */
  get busy(): string | undefined {
    return this.running?.busy;
  }

  /** Stops everything and lets the trainer go (the session ended). */
  dispose(): void {
    this.release();
    for (const job of new Set(this.jobs.values())) job.cancel();
    this.jobs.clear();
    this.current = undefined;
  }

  /** The breakpoints (function and line), their hit counts kept. */
  setBreakpoints(all: CompiledBreakpoint[]): void {
    this.breakpoints = all;
    this.hasEpochBreakpoints = all.some((b) => b.location.kind === 'epoch');
    this.byPosition = this.current ? indexByPosition(all, this.current.stops) : [];
  }

  // --- what each request does ------------------------------------------------------------------------

  /** The start of a session: the entry stop, or straight on (an `epoch` breakpoint hits at the start of epoch 1). */
  begin(stopOnEntry: boolean): void {
    if (!stopOnEntry) {
      const hit = this.check(this.trainer, new StateEnvironment(this.trainer, undefined));
      if (hit) this.halt(hit);
      else this.run(() => false, undefined, true);
    } else this.halt({ reason: 'entry', description: words().entry });
  }

  /** Continue: false when training has finished (nothing runs; the session ends). */
  continue(): boolean {
    if (this.trainer.finished) return false;
    this.run(() => false, undefined, true);
    return true;
  }

  /** Step Over: inside a layer, finishes it; else on to the next point of the granularity. */
  next(): void {
    if (this.sub && hasMoreSubSteps(this.sub, this.trainer)) {
      // at its last sub-step the layer (or the update) is finished: go on
      this.sub = undefined;
      return this.halt({ reason: 'step' });
    }
    this.run(this.goal(this.granularity));
  }

  /** Step Into: neuron by neuron inside a layer's stop, layer by layer through the update, else the next stop. */
  stepIn(): void {
    const trainer = this.trainer;
    // every sub-step of the layer is a stop of its own, the last one too (neuron n − 1's y or δ): a
    // one-neuron layer (sin's identity output) has two, like every neuron of a wider layer; the Step
    // Into after the last goes on to the next stop
    if (this.sub && hasMoreSubSteps(this.sub, trainer)) {
      this.sub = nextSubStep(this.sub);
      return this.halt({ reason: 'step' });
    }
    this.run(
      () => true,
      (stop) => {
        if (stop && (stop.phase === 'forward' || stop.phase === 'backward')) this.sub = { phase: stop.phase, layer: stop.layer, count: 1 };
        // the update, layer by layer: layer 1's first
        if (stop?.phase === 'update') this.sub = { phase: 'update', layer: 1, count: 1 };
      },
    );
  }

  /** Step Out: to the end of the iteration, or of the epoch when already there. */
  stepOut(): void {
    const trainer = this.trainer;
    this.run(this.goal(trainer.position === trainer.stops.length && !this.sub ? 'epoch' : 'iteration'));
  }

  /** Pause: a run stops at its next slice, a job at once (a jump stays where it got to; an export puts the trainer back). */
  pause(): void {
    const work = this.running;
    if (work) {
      work.paused = true;
      if (work.stop) this.release();
      else work.wake?.();
    } else this.halt({ reason: 'pause' });
  }

  /** Step Back: the sub-step before, or the stop before (replayed from a checkpoint). */
  stepBack(): void {
    const trainer = this.trainer;
    if (this.sub) {
      const before = previousSubStep(this.sub);
      if (before) {
        this.sub = before;
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

  /** A jump to stop `position` of iteration `iteration` (both within range), as a job. */
  seek(iteration: number, position: number): void {
    this.sub = undefined;
    this.release();
    const steps = this.trainer.travel(iteration, position);
    this.trainerJob(
      jobWords().goingTo(iteration),
      steps,
      () => this.halt({ reason: 'goto', description: `iteration ${iteration}, stop ${position}` }),
      (paused, e) => paused && this.halt({ reason: 'pause', description: e?.message }),
    );
  }

  /**
   * Reverse Continue: back to the latest breakpoint hit before here (conditions apply; hit counts and
   * logpoints do not), scanning windows of iterations forward from their checkpoints; else to iteration 1's start.
   */
  reverse(): void {
    const trainer = this.trainer;
    const here = { iteration: trainer.iteration, position: trainer.position - (this.sub ? 1 : 0) };
    this.sub = undefined;
    this.release();
    this.trainerJob(jobWords().reverseContinue, this.reverseSteps(trainer, here), (h) => this.halt(h), (paused, e) => {
      // stopped: back where Reverse Continue started (one checkpoint interval of replay at most)
      trainer.seek(here.iteration, here.position);
      if (paused) this.halt({ reason: 'pause', description: e?.message });
    });
  }

  // --- jobs ------------------------------------------------------------------------------------------

  /**
   * Runs `steps` in slices as a job holding the trainer. It ends with `done`, or `stopped(paused)` when Pause,
   * Cancel or another request stops it (synchronously, with the iterator's finally blocks run), or
   * `stopped(true, error)` when a step throws. While it runs, `busy` (if given) refuses reads of the state.
   */
  trainerJob<T>(title: string, steps: Generator<Progress | void, T, void>, done: (result: T) => void, stopped: (paused: boolean, error?: Error) => void, busy?: string, seq?: number): void {
    const work: Work = { paused: false, busy };
    const over = (): void => {
      this.forget(job, seq);
      if (this.running === work) this.running = undefined;
    };
    const job: Job<T> = new Job<T>({
      title,
      steps,
      send: this.progress,
      done: (result) => {
        over();
        done(result);
      },
      failed: (e) => {
        over();
        stopped(true, e);
      },
      cancelled: () => {
        over();
        steps.return(undefined as T);
        stopped(work.paused);
      },
    });
    work.stop = () => job.cancel();
    work.progressId = job.progressId;
    this.hold(work);
    this.track(job, seq);
    job.start();
  }

  /** A job beside the trainer (the gradient check works on a scratch copy): it can be cancelled, it holds nothing. */
  sideJob<T>(title: string, steps: Iterator<Progress | void, T, void>, end: (outcome: { result: T } | { error: Error } | { cancelled: true }) => void, seq?: number): void {
    const job: Job<T> = new Job<T>({
      title,
      steps,
      send: this.progress,
      done: (result) => {
        this.forget(job, seq);
        end({ result });
      },
      failed: (error) => {
        this.forget(job, seq);
        end({ error });
      },
      cancelled: () => {
        this.forget(job, seq);
        end({ cancelled: true });
      },
    });
    this.track(job, seq);
    job.start();
  }

  /** DAP `cancel` of a job, by its progress id or the seq of its request; the Cancel of the job holding the trainer is its Pause. */
  cancel(id: { progressId?: string; requestId?: number }): void {
    const job = (id.progressId !== undefined && this.jobs.get(id.progressId)) || (id.requestId !== undefined && this.jobs.get(id.requestId)) || undefined;
    if (!job) return;
    if (this.running?.progressId === job.progressId) this.running.paused = true;
    job.cancel();
  }

  private track(job: Pick<Job<unknown>, 'progressId' | 'cancel'>, seq: number | undefined): void {
    this.jobs.set(job.progressId, job);
    if (seq !== undefined) this.jobs.set(seq, job);
  }

  private forget(job: { progressId: string }, seq: number | undefined): void {
    this.jobs.delete(job.progressId);
    if (seq !== undefined) this.jobs.delete(seq);
  }

  /** Makes `work` the one holding the trainer, stopping whatever held it (an export puts the trainer back first). */
  private hold(work: Work): void {
    this.release();
    this.running = work;
  }

  /** Stops the current run or job, if any. */
  release(): void {
    const work = this.running;
    this.running = undefined;
    work?.stop?.();
  }

  // --- the run loop ----------------------------------------------------------------------------------

  /** Reports a stop: nothing holds the trainer any more. */
  private halt(h: Halt): void {
    this.running = undefined;
    if (h.reason === 'exception') this.exception = { filter: h.filter, description: h.description };
    this.emit('stop', h);
  }

  /** The point Step Back goes to: the stop before, skipping the start of iterations other than the first. */
  private previous(p: Point): Point {
    const S = this.trainer.stops.length;
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
        return (trainer) => {
          const stop = trainer.currentStop;
          return stop !== undefined && (stop.phase === 'forward' || stop.phase === 'backward');
        };
      case 'iteration':
        return (trainer) => trainer.position === trainer.stops.length;
      case 'epoch':
        return (trainer) => trainer.position === trainer.stops.length && trainer.iteration % trainer.batchesPerEpoch === 0;
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
   * Runs forward in slices until the goal holds, a breakpoint or exception rule hits, Pause, or training
   * ends (then: a stop saying so; a further Continue ends the session). A `paced` run (Continue) with a
   * pace shows each iteration (or epoch) as a frame, then waits for the next frame's time.
   */
  run(goal: Goal, arrived?: (stop: Stop | undefined) => void, paced = false): void {
    const trainer = this.trainer;
    this.sub = undefined;
    this.exception = undefined;
    const token: Work = { paused: false };
    this.hold(token);
    const env = new StateEnvironment(trainer, undefined);
    const rules = this.exceptions;
    let nonFinite = rules.nonFiniteAt(trainer, trainer.currentStop);
    // when the last frame was due: the next is one interval later (no drift), or now when far behind
    let due = Date.now();
    const slice = (): void => {
      if (this.running !== token) return;
      token.wake = undefined;
      const deadline = Date.now() + SLICE_MS;
      for (;;) {
        if (token.paused) return this.halt({ reason: 'pause' });
        if (!this.advance(trainer)) return this.halt({ reason: 'pause', description: words().trainingFinished });
        const stop = trainer.currentStop;
        const hit = this.check(trainer, env);
        if (hit) return this.halt(hit);
        if (rules.any && stop) {
          const at = rules.at(trainer, stop, nonFinite);
          nonFinite = at.nonFinite;
          if (at.hit) return this.halt({ reason: 'exception', ...at.hit });
        }
        if (goal(trainer)) {
          arrived?.(stop);
          return this.halt(trainer.finished ? { reason: 'step', description: words().trainingFinished } : { reason: 'step' });
        }
        if (trainer.finished) return this.halt({ reason: 'pause', description: words().trainingFinished });
        const pace = this.pace;
        if (paced && pace.perSecond > 0 && trainer.position === trainer.stops.length && (pace.unit === 'iteration' || trainer.iteration % trainer.batchesPerEpoch === 0)) {
          this.emit('frame');
          if (this.running !== token) return;
          const interval = 1000 / pace.perSecond;
          const now = Date.now();
          due = due + interval < now - interval ? now : due + interval;
          const timer = setTimeout(slice, Math.max(0, due - now));
          token.wake = () => {
            clearTimeout(timer);
            slice();
          };
          return;
        }
        if (Date.now() >= deadline) break;
      }
      this.emit('slice');
      // the listener may have stopped the run
      if (this.running === token) setImmediate(slice);
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
        this.emit('output', `${bp.log(env)}\n`);
        continue;
      }
      (ids ??= []).push(bp.id);
    }
    return ids ? { reason: 'breakpoint', ids } : undefined;
  }

  /** Reverse Continue's work: windows of iterations scanned forward from their checkpoints, latest first. */
  private *reverseSteps(trainer: Trainer, here: Point): Generator<Progress | void, Halt, void> {
    const env = new StateEnvironment(trainer, undefined);
    const S = trainer.stops.length;
    const key = (iteration: number, position: number): number => iteration * (S + 1) + position;
    // a window of at least one checkpoint interval: scanning it costs what reaching its start does
    const size = Math.max(REVERSE_WINDOW, trainer.history?.interval ?? 1);
    let end = key(here.iteration, here.position);
    let top = here.iteration;
    for (;;) {
      const from = Math.max(1, top - size + 1);
      let found: { iteration: number; position: number; ids: number[] } | undefined;
      yield* trainer.travel(from, 0);
      for (;;) {
        if (key(trainer.iteration, trainer.position) >= end) break;
        const hit = this.check(trainer, env, false);
        if (hit && hit.reason === 'breakpoint') found = { iteration: trainer.iteration, position: trainer.position, ids: hit.ids };
        if (!this.advance(trainer)) break;
        if (trainer.position === 0) yield;
      }
      if (found) {
        yield* trainer.travel(found.iteration, found.position);
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
}
