// The learned-function panel: what the network computes now, over its inputs. One input: its curve
// against the data (and the target function of the built-in sin); two inputs: the regions of the plane
// (learnedPlot.ts); more: predicted against target (a scatter), or for a classification the confusion
// matrix and accuracy. It asks the host (`predict` → the adapter's `backprop.predict`) at every stop;
// while training runs, at most one request is on its way and one per THROTTLE_MS.

import { h, setChildren } from '../dom';
import { fmt } from '../format';
import { confusionCounts, drawCurve, drawRegions, drawScatter, toRgb, type PlotTheme } from '../learnedPlot';
import type { StateView } from '../model';
import { DEFAULT_GRID, toPredictionView, type PredictionView } from '../../src/protocol/prediction';
import type { Page } from './page';

/** the least time between two requests while training runs */
export const THROTTLE_MS = 250;
/** a request not answered by then (the session ended, an export held the trainer) no longer blocks the next */
const GIVE_UP_MS = 3000;

function themeOf(el: Element): PlotTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-foreground', css.color),
    muted: v('--vscode-descriptionForeground', '#888'),
    grid: v('--vscode-panel-border', 'rgba(128,128,128,0.4)'),
    background: toRgb(v('--vscode-editor-background', '#fff'), [255, 255, 255]),
    font: `11px ${v('--vscode-font-family', 'sans-serif')}`,
    line: v('--vscode-charts-blue', '#3794ff'),
    target: v('--vscode-charts-green', '#89d185'),
  };
}

export class LearnedPanel {
  readonly el: HTMLElement;
  private readonly canvas = h('canvas', { class: 'learned-canvas', role: 'img' });
  private readonly caption = h('p', { class: 'learned-caption muted small', 'aria-live': 'polite' });
  private readonly matrix = h('div', { class: 'learned-matrix' });
  private readonly empty: HTMLElement;
  /** the prediction shown */
  private shown: PredictionView | undefined;
  private inFlight = false;
  private sentAt = 0;
  /** the state changed since the last request was sent */
  private wanted = false;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly page: Page,
    /** a classification's accuracy at an iteration, for the loss chart */
    private readonly onAccuracy: (iteration: number, accuracy: number) => void,
  ) {
    const words = page.words;
    this.empty = h('p', { class: 'muted' }, words.learnedWaiting);
    this.el = h('section', { class: 'panel learned-panel', 'aria-label': words.learnedTitle }, h('h2', {}, words.learnedTitle), this.empty, this.canvas, this.matrix, this.caption);
    this.canvas.hidden = true;
    new ResizeObserver(() => this.redraw()).observe(this.el);
  }

  /** A new state is on view: ask for the learned function there (throttled while `running`). */
  stateChanged(_state: StateView, running: boolean): void {
    this.running = running;
    this.wanted = true;
    this.ask();
  }

  private ask(): void {
    clearTimeout(this.timer);
    const now = Date.now();
    if (this.inFlight && now - this.sentAt < GIVE_UP_MS) {
      // an answer that never comes (refused while busy) must not keep the latest state, e.g. the end of a
      // run, from being asked for: ask again once it is given up
      if (this.wanted) this.timer = setTimeout(() => this.ask(), this.sentAt + GIVE_UP_MS - now);
      return;
    }
    const wait = this.running ? this.sentAt + THROTTLE_MS - now : 0;
    if (wait > 0) {
      this.timer = setTimeout(() => this.ask(), wait);
      return;
    }
    if (!this.wanted) return;
    this.wanted = false;
    this.inFlight = true;
    this.sentAt = now;
    this.page.post({ type: 'predict', grid: DEFAULT_GRID });
  }

  /** The host's answer (checked here: anything malformed is ignored). */
  show(result: unknown): void {
    this.inFlight = false;
    const p = toPredictionView(result);
    if (p) {
      this.shown = p;
      if (p.accuracy !== undefined) this.onAccuracy(p.iteration, p.accuracy);
      this.redraw();
    }
    // the state moved on while this was computed: ask for the latest
    if (this.wanted) this.ask();
  }

  /** The session is gone: nothing more will be answered. */
  stop(): void {
    clearTimeout(this.timer);
    this.wanted = false;
    this.inFlight = false;
  }

  /** Draws the prediction shown again (new size, theme or language). */
  redraw(): void {
    const p = this.shown;
    if (!p) return;
    const words = this.page.words;
    const width = Math.max(200, Math.min(420, (this.el.clientWidth || 320) - 26));
    this.empty.hidden = true;
    const inputs: [string, string] = ['x₁', 'x₂'];
    const digits = this.page.digits;
    const accuracy = p.accuracy !== undefined ? `${words.accuracy} ${fmt(p.accuracy * 100, Math.min(digits, 4))} %` : '';
    const where = `${words.iteration} ${p.iteration}`;
    const sampled = p.data.n < p.data.total ? ` · ${words.samplesShown(p.data.n, p.data.total)}` : '';
    setChildren(this.matrix);
    this.canvas.hidden = false;
    this.el.dataset.view = '';
    if (p.grid && p.inputs === 2) {
      const r = drawRegions(this.canvas, p, width, themeOf(this.el), inputs);
      this.el.dataset.view = 'regions';
      const wrong = p.task === 'classification' ? ` · ${words.misclassified(r.wrong, r.samples)}` : '';
      this.caption.textContent = [where, accuracy].filter(Boolean).join(' · ') + wrong + sampled;
      this.canvas.setAttribute('aria-label', `${words.learnedRegions}. ${this.caption.textContent}`);
      return;
    }
    if (p.grid && p.inputs === 1) {
      drawCurve(this.canvas, p, width, themeOf(this.el), ['x', 'y']);
      this.el.dataset.view = 'curve';
      const legend = p.grid.target ? words.curveLegendTarget : words.curveLegend;
      this.caption.textContent = [where, accuracy, legend].filter(Boolean).join(' · ') + sampled;
      this.canvas.setAttribute('aria-label', `${words.learnedCurve}. ${this.caption.textContent}`);
      return;
    }
    if (p.task === 'classification') {
      this.canvas.hidden = true;
      this.el.dataset.view = 'confusion';
      this.confusion(p);
      this.caption.textContent = [where, accuracy].join(' · ') + sampled;
      return;
    }
    drawScatter(this.canvas, p, width, themeOf(this.el), [words.targetAxis, words.predictedAxis]);
    this.el.dataset.view = 'scatter';
    this.caption.textContent = `${where} · ${words.scatterLegend}${sampled}`;
    this.canvas.setAttribute('aria-label', `${words.learnedScatter}. ${this.caption.textContent}`);
  }

  /** The confusion matrix: a row per target class, a column per predicted class, the diagonal marked. */
  private confusion(p: PredictionView): void {
    const words = this.page.words;
    const counts = confusionCounts(p);
    const head = h('tr', {}, h('th', { scope: 'col', class: 'corner' }, words.targetPredicted), ...counts.map((_, c) => h('th', { scope: 'col' }, String(c))));
    const rows = counts.map((row, t) =>
      h('tr', {}, h('th', { scope: 'row' }, `${words.classLabel} ${t}`), ...row.map((n, c) => h('td', { class: c === t ? 'diagonal' : n > 0 ? 'off' : undefined, 'data-target': t, 'data-predicted': c }, String(n)))),
    );
    setChildren(this.matrix, h('table', { class: 'confusion' }, h('caption', { class: 'muted small' }, words.confusionTitle), h('thead', {}, head), h('tbody', {}, ...rows)));
  }
}
