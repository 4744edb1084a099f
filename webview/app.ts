// The inspector: takes validated host messages (parseToWebview), keeps in step with the host's
// deltas (sync.ts), and hands each stop to its panels (panels/*: header and controls, diagram,
// equations, loss curve, timeline, gradient check, export, tables). It owns the selection: which
// neuron or weight the diagram, the equations and the tables show. It never changes the training
// state itself: every action is a typed message to the host (FromWebview). View options and the
// selection survive reloads through the VS Code webview state (viewState.ts). Imports protocol and
// engine types, never vscode.

import { h, Tooltip } from './dom';
import type { Selection } from './equations';
import { strings, type Strings } from './i18n';
import { LossChart } from './lossChart';
import type { StateView } from './model';
import { toStateView } from '../src/protocol/stateView';
import { DiagramPanel } from './panels/diagramPanel';
import { EquationsPanel } from './panels/equationsPanel';
import { ExportPanel } from './panels/exportPanel';
import { GradientCheckPanel } from './panels/gradientCheck';
import { LearnedPanel } from './panels/learned';
import type { Page } from './panels/page';
import { StatusBar } from './panels/status';
import { Tables } from './panels/tables';
import { Timeline } from './panels/timeline';
import { PacePanel } from './panels/pace';
import { StateSync } from './sync';
import { defaultSelection, readViewState, validSelection, type ViewState } from './viewState';
import { isPerSample, isWeightLike, type Quantity } from '../src/engine/quantities';
import type { StateDelta } from '../src/protocol/delta';
import { parseToWebview, type FromWebview } from '../src/protocol/messages';

/** The part of VS Code's webview API the inspector uses. */
export interface HostApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export class Inspector implements Page {
  words: Strings;
  digits = 4;
  private state: StateView | undefined;
  private readonly view: ViewState;
  private readonly sync = new StateSync();
  private readonly tooltip = new Tooltip();
  private readonly root = h('main', { class: 'inspector' });
  private readonly waiting: HTMLElement;
  private readonly status: StatusBar;
  private readonly diagram: DiagramPanel;
  private readonly equations: EquationsPanel;
  private readonly chart: LossChart;
  private readonly timeline: Timeline;
  private readonly pace: PacePanel;
  private readonly gradientCheck: GradientCheckPanel;
  private readonly learned: LearnedPanel;
  private readonly export: ExportPanel;
  private readonly tables: Tables;

