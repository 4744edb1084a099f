// The loss curve with uPlot: the epoch loss (the mean E_s over each complete epoch, drawn at the epoch's
// last iteration, which does not jump with a short last batch) as its main line, E of each iteration
// faintly behind it (fed by `losses` messages: Float64 buffers appended at iteration `from`), the current
// iteration marked, a log-scale toggle, and for a classification the accuracy on the data set as the
// learned-function panel measured it (right axis, 0–100 %). Clicking the plot asks to seek there.
// Imports uPlot, the protocol's decoder of losses, the engine's epoch loss and the DOM helpers; never vscode.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { decodeLosses } from '../src/protocol/messages';
import { batchesPerEpoch, epochLoss, epochMeans, type EpochShape } from '../src/engine/epochLoss';
import { fmt } from './format';
import { h } from './dom';
import { rgb, toRgb } from './learnedPlot';

/** A loss record longer than this is not plausible and is ignored. */
export const MAX_ITERATIONS = 10_000_000;

/**
 * Whether the epoch loss needs an axis of its own: E of a batch summed over B > 1 samples is about B
 * times the per-sample mean, so on E's axis the epoch loss would lie flat along the bottom.
 */
function ownScale(shape: EpochShape): boolean {
  return shape.reduction === 'sum' && Math.min(shape.batchSize, shape.samples) > 1;
}

/** The words of the chart's newer parts. */
export interface LossChartWords {
  readonly perIteration: string;
  readonly logScale: string;
  readonly accuracy: string;
}

/** A value a log scale can show (uPlot's log axis takes positive numbers only). */
function onLog(v: number | null, log: boolean): number | null {
  return v === null || !Number.isFinite(v) || (log && v <= 0) ? null : v;
}

/** A CSS colour at a third of its opacity (read through a canvas: a theme may give any CSS colour syntax). */
function faint(colour: string): string {
  return rgb(toRgb(colour, [55, 148, 255]), 0.35);
}

export class LossChart {
  readonly el = h('div', { class: 'loss-chart' });
  private readonly logBox = h('input', { type: 'checkbox', class: 'loss-log' }) as HTMLInputElement;
  /** accuracy (0…1) at the iterations where it was measured; the latest measurement of each */
  private readonly accuracy = new Map<number, number>();
  private log = false;
  /** the person switched the log scale (to keep it in the view state) */
  onLogChange: ((log: boolean) => void) | undefined;
  private readonly plotHost = h('div', { class: 'loss-plot' });
  private readonly empty: HTMLElement;
  /** the epoch loss at the current iteration, in words (what the green line shows, for every reader) */
  private readonly caption = h('p', { class: 'epoch-loss muted small', 'aria-live': 'polite' });
  private lossDone = true;
  /** E of each iteration, iteration i at index i − 1 (NaN where unknown) */
  private values: number[] = [];
  private plot: uPlot | undefined;
  /** whether the plot was built with the accuracy series (its series and axes differ) */
  private plotHasAccuracy = false;
  private current = 0;
  private dirty = true;
  private shape: EpochShape | undefined;

  constructor(
    emptyText: string,
    private readonly label: string,
    private readonly epochLabel: string,
    private readonly xLabel: string,
    private readonly xEpoch: string,
    private readonly onSeek: (iteration: number) => void,
    private readonly words: LossChartWords = { perIteration: 'E per iteration', logScale: 'log scale', accuracy: 'accuracy' },
  ) {
    this.empty = h('p', { class: 'muted' }, emptyText);
    const toggle = h('label', { class: 'loss-options small' }, this.logBox, ` ${words.logScale}`);
    this.logBox.addEventListener('change', () => {
      this.setLog(this.logBox.checked);
      this.onLogChange?.(this.log);
    });
    this.el.append(this.empty, toggle, this.plotHost, this.caption);
    new ResizeObserver(() => this.resize()).observe(this.el);
  }

