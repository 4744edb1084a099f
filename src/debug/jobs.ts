// Long work in slices: a far jump, Reverse Continue, a whole-network gradient check, an export. A job is
// an iterator whose every step is short (one iteration replayed, one entry checked, one chunk written);
// it runs for a few milliseconds, then yields to the event loop, so that Pause and every other request
// are answered meanwhile. The client sees DAP progress events (VS Code shows them with a Cancel button,
// which sends `cancel` with the progressId). Imports @vscode/debugadapter's event classes only.

import { ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** How far a job has come: `done` of `of` units. */
export interface Progress {
  readonly done: number;
  readonly of: number;
}

/** time given to a job before yielding to the event loop (ms) */
export const SLICE_MS = 8;
/** a job shows progress once it has run this long (a short jump should not flash a notification) */
const PROGRESS_AFTER_MS = 300;
/** at most one progress update per this many ms */
const PROGRESS_EVERY_MS = 250;

let jobs = 0;

export interface JobOptions<T> {
  /** the progress notification's title */
  readonly title: string;
  readonly steps: Iterator<Progress | void, T, void>;
  /** where progress events go; undefined when the client does not report progress */
  readonly send: ((event: DebugProtocol.Event) => void) | undefined;
  /** the job ended on its own with its result */
  readonly done: (result: T) => void;
  /** a step threw */
  readonly failed: (error: Error) => void;
  /** the job was cancelled (Pause, the Cancel button, a request that needs the trainer); runs synchronously within cancel() */
  readonly cancelled: () => void;
}

export class Job<T> {
  readonly progressId = `backprop-job-${++jobs}`;
  private state: 'running' | 'ended' = 'running';
  private started = 0;
  private shown = false;
  private lastUpdate = 0;
  private progress: Progress | undefined;

  constructor(private readonly options: JobOptions<T>) {}

  get running(): boolean {
    return this.state === 'running';
  }

  /** Runs the first slice now and the rest after each turn of the event loop. */
  start(): void {
    this.started = Date.now();
    this.slice();
  }

  /** Stops the job; its `cancelled` runs before this returns. Nothing once it has ended. */
  cancel(): void {
    if (!this.end()) return;
    this.options.cancelled();
  }

  private slice = (): void => {
    if (this.state !== 'running') return;
    const deadline = Date.now() + SLICE_MS;
    try {
      for (;;) {
        const r = this.options.steps.next();
        if (r.done) {
          if (this.end()) this.options.done(r.value);
          return;
        }
        if (r.value) this.progress = r.value;
        if (Date.now() >= deadline) break;
      }
    } catch (e) {
      if (this.end()) this.options.failed(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    this.report();
    setImmediate(this.slice);
  };

  private report(): void {
    const send = this.options.send;
    const now = Date.now();
    if (!send || now - this.started < PROGRESS_AFTER_MS) return;
    const p = this.progress;
    const percentage = p && p.of > 0 ? Math.min(100, (100 * p.done) / p.of) : undefined;
    const message = p && p.of > 0 ? `${p.done} / ${p.of}` : undefined;
    if (!this.shown) {
      this.shown = true;
      const start = new ProgressStartEvent(this.progressId, this.options.title, message) as DebugProtocol.ProgressStartEvent;
      start.body.cancellable = true;
      if (percentage !== undefined) start.body.percentage = percentage;
      send(start);
      this.lastUpdate = now;
    } else if (now - this.lastUpdate >= PROGRESS_EVERY_MS) {
      const update = new ProgressUpdateEvent(this.progressId, message) as DebugProtocol.ProgressUpdateEvent;
      if (percentage !== undefined) update.body.percentage = percentage;
      send(update);
      this.lastUpdate = now;
    }
  }

  /** Marks the job ended (true the first time) and closes its progress notification. */
  private end(): boolean {
    if (this.state !== 'running') return false;
    this.state = 'ended';
    if (this.shown) this.options.send?.(new ProgressEndEvent(this.progressId));
    return true;
  }
}