  constructor(
    private readonly api: HostApi,
    lang: string,
  ) {
    this.words = strings(lang);
    this.view = readViewState(api.getState());
    const words = this.words;
    this.status = new StatusBar(this);
    this.diagram = new DiagramPanel(this, this.view, this.tooltip, (sel) => this.select(sel), () => this.applySelection());
    this.equations = new EquationsPanel(this);
    this.timeline = new Timeline(this);
    this.pace = new PacePanel(this);
    this.chart = new LossChart(words.noLosses, 'E', words.epochLoss, words.iteration, words.epoch, (iteration) => this.timeline.seek(iteration), { perIteration: words.lossPerIteration, logScale: words.logScale, accuracy: words.accuracy });
    if (this.view.logScale) this.chart.setLog(true);
    this.chart.onLogChange = (log) => {
      this.view.logScale = log;
      this.save();
    };
    this.learned = new LearnedPanel(this, (iteration, accuracy) => this.chart.addAccuracy(iteration, accuracy));
    this.gradientCheck = new GradientCheckPanel(this);
    this.export = new ExportPanel(this);
    this.tables = new Tables(this, this.view, this.tooltip, () => this.save(), (l, q, r, c) => this.pick(l, q, r, c));

    this.waiting = h('p', { class: 'waiting muted' }, words.waiting);
    const top = h('div', { class: 'top' }, this.diagram.el, this.equations.el);
    const side = h('div', { class: 'side' }, this.learned.el, h('section', { class: 'panel' }, h('h2', {}, words.lossCurve), this.chart.el), this.timeline.el, this.gradientCheck.el, this.export.el);
    // the pace of Continue sits with the debugger's buttons
    this.status.el.append(this.pace.el);
    this.root.append(this.status.el, this.waiting, h('div', { class: 'body' }, h('div', { class: 'main-col' }, top, h('h2', { class: 'layers-title' }, words.tables), this.tables.el), side));
    document.body.append(this.root);
    this.root.classList.add('empty');

    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    // VS Code switches the theme by changing the body's class: recolour canvases and the chart
    new MutationObserver(() => {
      this.tables.forgetPalette();
      this.chart.rebuild();
      this.learned.redraw();
      if (this.state) this.renderState();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.post({ type: 'ready' });
  }

  post(m: FromWebview): void {
    this.api.postMessage(m);
  }

  private save(): void {
    this.api.setState(this.view);
  }

  /** Handles one message from the host; anything malformed is ignored. */
  receive(data: unknown): void {
    const msg = parseToWebview(data);
    if (!msg) return;
    try {
      switch (msg.type) {
        case 'state':
          this.onState(msg.state);
          break;
        case 'losses':
          this.chart.add(msg.from, msg.base64);
          this.timeline.render(this.state);
          break;
        case 'gradientCheck':
          this.gradientCheck.show(msg.result, this.state);
          break;
        case 'ended':
        case 'running':
          if (msg.type === 'ended') this.learned.stop();
          this.status.setStatus(msg.type, this.state);
          break;
        case 'prediction':
          this.learned.show(msg.result);
          break;
        case 'predictionRefused':
          // nothing to draw: the panel keeps what it shows, and asks for a newer state at once
          this.learned.show(undefined);
          break;
        case 'reveal':
          this.reveal(msg.layer);
          break;
        case 'pace':
          this.pace.show(msg);
          break;
        case 'settings':
          if (msg.digits <= 17) this.digits = msg.digits;
          if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(msg.locale)) this.words = strings(msg.locale);
          if (this.state) this.renderState();
          break;
        default: {
          const never: never = msg;
          return never;
        }
      }
    } catch (e) {
      console.error('backprop inspector: ignored a message that could not be shown', e);
    }
  }

  private onState(delta: StateDelta): void {
    const started = performance.now();
    // a delta against a state this page does not have (a message was lost): ask for the whole state again
    const snapshot = this.sync.apply(delta, () => this.post({ type: 'ready' }));
    if (!snapshot) return;
    const next = toStateView(snapshot);
    if (!next) return;
    const prev = this.state;
    this.tables.compare(prev, next);
    this.tables.setTrace(snapshot.compare);
    if (!prev || prev.layers.length !== next.layers.length || prev.layers.some((l, x) => l.size !== next.layers[x].size)) this.chart.truncate(0);
    this.state = next;
    // the session stays paused after the last update (stepping back still works); only the host's `ended` ends it
    this.status.status = snapshot.running === true ? 'running' : 'stopped';
    // Step Into: the selection follows the neuron being formed, whatever was chosen before
    if (next.forming) this.view.pinned = false;
    if (!this.view.pinned || !validSelection(next, this.view.sel)) this.view.sel = defaultSelection(next);
    this.chart.setShape(next.shape);
    if (this.view.sample >= next.n) this.view.sample = 0;
    this.export.setState(next, !prev);
    this.learned.stateChanged(next, snapshot.running === true);
    this.renderState();
    const ms = performance.now() - started;
    document.body.dataset.renderMs = ms.toFixed(1);
    window.dispatchEvent(new CustomEvent('backprop:rendered', { detail: { ms } }));
  }

  private renderState(): void {
    const state = this.state;
    if (!state) return;
    this.root.classList.remove('empty');
    this.waiting.hidden = true;
    this.status.render(state);
    this.diagram.renderSamples(state);
    this.tables.render(state);
    this.timeline.render(state);
    this.chart.setCurrent(state.iteration, state.lossValue !== null);
    this.gradientCheck.updateStale(state);
    this.applySelection();
  }

  private pick(l: number, q: Quantity, r: number, c: number): void {
    if (isWeightLike(q)) this.select({ kind: 'weight', layer: l, j: r, k: c });
    else if (!isPerSample(q)) this.select({ kind: 'neuron', layer: l, k: c });
    else {
      this.view.sample = r;
      this.select({ kind: 'neuron', layer: l, k: c });
      this.diagram.showSample(r);
    }
  }

  private select(sel: Selection): void {
    if (!this.state || !validSelection(this.state, sel)) return;
    this.view.sel = sel;
    this.view.pinned = true;
    this.applySelection();
  }

  /** Redraws what depends on the selection: diagram, equations, outlined cells (saves the view state). */
  private applySelection(): void {
    this.save();
    const state = this.state;
    if (!state) return;
    this.diagram.render(state);
    this.tables.setSelected(this.view.sel, this.view.sample);
    this.equations.render(state, this.view.sel, this.view.sample);
  }

  private reveal(layer: number): void {
    const state = this.state;
    if (!state || layer >= state.layers.length) return;
    this.tables.reveal(layer);
    if (this.view.sel?.layer !== layer) this.select({ kind: 'neuron', layer, k: 0 });
  }
}
