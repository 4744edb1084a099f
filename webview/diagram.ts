// The network diagram (SVG): neurons as nodes, connections as edges, coloured and sized by the chosen
// quantity (y or δ on the nodes, w or ∂w on the edges, or the edges by the step the update applied),
// the current stop's layer and phase highlighted, neurons that dropout dropped for the sample dashed. Hover shows exact values, click or Enter selects, arrow keys move between neurons.
// Layers with more neurons than fit show the first and last few and an ellipsis (the heatmaps show all).
// Imports the DOM helpers, the model and the engine's quantities only.

import { s, Tooltip } from './dom';
import { letters, type Selection } from './equations';
import { fmt } from './format';
import type { Strings } from './i18n';
import { maxAbs, pendingAt, type LayerView, type Mat, type StateView } from './model';
import { stepAt } from './updateEquations';
import { PER_SAMPLE, SYMBOL, type Quantity } from '../src/engine/quantities';

export type DiagramQuantity = 'y' | 'delta' | 'w' | 'dw';

/** neurons drawn per layer at most; larger layers show the first FIRST, an ellipsis and the last LAST */
const MAX_SHOWN = 12;
const FIRST = 9;
const LAST = 2;

/** The neuron indices drawn for a layer of `size` neurons; -1 marks the ellipsis. Pure. */
export function shownNeurons(size: number): number[] {
  if (size <= MAX_SHOWN) return Array.from({ length: size }, (_, k) => k);
  return [...Array.from({ length: FIRST }, (_, k) => k), -1, ...Array.from({ length: LAST }, (_, x) => size - LAST + x)];
}

function sign(v: number): string {
  if (!Number.isFinite(v)) return 'bad';
  return v > 0 ? 'pos' : v < 0 ? 'neg' : 'zero';
}

/** The step the update applied to layer l's weights (fan-in × fan-out), once done; undefined before. Pure. */
export function stepMatrix(state: StateView, l: number): Mat | undefined {
  const w = state.layers[l].q.w;
  if (!w || l === 0 || stepAt(state, l, 'w', 0) === undefined) return undefined;
  const data = new Float64Array(w.data.length);
  for (let x = 0; x < data.length; x++) data[x] = stepAt(state, l, 'w', x) ?? NaN;
  return { rows: w.rows, cols: w.cols, data };
}

/** Dropout's mask value (0 or 1) of neuron k of layer l for sample s, undefined without dropout or before it is drawn. Pure. */
export function maskAt(state: StateView, l: number, s: number, k: number): number | undefined {
  const m = state.dropout?.masks[l];
  return m && s < m.rows && k < m.cols ? m.data[s * m.cols + k] : undefined;
}

function layerName(words: Strings, l: number, L: number): string {
  return l === 0 ? words.input : l === L ? words.output : words.hidden;
}

export class Diagram {
  readonly el: SVGSVGElement;
  private focusKey = '';
  private width = 0;
  private again: (() => void) | undefined;

  constructor(
    private readonly tooltip: Tooltip,
    private readonly onSelect: (sel: Selection) => void,
  ) {
    this.el = s('svg', { class: 'diagram', role: 'group' });
    // drawn at the panel's own width, so that text keeps its size: redraw when that changes
    new ResizeObserver(() => {
      if (Math.abs(this.measure() - this.width) > 16) this.again?.();
    }).observe(this.el);
  }

  private measure(): number {
    const w = this.el.parentElement?.clientWidth ?? 0;
    return w > 0 ? Math.max(320, w - 26) : 560;
  }