  /** Appends decoded losses from iteration `from`; false (nothing changed) when the message does not fit. */
  add(from: number, base64: string): boolean {
    const values = decodeLosses(base64);
    if (!values) return false;
    if (from + values.length - 1 > MAX_ITERATIONS) return false;
    // values from `from` on replace what was there: after an edit or a restart the future is another one
    if (this.values.length > from - 1) {
      this.values.length = from - 1;
      this.forgetAccuracyAfter(from - 1);
    }
    while (this.values.length < from - 1) this.values.push(NaN);
    for (let x = 0; x < values.length; x++) this.values[from - 1 + x] = values[x];
    this.dirty = true;
    this.render();
    this.updateCaption();
    return true;
  }

  /** Forgets losses after iteration `last` (a different session or an edit rewrote the future). */
  truncate(last: number): void {
    if (this.values.length > last) {
      this.values.length = last;
      this.dirty = true;
    }
    this.forgetAccuracyAfter(last);
  }

  /** A classification's accuracy (0…1) on the data with the parameters at `iteration`. */
  addAccuracy(iteration: number, accuracy: number): void {
    if (!(iteration >= 1 && iteration <= MAX_ITERATIONS) || !(accuracy >= 0 && accuracy <= 1)) return;
    this.accuracy.set(iteration, accuracy);
    this.dirty = true;
    this.render();
  }

  private forgetAccuracyAfter(last: number): void {
    for (const it of [...this.accuracy.keys()]) {
      if (it > last) {
        this.accuracy.delete(it);
        this.dirty = true;
      }
    }
  }

  /** Whether the loss axes are logarithmic. */
  get isLog(): boolean {
    return this.log;
  }

  /** Switches the loss axes between linear and logarithmic. */
  setLog(log: boolean): void {
    if (this.log === log) return;
    this.log = log;
    this.logBox.checked = log;
    this.el.dataset.scale = log ? 'log' : 'linear';
    this.rebuild();
  }

  /** How the data is cut into batches (for the epoch loss); redraws when it changed. */
  setShape(shape: EpochShape): void {
    const s = this.shape;
    if (s && s.samples === shape.samples && s.batchSize === shape.batchSize && s.reduction === shape.reduction) return;
    const own = (x: EpochShape | undefined): boolean => !!x && ownScale(x);
    this.shape = shape;
    // the epoch loss gets an axis of its own when E sums more than one sample: rebuild the plot's axes
    if (this.plot && own(s) !== own(shape)) this.rebuild();
    this.dirty = true;
    this.render();
    this.updateCaption();
  }

  /** The epoch loss of each complete epoch at its last iteration (null elsewhere). */
  epochSeries(): (number | null)[] {
    const out: (number | null)[] = new Array(this.values.length).fill(null);
    if (!this.shape) return out;
    const per = batchesPerEpoch(this.shape);
    epochMeans(this.shape, this.values).forEach((v, e) => {
      if (Number.isFinite(v)) out[(e + 1) * per - 1] = v;
    });
    return out;
  }

  /** Marks the current iteration; `lossDone`: whether its loss is computed yet (then it counts in the epoch loss). */
  setCurrent(iteration: number, lossDone = true): void {
    this.current = iteration;
    this.lossDone = lossDone;
    this.plot?.redraw(false, false);
    this.updateCaption();
  }

  /** "epochLoss = 0.2311 (epoch 3, 4 of 10 batches)": as Variables shows it. */
  private updateCaption(): void {
    const e = this.shape && this.current > 0 && this.current <= this.values.length + 1 ? epochLoss(this.shape, (iteration) => this.values[iteration - 1] ?? NaN, this.current, this.lossDone) : undefined;
    this.caption.hidden = !e || !Number.isFinite(e.mean);
    if (!e) return;
    const per = batchesPerEpoch(this.shape as EpochShape);
    this.caption.textContent = `epochLoss = ${fmt(e.mean, 4)} (${this.xEpoch} ${e.epoch}${e.complete ? '' : `, ${e.batches}/${per}`})`;
  }

