// The inspector panel: takes validated host messages (parseToWebview), keeps the last two stops'
// states, and renders the header, debugger controls, diagram, equations, loss curve, timeline,
// gradient check, export and per-layer tables / heatmaps. It never changes the training state
// itself: every action is a typed message to the host (FromWebview). View options and the selection
// survive reloads through the VS Code webview state. Imports protocol and engine types, never vscode.

import katex from 'katex';
import type { GradientCheckEntry, GradientCheckResult } from '../src/engine/gradcheck';
import { EXPORT_FORMATS, parseToWebview, type DebugCommand, type ExportFormat, type FromWebview } from '../src/protocol/messages';
import { applyDelta, type StateDelta } from '../src/protocol/delta';
import type { StateSnapshot } from '../src/protocol/snapshot';
import { Diagram, type DiagramQuantity } from './diagram';
import { QUANTITIES, SYMBOL, type Quantity } from '../src/engine/quantities';
import { h, setChildren, Tooltip } from './dom';
import { equations, letters, type Selection } from './equations';
import { fmt } from './format';
import { strings, type Strings } from './i18n';
import { LossChart } from './lossChart';
import { matrixView, rgb, type MatrixView, type Palette } from './matrixView';
import { changedMask, formingNeuron, pendingAt, toStateView, type LayerView, type Mat, type StateView } from './model';

/** The part of VS Code's webview API the inspector uses. */
export interface HostApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface ViewState {
  sel?: Selection;
  /** the user chose `sel`: keep it; otherwise the selection follows the layer being computed */
  pinned?: boolean;
  sample: number;
  quantity: DiagramQuantity;
  zoom: Record<string, number>;
  closed: number[];
}

type VscValue = HTMLElement & { value: string; disabled: boolean };

const DIAGRAM_QUANTITIES: readonly DiagramQuantity[] = ['y', 'delta', 'w', 'dw'];
const COMMANDS: readonly DebugCommand[] = ['reverseContinue', 'stepBack', 'stepOver', 'stepIn', 'stepOut', 'continue', 'pause'];

function isWhole(x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

/** The saved view state, or defaults for anything missing or malformed. Pure. */
export function readViewState(x: unknown): ViewState {
  const v: ViewState = { sample: 0, quantity: 'y', zoom: {}, closed: [] };
  if (typeof x !== 'object' || x === null) return v;
  const o = x as Record<string, unknown>;
  if (isWhole(o.sample, 0, 100_000)) v.sample = o.sample;
  if (DIAGRAM_QUANTITIES.includes(o.quantity as DiagramQuantity)) v.quantity = o.quantity as DiagramQuantity;
  const sel = o.sel as Record<string, unknown> | undefined;
  if (sel && typeof sel === 'object' && isWhole(sel.layer, 0, 64) && isWhole(sel.k, 0, 100_000)) {
    if (sel.kind === 'neuron') v.sel = { kind: 'neuron', layer: sel.layer, k: sel.k };
    else if (sel.kind === 'weight' && isWhole(sel.j, 0, 100_000)) v.sel = { kind: 'weight', layer: sel.layer, j: sel.j, k: sel.k };
    if (v.sel && o.pinned === true) v.pinned = true;
  }
  if (typeof o.zoom === 'object' && o.zoom !== null) for (const [k, z] of Object.entries(o.zoom)) if (/^\d+:[a-z]+$/.test(k) && typeof z === 'number' && Number.isInteger(z) && Math.abs(z) <= 5) v.zoom[k] = z;
  if (Array.isArray(o.closed)) v.closed = o.closed.filter((l) => isWhole(l, 0, 64));
  return v;
}

/**
 * The state as far as the selected neuron (or weight) is formed: while stepping into its layer, the
 * quantities it does not have yet are left out, so its equations stop where the debugger stands. Pure.
 */
function formedFor(state: StateView, sel: Selection): StateView {
  const f = state.forming;
  if (!f || f.layer !== sel.layer) return state;
  const layer = state.layers[sel.layer];
  const q: LayerView['q'] = {};
  for (const key of Object.keys(layer.q) as Quantity[]) if (!pendingAt(state, sel.layer, key, sel.k)) q[key] = layer.q[key];
  const layers = state.layers.map((l) => (l.index === sel.layer ? { ...l, q } : l));
  return { ...state, layers };
}

/** Which quantities the stop done last computed (they are outlined as "just computed"). */
function computedAt(state: StateView, l: number): readonly Quantity[] {
  const stop = state.stop;
  if (!stop) return [];
  switch (stop.phase) {
    case 'forward':
      return stop.layer === l ? ['u', 'y'] : [];
    case 'loss':
      return [];
    case 'backward':
      return stop.layer === l ? ['dy', 'delta', 'dw', 'db'] : [];
    case 'update':
      return l > 0 ? ['w', 'b'] : [];
  }
}

function validEntry(e: unknown): e is GradientCheckEntry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  return (
    isWhole(x.layer, 1, 64) &&
    (x.quantity === 'dw' || x.quantity === 'db') &&
    isWhole(x.j, 0) &&
    isWhole(x.k, 0) &&
    typeof x.analytic === 'number' &&
    typeof x.numeric === 'number' &&
    typeof x.relativeError === 'number'
  );
}