  /** Redraws the whole diagram for a state (mutates the SVG only). */
  render(state: StateView, quantity: DiagramQuantity, sample: number, sel: Selection | undefined, digits: number, words: Strings, stepEdges = false): void {
    this.again = () => this.render(state, quantity, sample, sel, digits, words, stepEdges);
    const WIDTH = (this.width = this.measure());
    const layers = state.layers;
    const L = layers.length - 1;
    const shown = layers.map((l) => shownNeurons(l.size));
    const rows = Math.max(...shown.map((x) => x.length));
    const top = 44;
    const spacing = Math.max(24, Math.min(84, 340 / rows));
    const height = top + rows * spacing + 14;
    const margin = 70;
    const xOf = (l: number): number => margin + (l * (WIDTH - 2 * margin)) / L;
    const yOf = (l: number, x: number): number => top + spacing / 2 + (rows - shown[l].length) * (spacing / 2) + x * spacing;
    const r = Math.max(7, Math.min(17, spacing * 0.3));
    const showValues = rows <= 6;
    this.el.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
    this.el.setAttribute('aria-label', `${words.network}: ${layers.map((l) => l.size).join('-')}`);
    const nodeQ = quantity === 'y' || quantity === 'delta' ? quantity : 'y';
    const edgeQ = quantity === 'w' || quantity === 'dw' ? quantity : 'w';
    // the step colours the edges instead of the quantity when asked (and known: at the update stop)
    const steps = stepEdges ? layers.map((_, l) => (l > 0 ? stepMatrix(state, l) : undefined)) : [];
    const byStep = steps.some((m) => m !== undefined);
    const edgeColoured = byStep || quantity === 'w' || quantity === 'dw';
    // one scale over every layer: how the optimizer spreads its steps across the layers is the point
    const stepMax = Math.max(0, ...steps.map((m) => (m ? maxAbs(m.data) : 0))) || 1;
    const children: SVGElement[] = [];

    // the current stop: a band behind its layer (the update touches every layer)
    const stop = state.stop;
    if (stop) {
      // Step Into at the update: the band on the layer it has just updated
      const updating = stop.phase === 'update' ? (state.optimizer?.updating ?? null) : null;
      const from = updating ?? (stop.phase === 'update' ? 1 : stop.layer);
      const to = updating ?? (stop.phase === 'update' ? L : stop.layer);
      const x0 = xOf(from) - 34;
      const x1 = xOf(to) + 34;
      const arrow = stop.phase === 'forward' ? ' →' : stop.phase === 'backward' ? ' ←' : '';
      children.push(s('rect', { class: `stop-band phase-${stop.phase}`, x: x0, y: 20, width: x1 - x0, height: height - 24, rx: 6 }));
      children.push(s('text', { class: `stop-label phase-${stop.phase}`, x: (x0 + x1) / 2, y: 14, 'text-anchor': 'middle' }, `${words[stop.phase]}${arrow}`));
    }

    // edges: one line per pair of drawn neurons
    const edges = s('g', { class: 'edges' });
    for (let l = 1; l <= L; l++) {
      const layer = layers[l];
      const m = byStep ? steps[l] : (layer.q[edgeQ] ?? (edgeQ === 'dw' ? undefined : layer.q.w));
      const max = byStep ? stepMax : m ? maxAbs(m.data) || 1 : 1;
      for (const [jx, j] of shown[l - 1].entries()) {
        if (j < 0) continue;
        for (const [kx, k] of shown[l].entries()) {
          if (k < 0) continue;
          const v = m ? m.data[j * m.cols + k] : NaN;
          const a = m && Number.isFinite(v) ? Math.abs(v) / max : 0;
          const selected = sel?.kind === 'weight' && sel.layer === l && sel.j === j && sel.k === k;
          // the weights into the selected neuron: their ∂w_jk = y_j δ_k are among its equations
          const incoming = sel?.kind === 'neuron' && sel.layer === l && sel.k === k;
          const cls = `edge ${edgeColoured && m ? sign(v) : 'plain'}${selected ? ' selected' : incoming ? ' incoming' : ''}`;
          const line = s('line', {
            class: cls,
            x1: xOf(l - 1) + r,
            y1: yOf(l - 1, jx),
            x2: xOf(l) - r,
            y2: yOf(l, kx),
            'stroke-width': (0.6 + 3.4 * a).toFixed(2),
            'stroke-opacity': edgeColoured && m ? (0.25 + 0.75 * a).toFixed(2) : '0.5',
            'data-layer': l,
            'data-j': j,
            'data-k': k,
          });
          const hit = s('line', { class: 'edge-hit', x1: xOf(l - 1) + r, y1: yOf(l - 1, jx), x2: xOf(l) - r, y2: yOf(l, kx), 'data-layer': l, 'data-j': j, 'data-k': k });
          const text = (): string => {
            const w = layer.q.w?.data[j * layer.size + k];
            const dw = layer.q.dw?.data[j * layer.size + k];
            const { self, prev } = letters(l, L);
            const step = stepAt(state, l, 'w', j * layer.size + k);
            return `w_${prev}${self} [${j}][${k}] = ${w ?? '—'}${dw !== undefined ? `   ∂w = ${dw}` : ''}${step !== undefined ? `   step = ${step}` : ''}`;
          };
          hit.addEventListener('mouseenter', (e) => this.tooltip.show(text(), e.clientX, e.clientY));
          hit.addEventListener('mousemove', (e) => this.tooltip.show(text(), e.clientX, e.clientY));
          hit.addEventListener('mouseleave', () => this.tooltip.hide());
          hit.addEventListener('click', () => this.onSelect({ kind: 'weight', layer: l, j, k }));
          edges.append(line, hit);
        }
      }
    }
    children.push(edges);

    // nodes
    const nodes = s('g', { class: 'nodes' });
    const focusables: SVGGElement[] = [];
    for (let l = 0; l <= L; l++) {
      const layer = layers[l];
      const m = layer.q[nodeQ];
      const max = m ? maxAbs(m.data.subarray(sample * layer.size, (sample + 1) * layer.size)) || 1 : 1;
      const x = xOf(l);
      const { self } = letters(l, L);
      const labelCls = `layer-label${stop && (stop.phase === 'update' ? l > 0 : stop.layer === l) ? ' current' : ''}`;
      nodes.append(s('text', { class: labelCls, x, y: 34, 'text-anchor': 'middle' }, `${layerName(words, l, L)} ${self} (${layer.size})`));
      for (const [kx, k] of shown[l].entries()) {
        const y = yOf(l, kx);
        if (k < 0) {
          const more = layer.size - FIRST - LAST;
          const dots = s('text', { class: 'ellipsis', x, y: y + 4, 'text-anchor': 'middle' }, '⋮');
          dots.addEventListener('mouseenter', (e) => this.tooltip.show(`${more} …`, e.clientX, e.clientY));
          dots.addEventListener('mouseleave', () => this.tooltip.hide());
          nodes.append(dots);
          continue;
        }
        const pending = pendingAt(state, l, nodeQ, k);
        const v = m && sample < state.n && !pending ? m.data[sample * layer.size + k] : NaN;
        const a = m && Number.isFinite(v) ? Math.abs(v) / max : 0;
        const selected = sel?.kind === 'neuron' && sel.layer === l && sel.k === k;
        const key = `${l}:${k}`;
        const mask = maskAt(state, l, sample, k);
        const g = s('g', {
          class: `node${selected ? ' selected' : ''}${mask === 0 ? ' dropped' : ''}`,
          tabindex: -1,
          role: 'button',
          'aria-pressed': selected ? 'true' : 'false',
          'aria-label': `${layerName(words, l, L)} ${self}=${k}: ${describe(layer, sample, k, state.n, digits, (q, c) => pendingAt(state, l, q, c))}`,
          'data-layer': l,
          'data-k': k,
        });
        g.append(
          s('circle', { class: `node-fill ${m && !pending ? sign(v) : 'none'}`, cx: x, cy: y, r, 'fill-opacity': (0.12 + 0.88 * a).toFixed(2) }),
          s('circle', { class: 'node-ring', cx: x, cy: y, r }),
          s('text', { class: 'node-index', x, y: y + 4, 'text-anchor': 'middle' }, String(k)),
        );
        if (showValues && m && !pending) {
          g.append(s('text', { class: 'node-value', x: l === L ? x + r + 4 : x, y: l === L ? y + 4 : y - r - 4, 'text-anchor': l === L ? 'start' : 'middle' }, `${SYMBOL[nodeQ]} ${fmt(v, digits)}`));
        }
        const dropout = mask === undefined ? '' : `\nmask = ${mask}${mask === 0 ? ` (${words.dropped})` : ''}, p = ${state.dropout?.p[l]}`;
        const text = (): string => `${layerName(words, l, L)} ${self}=${k} · ${words.sample} ${state.samples[sample] ?? sample}\n${describeExact(layer, sample, k, (q, c) => pendingAt(state, l, q, c))}${dropout}`;
        g.addEventListener('mouseenter', (e) => this.tooltip.show(text(), e.clientX, e.clientY));
        g.addEventListener('mouseleave', () => this.tooltip.hide());
        g.addEventListener('click', () => {
          this.focusKey = key;
          this.onSelect({ kind: 'neuron', layer: l, k });
        });
        g.addEventListener('focus', () => {
          if (g.matches(':focus-visible')) this.tooltip.showAt(text(), g);
        });
        g.addEventListener('blur', () => this.tooltip.hide());
        g.addEventListener('keydown', (e) => this.key(e, state, shown, l, kx));
        nodes.append(g);
        focusables.push(g);
      }
    }
    children.push(nodes);
    const hadFocus = this.el.contains(document.activeElement);
    this.el.replaceChildren(...children);
    this.fit(WIDTH, height);
    // roving tabindex: one node is reachable by Tab, the arrows move from there
    const wanted = sel?.kind === 'neuron' ? `${sel.layer}:${sel.k}` : this.focusKey;
    const target = focusables.find((g) => `${g.dataset.layer}:${g.dataset.k}` === wanted) ?? focusables[0];
    if (target) {
      target.setAttribute('tabindex', '0');
      if (hadFocus) target.focus();
    }
  }

