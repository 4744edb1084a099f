// The loss curve: E per iteration with uPlot, fed by `losses` messages (Float64 buffers appended at
// iteration `from`), with the current iteration marked, and beside it the epoch loss (the mean E_s
// over each complete epoch, drawn at the epoch's last iteration), which does not jump with a short
// last batch. Clicking the plot asks to seek there.
// Imports uPlot, the protocol's decoder of losses, the engine's epoch loss and the DOM helpers; never vscode.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { decodeLosses } from '../src/protocol/messages';
import { batchesPerEpoch, epochLoss, epochMeans, type EpochShape } from '../src/engine/epochLoss';
import { fmt } from './format';
import { h } from './dom';

/** A loss record longer than this is not plausible and is ignored. */
export const MAX_ITERATIONS = 10_000_000;

/**
 * Whether the epoch loss needs an axis of its own: E of a batch summed over B > 1 samples is about B
 * times the per-sample mean, so on E's axis the epoch loss would lie flat along the bottom.
 */
function ownScale(shape: EpochShape): boolean {
  return shape.reduction === 'sum' && Math.min(shape.batchSize, shape.samples) > 1;
}

export class LossChart {
  readonly el = h('div', { class: 'loss-chart' });
  private readonly plotHost = h('div', { class: 'loss-plot' });
  private readonly empty: HTMLElement;
  /** the epoch loss at the current iteration, in words (what the green line shows, for every reader) */
  private readonly caption = h('p', { class: 'epoch-loss muted small', 'aria-live': 'polite' });
  private lossDone = true;
  /** E of each iteration, iteration i at index i − 1 (NaN where unknown) */
  private values: number[] = [];
  private plot: uPlot | undefined;
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
  ) {
    this.empty = h('p', { class: 'muted' }, emptyText);
    this.el.append(this.empty, this.plotHost, this.caption);
    new ResizeObserver(() => this.resize()).observe(this.el);
  }

  /** Appends decoded losses from iteration `from`; false (nothing changed) when the message does not fit. */
  add(from: number, base64: string): boolean {
    const values = decodeLosses(base64);
    if (!values) return false;
    if (from + values.length - 1 > MAX_ITERATIONS) return false;
    // values from `from` on replace what was there: after an edit or a restart the future is another one
    if (this.values.length > from - 1) this.values.length = from - 1;
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

  private data(): uPlot.AlignedData {
    const n = this.values.length;
    const xs = new Float64Array(n);
    const ys: (number | null)[] = new Array(n);
    for (let x = 0; x < n; x++) {
      xs[x] = x + 1;
      const v = this.values[x];
      ys[x] = Number.isFinite(v) ? v : null;
    }
    return [xs as unknown as number[], ys, this.epochSeries()];
  }

  private render(): void {
    const has = this.values.some((v) => Number.isFinite(v));
    this.empty.hidden = has;
    this.plotHost.hidden = !has;
    if (!has || !this.dirty) return;
    this.dirty = false;
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
    const font = `11px ${css.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}`;
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
    const opts: uPlot.Options = {
      width: Math.max(200, this.el.clientWidth || 320),
      height: 170,
      scales: separate ? { x: { time: false }, y: {}, s: {} } : { x: { time: false } },
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: this.xLabel },
        { label: this.label, stroke: line, width: 1.5, spanGaps: true, points: { show: false } },
        { label: this.epochLabel, stroke: epochLine, width: 2.5, spanGaps: true, points: { show: false }, scale: separate ? 's' : 'y' },
      ],
      axes: separate ? [axis, { ...axis, size: 56 }, { ...axis, scale: 's', side: 1, size: 56, stroke: epochLine, grid: { show: false } }] : [axis, { ...axis, size: 56 }],
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
