// The tables: per layer, a card for each quantity (u, y, ∂y, δ, w, ∂w, b, ∂b) with its matrix as a
// table or heatmap (matrixView.ts), changed entries marked, what the last stop computed outlined.
// Picking a cell selects its neuron or weight; the selection is outlined in every table. When a student's
// trace is compared, their numbers stand under the engine's (the differing cells marked), and a banner
// says where the trace first differs, with the notes' equation and the engine's numbers.

import { h, setChildren, type Tooltip } from '../dom';
import { letters, type Selection } from '../equations';
import { matrixView, rgb, type MatrixOptions, type MatrixView, type Palette } from '../matrixView';
import { changedMask, pendingAt, type Mat, type StateView } from '../model';
import type { ViewState } from '../viewState';
import { COMPUTED_BY, isPerSample, isWeightLike, QUANTITIES, SYMBOL, type Quantity } from '../../src/engine/quantities';
import type { Page } from './page';

/** A student's trace at this stop, as the state's `compare` carries it (src/protocol/snapshot.ts CompareSnapshot), checked. */
export interface TraceCells {
  readonly sentence: string;
  /** this stop is the first difference */
  readonly here: boolean;
  readonly where?: string;
  readonly equation?: string;
  /** by `${layer}:${quantity}`: the student's numbers (row-major) and the indices that differ */
  readonly cells: ReadonlyMap<string, { readonly values: Float64Array; readonly differs: ReadonlySet<number> }>;
}

const NAMED: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Reads the state's `compare` field; undefined when absent or malformed (nothing of it is shown then). Pure. */
export function traceCellsOf(raw: unknown): TraceCells | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const c = raw as Record<string, unknown>;
  if (typeof c.sentence !== 'string' || !Array.isArray(c.yours)) return undefined;
  const first = typeof c.first === 'object' && c.first !== null ? (c.first as Record<string, unknown>) : undefined;
  const cells = new Map<string, { values: Float64Array; differs: ReadonlySet<number> }>();
  for (const y of c.yours as unknown[]) {
    const e = y as { layer?: unknown; quantity?: unknown; values?: unknown; differs?: unknown };
    if (typeof e !== 'object' || e === null || !Number.isInteger(e.layer) || !QUANTITIES.includes(e.quantity as Quantity) || !Array.isArray(e.values) || !Array.isArray(e.differs)) continue;
    const values = Float64Array.from(e.values as unknown[], (v) => (typeof v === 'number' ? v : typeof v === 'string' && v in NAMED ? NAMED[v] : NaN));
    cells.set(`${e.layer as number}:${e.quantity as string}`, { values, differs: new Set((e.differs as unknown[]).filter((x): x is number => Number.isInteger(x))) });
  }
  return {
    sentence: c.sentence.slice(0, 500),
    here: c.here === true,
    where: typeof first?.where === 'string' ? first.where : undefined,
    equation: typeof first?.equation === 'string' ? first.equation : undefined,
    cells,
  };
}

/** Which quantities the stop done last computed (they are outlined as "just computed"). Pure. */
export function computedAt(state: StateView, l: number): readonly Quantity[] {
  const stop = state.stop;
  if (!stop) return [];
  const here = stop.phase === 'update' ? l > 0 : stop.layer === l;
  return here ? COMPUTED_BY[stop.phase] : [];
}

/** The cell of quantity q of `layer` that the selection (at sample s) falls on, if any. Pure. */
export function selectedCell(sel: Selection | undefined, s: number, layer: number, q: Quantity): [number, number] | undefined {
  if (!sel || sel.layer !== layer) return undefined;
  if (sel.kind === 'weight') return isWeightLike(q) ? [sel.j, sel.k] : undefined;
  if (q === 'b' || q === 'db') return [0, sel.k];
  return isPerSample(q) ? [s, sel.k] : undefined;
}

export class Tables {
  readonly el = h('div', { class: 'layers' });
  /** which entries changed since the stop before, by `${layer}:${quantity}` */
  private readonly masks = new Map<string, Uint8Array | undefined>();
  private matrices: { layer: number; q: Quantity; view: MatrixView }[] = [];
  private palette: Palette | undefined;
  private trace: TraceCells | undefined;

  constructor(
    private readonly page: Page,
    private readonly view: ViewState,
    private readonly tooltip: Tooltip,
    private readonly save: () => void,
    /** a cell was picked: its quantity, row and column */
    private readonly onPick: (l: number, q: Quantity, r: number, c: number) => void,
  ) {}

  /** Marks what changed from `prev` to `next` (nothing when the network's shape differs). */
  compare(prev: StateView | undefined, next: StateView): void {
    const same = prev && prev.layers.length === next.layers.length && prev.layers.every((l, x) => l.size === next.layers[x].size);
    this.masks.clear();
    for (const layer of next.layers) {
      for (const q of QUANTITIES) {
        const m = layer.q[q];
        if (m) this.masks.set(`${layer.index}:${q}`, same ? changedMask(prev.layers[layer.index].q[q], m, true) : undefined);
      }
    }
  }

  /** The student's trace at this stop (the state's `compare`), shown by the next render. */
  setTrace(raw: unknown): void {
    this.trace = traceCellsOf(raw);
  }

  /** The theme changed: the heatmaps' colours are read again. */
  forgetPalette(): void {
    this.palette = undefined;
  }