  /** Widens the view box to whatever was drawn beyond it (long values beside the output layer), so no label is clipped. */
  private fit(width: number, height: number): void {
    if (!this.el.isConnected) return;
    let box: DOMRect;
    try {
      box = this.el.getBBox();
    } catch {
      return;
    }
    const x0 = Math.min(0, Math.floor(box.x) - 2);
    const y0 = Math.min(0, Math.floor(box.y) - 2);
    const x1 = Math.max(width, Math.ceil(box.x + box.width) + 2);
    const y1 = Math.max(height, Math.ceil(box.y + box.height) + 2);
    if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) this.el.setAttribute('viewBox', `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
  }

  private key(e: KeyboardEvent, state: StateView, shown: number[][], l: number, kx: number): void {
    const L = state.layers.length - 1;
    let nl = l;
    let nx = kx;
    switch (e.key) {
      case 'ArrowUp':
        nx = kx - 1;
        break;
      case 'ArrowDown':
        nx = kx + 1;
        break;
      case 'ArrowLeft':
        nl = l - 1;
        break;
      case 'ArrowRight':
        nl = l + 1;
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.onSelect({ kind: 'neuron', layer: l, k: shown[l][kx] });
        return;
      default:
        return;
    }
    e.preventDefault();
    if (nl < 0 || nl > L) return;
    if (nl !== l) nx = Math.min(Math.round((kx / Math.max(1, shown[l].length - 1)) * (shown[nl].length - 1)), shown[nl].length - 1);
    if (nx < 0 || nx >= shown[nl].length) return;
    if (shown[nl][nx] < 0) nx += e.key === 'ArrowUp' ? -1 : 1;
    const k = shown[nl][nx];
    if (k === undefined || k < 0) return;
    this.focusKey = `${nl}:${k}`;
    this.onSelect({ kind: 'neuron', layer: nl, k });
  }
}

/** Whether quantity q of neuron k is not formed yet (Step Into): such values are not described. */
type Hidden = (q: Quantity, k: number) => boolean;

function describe(layer: LayerView, sample: number, k: number, n: number, digits: number, hidden: Hidden): string {
  const parts: string[] = [];
  for (const q of ['u', 'y', 'delta'] as const) {
    const m = layer.q[q];
    if (m && sample < n && !hidden(q, k)) parts.push(`${SYMBOL[q]} = ${fmt(m.data[sample * layer.size + k], digits)}`);
  }
  return parts.join(', ');
}

function describeExact(layer: LayerView, sample: number, k: number, hidden: Hidden): string {
  const parts: string[] = [];
  for (const q of PER_SAMPLE) {
    const m = layer.q[q];
    if (m && !hidden(q, k)) parts.push(`${SYMBOL[q]} = ${m.data[sample * layer.size + k]}`);
  }
  for (const q of ['b', 'db'] as const) {
    const m = layer.q[q];
    if (m && !hidden(q, k)) parts.push(`${SYMBOL[q]} = ${m.data[k]}`);
  }
  return parts.join('\n');
}