  /** Rebuilds the plot (theme colours may have changed). */
  rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.dirty = true;
    this.render();
  }

  /** The accuracy measured at each iteration (null where none was), over `n` iterations. */
  accuracySeries(n: number): (number | null)[] {
    const out: (number | null)[] = new Array(n).fill(null);
    for (const [it, a] of this.accuracy) if (it <= n) out[it - 1] = a;
    return out;
  }

  private data(): uPlot.AlignedData {
    let n = this.values.length;
    for (const it of this.accuracy.keys()) n = Math.max(n, it);
    const xs = new Float64Array(n);
    const ys: (number | null)[] = new Array(n);
    for (let x = 0; x < n; x++) {
      xs[x] = x + 1;
      ys[x] = onLog(this.values[x] ?? null, this.log);
    }
    const epochs = this.epochSeries().map((v) => onLog(v, this.log));
    while (epochs.length < n) epochs.push(null);
    const series: (number | null)[][] = [ys, epochs];
    if (this.accuracy.size) series.push(this.accuracySeries(n));
    return [xs as unknown as number[], ...series];
  }

  private render(): void {
    const has = this.values.some((v) => Number.isFinite(v));
    this.empty.hidden = has;
    this.plotHost.hidden = !has;
    if (!has || !this.dirty) return;
    this.dirty = false;
    // the accuracy came or went (another session): the plot's series change with it
    if (this.plot && this.plotHasAccuracy !== this.accuracy.size > 0) {
      this.plot.destroy();
      this.plot = undefined;
    }
    if (this.plot) {
      this.plot.setData(this.data());
      return;
    }
    const css = getComputedStyle(document.body);
    const fg = css.getPropertyValue('--vscode-foreground').trim() || css.color;
    const grid = css.getPropertyValue('--vscode-panel-border').trim() || 'rgba(128,128,128,0.3)';
    const line = css.getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
    const mark = css.getPropertyValue('--vscode-charts-orange').trim() || '#d18616';
    const epochLine = css.getPropertyValue('--vscode-charts-green').trim() || '#89d185';
    const separate = this.shape !== undefined && ownScale(this.shape);
    const withAccuracy = this.accuracy.size > 0;
    this.plotHasAccuracy = withAccuracy;
    const accuracyLine = css.getPropertyValue('--vscode-charts-purple').trim() || '#b180d7';
    // log: uPlot's base-10 distribution (positive values only; see onLog)
    const lossScale: uPlot.Scale = this.log ? { distr: 3 } : {};
    const font = `11px ${css.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}`;
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
    const opts: uPlot.Options = {
      width: Math.max(200, this.el.clientWidth || 320),
      height: 170,
      scales: { x: { time: false }, y: lossScale, ...(separate ? { s: lossScale } : {}), ...(withAccuracy ? { a: { range: [0, 1] } } : {}) },
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: this.xLabel },
        // E of each iteration faint behind; the epoch loss, which says whether training converges, in front
        { label: `${this.label} (${this.words.perIteration})`, stroke: faint(line), width: 1, spanGaps: true, points: { show: false } },
        { label: this.epochLabel, stroke: epochLine, width: 2.5, spanGaps: true, points: { show: false }, scale: separate ? 's' : 'y' },
        ...(withAccuracy ? [{ label: this.words.accuracy, stroke: accuracyLine, width: 1.5, dash: [4, 3], spanGaps: true, points: { show: true, size: 5 }, scale: 'a', value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`) }] : []),
      ],
      axes: [
        axis,
        { ...axis, size: 56 },
        ...(separate ? [{ ...axis, scale: 's', side: 1, size: 56, stroke: epochLine, grid: { show: false } }] : []),
        ...(withAccuracy ? [{ ...axis, scale: 'a', side: 1, size: 54, stroke: accuracyLine, grid: { show: false }, values: (_u: uPlot, vals: number[]) => vals.map((v) => `${Math.round(v * 100)} %`) }] : []),
      ],
      hooks: {
        draw: [
          (u) => {
            if (!this.current) return;
            const x = u.valToPos(this.current, 'x', true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = mark;
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    this.plot = new uPlot(opts, this.data(), this.plotHost);
    this.plot.over.addEventListener('click', () => {
      const idx = this.plot?.cursor.idx;
      if (idx !== null && idx !== undefined) this.onSeek(idx + 1);
    });
  }

  private resize(): void {
    if (this.plot && this.el.clientWidth > 0) this.plot.setSize({ width: Math.max(200, this.el.clientWidth), height: 170 });
  }
}