export class Inspector {
  private t: Strings;
  private digits = 4;
  private state: StateView | undefined;
  private masks = new Map<string, Uint8Array | undefined>();
  private view: ViewState;
  private status: 'waiting' | 'stopped' | 'running' | 'ended' = 'waiting';
  /** the last state as the host sent it, which the next delta applies to */
  private raw: StateSnapshot | undefined;
  /** a whole state has been asked for and not yet received */
  private resyncing = false;
  private matrices: { layer: number; q: Quantity; view: MatrixView }[] = [];
  private palette: Palette | undefined;
  /** the sample names and language the sample select was built for */
  private sampleSelectFor = '';
  private readonly tooltip = new Tooltip();
  private readonly diagram: Diagram;
  private readonly chart: LossChart;

  // the page's parts, built once
  private readonly root = h('main', { class: 'inspector' });
  private readonly heading = h('h1', { class: 'title' });
  private readonly statusLine = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly buttons = new Map<DebugCommand, VscValue>();
  private readonly quantitySelect: VscValue;
  private readonly sampleBox = h('span', { class: 'sample-box' });
  private readonly eqHeading = h('h2', { class: 'eq-heading' });
  private readonly eqList = h('div', { class: 'equations', 'aria-live': 'polite' });
  private readonly timeline = h('input', { type: 'range', class: 'timeline', min: 1, max: 1, value: 1 });
  private readonly timelineLabel = h('output', { class: 'timeline-label' });
  private readonly stopChips = h('div', { class: 'stop-chips', role: 'toolbar' });
  private readonly gradResult = h('div', { class: 'grad-result', 'aria-live': 'polite' });
  /** the stop the shown gradient check was computed at: its results belong to it */
  private gradAt: { key: string; label: string } | undefined;
  private readonly gradStale = h('p', { class: 'grad-stale small', role: 'status', hidden: true });
  private readonly exportFrom: VscValue;
  private readonly exportTo: VscValue;
  private readonly exportFormat: VscValue;
  private readonly exportError = h('p', { class: 'error', hidden: true });
  private readonly layersBox = h('div', { class: 'layers' });
  private readonly waiting: HTMLElement;