  /** Outlines the selection's cell in every table (at sample s for the per-sample quantities). */
  setSelected(sel: Selection | undefined, s: number): void {
    for (const { layer, q, view } of this.matrices) view.setSelected(selectedCell(sel, s, layer, q));
  }

  /** Opens layer l's section, scrolls to it and focuses its summary. */
  reveal(layer: number): void {
    const section = this.el.querySelector<HTMLDetailsElement>(`details[data-layer="${layer}"]`);
    if (section) {
      section.open = true;
      section.scrollIntoView({ block: 'start' });
      section.querySelector('summary')?.focus();
    }
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

  render(state: StateView): void {
    const words = this.page.words;
    const L = state.layers.length - 1;
    this.matrices = [];
    const sections: HTMLElement[] = [];
    for (const layer of state.layers) {
      const l = layer.index;
      const { self, prev } = letters(l, L);
      const kind = l === 0 ? words.input : l === L ? words.output : words.hidden;
      // the update changes the parameters of every layer but the inputs
      const current = state.stop && (state.stop.phase === 'update' ? l > 0 : state.stop.layer === l);
      const summary = h(
        'summary',
        {},
        h('span', { class: 'layer-name' }, `${words.layer} ${l} · ${kind} ${self}`),
        h('span', { class: 'muted' }, ` · ${l === 0 ? '' : `${layer.activation} · `}${layer.size} ${layer.size === 1 ? words.neuron : words.neurons}`),
        current && state.stop ? h('span', { class: `badge phase-${state.stop.phase}` }, words[state.stop.phase]) : null,
      );
      const cards: HTMLElement[] = [];
      const just = computedAt(state, l);
      for (const q of QUANTITIES) {
        if (l === 0 && q !== 'y') continue;
        const m = layer.q[q];
        const perSample = isPerSample(q);
        const sym = SYMBOL[q];
        const title = h('h3', {}, h('span', { class: 'sym' }, sym), h('span', { class: 'muted small' }, ` ${perSample ? words.rowsSamples : isWeightLike(q) ? words.rowsWeights : ''}`));
        let body: HTMLElement;
        if (!m) body = h('p', { class: 'muted small not-computed' }, words.notComputed);
        else {
          const view = matrixView(
            {
              m,
              changed: this.masks.get(`${l}:${q}`),
              label: `${sym}, ${words.layer} ${l}`,
              rowLabel: (r) => (perSample ? `s${state.samples[r] ?? r}` : isWeightLike(q) ? `${prev}=${r}` : ''),
              colLabel: (c) => `${self}=${c}`,
              exact: (r, c) => (pendingAt(state, l, q, c) ? words.notComputed : exactText(state, l, q, m, r, c)),
              pending: state.forming?.layer === l ? (_r, c) => pendingAt(state, l, q, c) : undefined,
              yours: this.yoursOf(l, q, m.rows * m.cols, m.cols),
              digits: this.page.digits,
              zoom: this.view.zoom[`${l}:${q}`] ?? 0,
              onZoom: (z) => {
                this.view.zoom[`${l}:${q}`] = z;
                this.save();
              },
              onPick: (r, c) => this.onPick(l, q, r, c),
              zoomIn: words.zoomIn,
              zoomOut: words.zoomOut,
              changedCount: words.changedCount,
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
    setChildren(this.el, ...[this.banner()].filter((x): x is HTMLElement => x !== undefined), ...sections);
  }

  /** The student's numbers of quantity q of layer l, when the trace holds them all for this stop. */
  private yoursOf(l: number, q: Quantity, cells: number, cols: number): MatrixOptions['yours'] {
    const t = this.trace?.cells.get(`${l}:${q}`);
    if (!t || t.values.length !== cells) return undefined;
    const words = this.page.words;
    return { at: (r, c) => t.values[r * cols + c], differs: (r, c) => t.differs.has(r * cols + c), label: words.yours, differsLabel: words.traceDiffers, count: words.differCount };
  }

  /** Where the trace stands: the first difference here (with its equation), or the summary. */
  private banner(): HTMLElement | undefined {
    const t = this.trace;
    if (!t) return undefined;
    const words = this.page.words;
    if (t.here && t.where) {
      return h('div', { class: 'trace-banner here', role: 'status' }, h('strong', {}, words.traceDiffersHere(t.where)), t.equation ? h('p', { class: 'trace-equation' }, t.equation) : null, h('p', { class: 'muted small' }, t.sentence));
    }
    return h('div', { class: 'trace-banner', role: 'status' }, h('strong', {}, `${words.yourTrace}: `), t.sentence);
  }
}

/** A cell's name and its exact value, for the tooltip: "δ_k  s=3, k=1\n0.138…". Pure. */
export function exactText(state: StateView, l: number, q: Quantity, m: Mat, r: number, c: number): string {
  const { self, prev } = letters(l, state.layers.length - 1);
  const v = m.data[r * m.cols + c];
  const sym = SYMBOL[q];
  if (isWeightLike(q)) return `${sym}_${prev}${self}  ${prev}=${r}, ${self}=${c}\n${v}`;
  if (q === 'b' || q === 'db') return `${sym}_${self}  ${self}=${c}\n${v}`;
  return `${sym}_${self}  s=${state.samples[r] ?? r}, ${self}=${c}\n${v}`;
}