  constructor(
    private readonly api: HostApi,
    lang: string,
  ) {
    this.t = strings(lang);
    this.view = readViewState(api.getState());
    const t = this.t;
    this.diagram = new Diagram(this.tooltip, (sel) => this.select(sel));
    this.chart = new LossChart(t.noLosses, 'E', t.epochLoss, t.iteration, t.epoch, (iteration) => this.seek(iteration));

    // controls
    const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': t.controls });
    for (const c of COMMANDS) {
      const b = h('vscode-button', { 'data-command': c, secondary: c === 'reverseContinue' || c === 'stepBack' || c === 'pause' ? true : undefined }, t[c]) as VscValue;
      b.addEventListener('click', () => {
        if (!b.disabled) this.post({ type: 'command', command: c });
      });
      this.buttons.set(c, b);
      controls.append(b);
    }
    this.quantitySelect = h('vscode-single-select', { class: 'quantity', 'aria-label': t.colourBy }, ...DIAGRAM_QUANTITIES.map((q) => h('vscode-option', { value: q }, SYMBOL[q]))) as VscValue;
    this.quantitySelect.addEventListener('change', () => {
      const q = this.quantitySelect.value as DiagramQuantity;
      if (DIAGRAM_QUANTITIES.includes(q) && q !== this.view.quantity) {
        this.view.quantity = q;
        this.applySelection();
      }
    });
    const options = h('div', { class: 'view-options' }, h('label', {}, `${t.colourBy} `), this.quantitySelect, this.sampleBox);

    // timeline
    this.timeline.setAttribute('aria-label', t.seekTo);
    this.timeline.addEventListener('input', () => (this.timelineLabel.textContent = `${t.iteration} ${this.timeline.value}`));
    this.timeline.addEventListener('change', () => this.seek(Number(this.timeline.value)));

    // gradient check
    const gradButton = h('vscode-button', { class: 'grad-button', secondary: true }, t.gradientCheck);
    gradButton.addEventListener('click', () => this.post({ type: 'gradientCheck' }));

    // export
    this.exportFrom = h('vscode-textfield', { type: 'number', min: 1, value: '1', 'aria-label': t.from, class: 'export-from' }) as VscValue;
    this.exportTo = h('vscode-textfield', { type: 'number', min: 1, value: '1', 'aria-label': t.to, class: 'export-to' }) as VscValue;
    this.exportFormat = h('vscode-single-select', { 'aria-label': t.format, class: 'export-format' }, ...EXPORT_FORMATS.map((f) => h('vscode-option', { value: f }, f))) as VscValue;
    const exportButton = h('vscode-button', { class: 'export-button', secondary: true }, t.export);
    exportButton.addEventListener('click', () => this.doExport());

    this.waiting = h('p', { class: 'waiting muted' }, t.waiting);
    const top = h(
      'div',
      { class: 'top' },
      h('section', { class: 'panel diagram-panel', 'aria-label': t.network }, options, this.diagram.el),
      h('section', { class: 'panel eq-panel', 'aria-label': t.equations }, this.eqHeading, this.eqList),
    );
    const side = h(
      'div',
      { class: 'side' },
      h('section', { class: 'panel' }, h('h2', {}, t.lossCurve), this.chart.el),
      h('section', { class: 'panel' }, h('h2', {}, t.timeline), h('div', { class: 'timeline-row' }, this.timeline, this.timelineLabel), h('div', { class: 'muted small' }, t.stops), this.stopChips),
      h('section', { class: 'panel grad-panel' }, h('h2', {}, t.gradientCheckTitle), gradButton, this.gradStale, this.gradResult),
      h(
        'section',
        { class: 'panel export' },
        h('h2', {}, t.exportTitle),
        h('div', { class: 'export-row' }, h('label', {}, t.from), this.exportFrom, h('label', {}, t.to), this.exportTo, h('label', {}, t.format), this.exportFormat, exportButton),
        this.exportError,
      ),
    );
    this.root.append(h('header', {}, this.heading, this.statusLine, controls), this.waiting, h('div', { class: 'body' }, h('div', { class: 'main-col' }, top, h('h2', { class: 'layers-title' }, t.tables), this.layersBox), side));
    document.body.append(this.root);
    this.heading.textContent = t.title;
    this.root.classList.add('empty');
    this.updateControls();
    queueMicrotask(() => {
      this.quantitySelect.value = this.view.quantity;
      this.exportFormat.value = 'jsonl';
    });

    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    // VS Code switches the theme by changing the body's class: recolour canvases and the chart
    new MutationObserver(() => {
      this.palette = undefined;
      this.chart.rebuild();
      if (this.state) this.renderState();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.post({ type: 'ready' });
  }

  private post(m: FromWebview): void {
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
          this.updateTimeline();
          break;
        case 'gradientCheck':
          this.onGradientCheck(msg.result);
          break;
        case 'ended':
          this.status = 'ended';
          this.updateControls();
          this.updateStatus();
          break;
        case 'running':
          this.status = 'running';
          this.updateControls();
          this.updateStatus();
          break;
        case 'reveal':
          this.reveal(msg.layer);
          break;
        case 'settings':
          if (msg.digits <= 17) this.digits = msg.digits;
          if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(msg.locale)) this.t = strings(msg.locale);
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
    // the host sends the whole state after `ready`, then deltas against it: a delta that does not fit is ignored
    const snapshot = applyDelta(this.raw, delta);
    if (!snapshot) {
      // a delta against a state this page does not have (a message was lost): ask for the whole state again
      if (!this.resyncing) this.post({ type: 'ready' });
      this.resyncing = true;
      return;
    }
    this.resyncing = false;
    // kept even if it does not render: the host's next delta is against it
    this.raw = snapshot;
    const next = toStateView(snapshot);
    if (!next) return;
    const prev = this.state;
    const same = prev && prev.layers.length === next.layers.length && prev.layers.every((l, x) => l.size === next.layers[x].size);
    this.masks.clear();
    for (const layer of next.layers) {
      for (const q of QUANTITIES) {
        const m = layer.q[q];
        if (m) this.masks.set(`${layer.index}:${q}`, same ? changedMask(prev.layers[layer.index].q[q], m, true) : undefined);
      }
    }
    if (!same) this.chart.truncate(0);
    this.state = next;
    // the session stays paused after the last update (stepping back still works); only the host's `ended` ends it
    this.status = snapshot.running === true ? 'running' : 'stopped';
    // Step Into: the selection follows the neuron being formed, whatever was chosen before
    if (next.forming) this.view.pinned = false;
    if (!this.view.pinned || !this.validSelection(next, this.view.sel)) this.view.sel = this.defaultSelection(next);
    this.chart.setShape(next.shape);
    if (this.view.sample >= next.n) this.view.sample = 0;
    if (!prev) {
      this.exportTo.value = String(next.iteration);
      this.exportFrom.value = '1';
    }
    this.renderState();
    const ms = performance.now() - started;
    document.body.dataset.renderMs = ms.toFixed(1);
    window.dispatchEvent(new CustomEvent('backprop:rendered', { detail: { ms } }));
  }

  private validSelection(state: StateView, sel: Selection | undefined): boolean {
    if (!sel || sel.layer >= state.layers.length) return false;
    const layer = state.layers[sel.layer];
    if (sel.kind === 'neuron') return sel.k < layer.size;
    return sel.layer > 0 && sel.j < state.layers[sel.layer - 1].size && sel.k < layer.size;
  }

  private defaultSelection(state: StateView): Selection {
    const k = formingNeuron(state);
    if (state.forming && k !== undefined) return { kind: 'neuron', layer: state.forming.layer, k };
    const L = state.layers.length - 1;
    const l = state.stop && state.stop.phase !== 'update' ? state.stop.layer : L;
    return { kind: 'neuron', layer: l, k: 0 };
  }

  private renderState(): void {
    const state = this.state;
    if (!state) return;
    this.root.classList.remove('empty');
    this.waiting.hidden = true;
    this.heading.textContent = `${this.t.title} — ${state.name}`;
    this.updateStatus();
    this.updateControls();
    this.renderSampleBox(state);
    this.renderLayers(state);
    this.updateTimeline();
    this.chart.setCurrent(state.iteration, state.lossValue !== null);
    this.updateGradStale(state);
    this.applySelection();
  }

  /** Where training stands: the stop and, when stepping into a layer, the sub-step. */
  private stopKey(state: StateView): string {
    const f = state.forming;
    return `${state.iteration}:${state.position}${f ? `:${f.first}:${f.second}` : ''}`;
  }

  private stopText(state: StateView): string {
    const t = this.t;
    const stop = state.stop ? `${t[state.stop.phase]}${state.stop.phase === 'update' ? '' : ` · ${t.layer} ${state.stop.layer}`}` : t.startOfIteration;
    return `${t.iteration} ${state.iteration} · ${stop}`;
  }

  /** Marks the gradient check's results stale when the state is no longer at the stop they were computed at. */
  private updateGradStale(state: StateView): void {
    const stale = this.gradAt !== undefined && this.gradAt.key !== this.stopKey(state);
    this.gradResult.classList.toggle('stale', stale);
    this.gradStale.hidden = !stale;
    this.gradStale.textContent = stale && this.gradAt ? this.t.gradStale(this.gradAt.label) : '';
  }

  private updateStatus(): void {
    const t = this.t;
    const s = this.state;
    if (!s) return;
    const stop = s.stop ? `${t[s.stop.phase]}${s.stop.phase === 'update' ? '' : ` · ${t.layer} ${s.stop.layer}`}` : t.startOfIteration;
    const parts = [
      `${t.iteration} ${s.iteration} ${t.of} ${s.totalIterations}`,
      `${t.epoch} ${s.epoch}`,
      `${t.stopLabel}: ${stop}`,
      `E = ${s.lossValue === null ? '—' : fmt(s.lossValue, this.digits)}`,
      `η = ${fmt(s.eta, this.digits)}`,
      `B = ${s.n} (${s.reduction === 'mean' ? t.reductionMean : t.reductionSum})`,
    ];
    if (this.status === 'running') parts.unshift(t.running);
    if (this.status === 'ended') parts.unshift(t.ended);
    else if (s.finished) parts.unshift(t.finished);
    this.statusLine.textContent = parts.join('  ·  ');
  }

  private updateControls(): void {
    for (const [c, b] of this.buttons) {
      const enabled = this.status === 'stopped' ? c !== 'pause' : this.status === 'running' ? c === 'pause' : false;
      b.disabled = !enabled;
      if (enabled) b.removeAttribute('disabled');
      else b.setAttribute('disabled', '');
    }
  }

  private renderSampleBox(state: StateView): void {
    if (state.n === 1) {
      this.sampleSelectFor = '';
      setChildren(this.sampleBox, h('span', { class: 'muted' }, `${this.t.sample} s = ${state.samples[0]}`));
      return;
    }
    // the same batch as at the stop before (every stop of an iteration): keep the select, whose every
    // rendering measures it (a layout of the whole page, tens of ms with a big network's tables)
    const key = `${this.t.sample} ${state.samples.slice(0, 256).join(',')}`;
    const kept = this.sampleBox.querySelector<VscValue>('vscode-single-select');
    if (kept && key === this.sampleSelectFor) {
      if (kept.value !== String(this.view.sample)) kept.value = String(this.view.sample);
      return;
    }
    this.sampleSelectFor = key;
    const select = h('vscode-single-select', { 'aria-label': this.t.sample, class: 'sample-select' }, ...state.samples.slice(0, 256).map((x, r) => h('vscode-option', { value: String(r) }, `s = ${x} (${r + 1}/${state.n})`))) as VscValue;
    select.addEventListener('change', () => {
      const r = Number(select.value);
      if (isWhole(r, 0, state.n - 1) && r !== this.view.sample) {
        this.view.sample = r;
        this.applySelection();
      }
    });
    setChildren(this.sampleBox, h('label', {}, ` ${this.t.sample} `), select);
    queueMicrotask(() => (select.value = String(this.view.sample)));
  }

  private getPalette(): Palette {
    if (this.palette) return this.palette;
    const css = getComputedStyle(document.body);
    const ctx = document.createElement('canvas').getContext('2d');
    const v = (name: string): string => css.getPropertyValue(name);
    const p = (name: string, fb: [number, number, number]): [number, number, number] => (ctx ? rgb(ctx, v(name), fb) : fb);
    this.palette = {
      bg: p('--vscode-editor-background', [30, 30, 30]),
      pos: p('--vscode-charts-blue', [55, 148, 255]),
      neg: p('--vscode-charts-red', [244, 135, 113]),
      bad: p('--vscode-charts-yellow', [204, 167, 0]),
      focus: v('--vscode-focusBorder').trim() || '#007fd4',
      mark: v('--vscode-charts-orange').trim() || '#d18616',
    };
    return this.palette;
  }

  private renderLayers(state: StateView): void {
    const t = this.t;
    const L = state.layers.length - 1;
    this.matrices = [];
    const sections: HTMLElement[] = [];
    for (const layer of state.layers) {
      const l = layer.index;
      const { self, prev } = letters(l, L);
      const kind = l === 0 ? t.input : l === L ? t.output : t.hidden;
      // the update changes the parameters of every layer but the inputs
      const current = state.stop && (state.stop.phase === 'update' ? l > 0 : state.stop.layer === l);
      const summary = h(
        'summary',
        {},
        h('span', { class: 'layer-name' }, `${t.layer} ${l} · ${kind} ${self}`),
        h('span', { class: 'muted' }, ` · ${l === 0 ? '' : `${layer.activation} · `}${layer.size} ${layer.size === 1 ? t.neuron : t.neurons}`),
        current && state.stop ? h('span', { class: `badge phase-${state.stop.phase}` }, t[state.stop.phase]) : null,
      );
      const cards: HTMLElement[] = [];
      const just = computedAt(state, l);
      for (const q of QUANTITIES) {
        if (l === 0 && q !== 'y') continue;
        const m = layer.q[q];
        const perSample = q === 'u' || q === 'y' || q === 'dy' || q === 'delta';
        const sym = SYMBOL[q];
        const title = h('h3', {}, h('span', { class: 'sym' }, sym), h('span', { class: 'muted small' }, ` ${perSample ? t.rowsSamples : q === 'w' || q === 'dw' ? t.rowsWeights : ''}`));
        let body: HTMLElement;
        if (!m) body = h('p', { class: 'muted small not-computed' }, t.notComputed);
        else {
          const view = matrixView(
            {
              m,
              changed: this.masks.get(`${l}:${q}`),
              label: `${sym}, ${t.layer} ${l}`,
              rowLabel: (r) => (perSample ? `s${state.samples[r] ?? r}` : q === 'w' || q === 'dw' ? `${prev}=${r}` : ''),
              colLabel: (c) => `${self}=${c}`,
              exact: (r, c) => (pendingAt(state, l, q, c) ? t.notComputed : this.exactText(state, l, q, m, r, c)),
              pending: state.forming?.layer === l ? (_r, c) => pendingAt(state, l, q, c) : undefined,
              digits: this.digits,
              zoom: this.view.zoom[`${l}:${q}`] ?? 0,
              onZoom: (z) => {
                this.view.zoom[`${l}:${q}`] = z;
                this.save();
              },
              onPick: (r, c) => this.pick(l, q, r, c),
              zoomIn: t.zoomIn,
              zoomOut: t.zoomOut,
              changedCount: t.changedCount,
            },
            this.tooltip,
            () => this.getPalette(),
          );
          this.matrices.push({ layer: l, q, view });
          body = view.el;
        }
        cards.push(h('div', { class: `card q-${q}${just.includes(q) ? ' just' : ''}`, 'data-layer': l, 'data-q': q }, title, body));
      }
      const details = h('details', { class: `layer${current ? ' current' : ''}`, id: `layer-${l}`, 'data-layer': l, open: !this.view.closed.includes(l) }, summary, h('div', { class: 'cards' }, ...cards));
      details.addEventListener('toggle', () => {
        this.view.closed = this.view.closed.filter((x) => x !== l);
        if (!details.open) this.view.closed.push(l);
        this.save();
      });
      sections.push(details);
    }
    setChildren(this.layersBox, ...sections);
  }

  private exactText(state: StateView, l: number, q: Quantity, m: Mat, r: number, c: number): string {
    const L = state.layers.length - 1;
    const { self, prev } = letters(l, L);
    const v = m.data[r * m.cols + c];
    const sym = SYMBOL[q];
    if (q === 'w' || q === 'dw') return `${sym}_${prev}${self}  ${prev}=${r}, ${self}=${c}\n${v}`;
    if (q === 'b' || q === 'db') return `${sym}_${self}  ${self}=${c}\n${v}`;
    return `${sym}_${self}  s=${state.samples[r] ?? r}, ${self}=${c}\n${v}`;
  }

  private pick(l: number, q: Quantity, r: number, c: number): void {
    if (q === 'w' || q === 'dw') this.select({ kind: 'weight', layer: l, j: r, k: c });
    else if (q === 'b' || q === 'db') this.select({ kind: 'neuron', layer: l, k: c });
    else {
      this.view.sample = r;
      this.select({ kind: 'neuron', layer: l, k: c });
      const select = this.sampleBox.querySelector('vscode-single-select') as VscValue | null;
      if (select) select.value = String(r);
    }
  }

  private select(sel: Selection): void {
    if (!this.state || !this.validSelection(this.state, sel)) return;
    this.view.sel = sel;
    this.view.pinned = true;
    this.applySelection();
  }

  /** Redraws what depends on the selection: diagram, equations, outlined cells (saves the view state). */
  private applySelection(): void {
    this.save();
    const state = this.state;
    if (!state) return;
    const sel = this.view.sel;
    const s = this.view.sample;
    this.diagram.render(state, this.view.quantity, s, sel, this.digits, this.t);
    for (const { layer, q, view } of this.matrices) {
      let cell: [number, number] | undefined;
      if (sel && sel.layer === layer) {
        if (sel.kind === 'weight' && (q === 'w' || q === 'dw')) cell = [sel.j, sel.k];
        else if (sel.kind === 'neuron' && (q === 'b' || q === 'db')) cell = [0, sel.k];
        else if (sel.kind === 'neuron' && (q === 'u' || q === 'y' || q === 'dy' || q === 'delta')) cell = [s, sel.k];
      }
      view.setSelected(cell);
    }
    this.renderEquations(state, sel, s);
  }

  private renderEquations(state: StateView, sel: Selection | undefined, s: number): void {
    const t = this.t;
    if (!sel) {
      this.eqHeading.textContent = t.equations;
      setChildren(this.eqList, h('p', { class: 'muted' }, t.selectHint));
      return;
    }
    const L = state.layers.length - 1;
    const { self, prev } = letters(sel.layer, L);
    const kind = sel.layer === 0 ? t.input : sel.layer === L ? t.output : t.hidden;
    const sample = state.n > 1 ? ` · ${t.sample} s = ${state.samples[s] ?? s}` : '';
    this.eqHeading.textContent =
      sel.kind === 'neuron'
        ? `${t.equations}: ${t.layer} ${sel.layer} (${kind}) · ${t.neuron} ${self} = ${sel.k}${sample}`
        : `${t.equations}: ${t.layer} ${sel.layer} · w_${prev}${self}: ${prev} = ${sel.j}, ${self} = ${sel.k}`;
    const lines = equations(formedFor(state, sel), sel, s, this.digits, t);
    const items = lines.map((e) => {
      const math = h('span', { class: 'math' });
      try {
        katex.render(e.tex, math, { throwOnError: false, displayMode: false, output: 'htmlAndMathml' });
      } catch {
        math.textContent = e.tex;
      }
      return h('div', { class: `eq eq-${e.quantity}`, 'data-quantity': e.quantity }, math, e.note ? h('span', { class: 'note muted small' }, e.note) : null);
    });
    if (sel.layer === 0) items.push(h('p', { class: 'muted small' }, t.inputNeuron));
    setChildren(this.eqList, ...items);
  }

  private updateTimeline(): void {
    const state = this.state;
    if (!state) return;
    const t = this.t;
    this.timeline.max = String(state.totalIterations);
    this.timeline.value = String(state.iteration);
    this.timelineLabel.textContent = `${t.iteration} ${state.iteration} ${t.of} ${state.totalIterations}`;
    const chips: HTMLElement[] = [];
    const chip = (p: number, label: string, aria: string): HTMLElement => {
      const b = h('button', { type: 'button', class: `chip${p === state.position ? ' current' : ''}`, 'aria-label': aria, title: aria, 'aria-current': p === state.position ? 'step' : undefined, 'data-position': p }, label);
      b.addEventListener('click', () => this.post({ type: 'seek', iteration: state.iteration, position: p }));
      return b;
    };
    chips.push(chip(0, '0', t.startOfIteration));
    state.stops.forEach((stop, x) => {
      const label = stop.phase === 'forward' ? `→${stop.layer}` : stop.phase === 'backward' ? `←${stop.layer}` : stop.phase === 'loss' ? 'E' : 'w←';
      chips.push(chip(x + 1, label, `${t[stop.phase]}${stop.phase === 'update' ? '' : ` ${t.layer} ${stop.layer}`}`));
    });
    setChildren(this.stopChips, ...chips);
  }

  private seek(iteration: number): void {
    const s = this.state;
    if (!s || !isWhole(iteration, 1, s.totalIterations)) return;
    this.post({ type: 'seek', iteration });
  }

  private onGradientCheck(result: GradientCheckResult): void {
    const t = this.t;
    const entries = result.entries;
    if (entries.length > 1_000_000 || !entries.every(validEntry)) return;
    if (!isWhole(result.checked, 0) || !isWhole(result.total, 0)) return;
    const sorted = [...entries].sort((a, b) => (b.relativeError > a.relativeError || Number.isNaN(b.relativeError) ? 1 : -1));
    const worst = sorted[0];
    const d = this.digits;
    // the host checks at the stop it stands at when asked: the state shown now
    this.gradAt = this.state ? { key: this.stopKey(this.state), label: this.stopText(this.state) } : undefined;
    if (this.state) this.updateGradStale(this.state);
    if (!worst) {
      setChildren(this.gradResult, h('p', { class: 'muted' }, t.checked(result.checked, result.total)));
      return;
    }
    const err = worst.relativeError;
    const verdict = err <= 1e-6 ? ['ok', t.gradOk] : err <= 1e-3 ? ['doubtful', t.gradDoubtful] : ['wrong', t.gradWrong];
    const L = this.state ? this.state.layers.length - 1 : 0;
    const name = (e: GradientCheckEntry): string => {
      const { self, prev } = letters(e.layer, L);
      return e.quantity === 'dw' ? `∂w_${prev}${self} [${e.j}][${e.k}] · ${t.layer} ${e.layer}` : `∂b_${self} [${e.k}] · ${t.layer} ${e.layer}`;
    };
    const rows = sorted.slice(0, 8).map((e) => h('tr', {}, h('th', { scope: 'row' }, name(e)), h('td', {}, fmt(e.analytic, d + 2)), h('td', {}, fmt(e.numeric, d + 2)), h('td', {}, fmt(e.relativeError, 3))));
    setChildren(
      this.gradResult,
      h('p', { class: `verdict ${verdict[0]}` }, `${t.worst}: `, h('strong', { class: 'worst-error' }, fmt(err, 3)), ` — ${verdict[1]} (${name(worst)})`),
      h('p', { class: 'muted small' }, t.checked(result.checked, result.total)),
      h('table', { class: 'grad-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.parameter), h('th', { scope: 'col' }, t.analytic), h('th', { scope: 'col' }, t.numeric), h('th', { scope: 'col' }, t.relError))), h('tbody', {}, ...rows)),
    );
  }

  private doExport(): void {
    const from = Number(this.exportFrom.value);
    const to = Number(this.exportTo.value);
    const format = this.exportFormat.value as ExportFormat;
    const max = this.state?.totalIterations ?? Number.MAX_SAFE_INTEGER;
    const ok = isWhole(from, 1, max) && isWhole(to, from, max) && EXPORT_FORMATS.includes(format);
    this.exportError.hidden = ok;
    this.exportError.textContent = ok ? '' : this.t.exportInvalid;
    if (ok) this.post({ type: 'export', from, to, format });
  }

  private reveal(layer: number): void {
    const state = this.state;
    if (!state || layer >= state.layers.length) return;
    const section = this.layersBox.querySelector<HTMLDetailsElement>(`details[data-layer="${layer}"]`);
    if (section) {
      section.open = true;
      section.scrollIntoView({ block: 'start' });
      section.querySelector('summary')?.focus();
    }
    if (this.view.sel?.layer !== layer) this.select({ kind: 'neuron', layer, k: 0 });
  }
}
