// The network panel: the diagram (diagram.ts) with its view options — which quantity colours it, whether
// the edges show the step the update applied instead and, for a batch, which sample it shows.

import { Diagram, type DiagramQuantity } from '../diagram';
import { h, setChildren, type Tooltip } from '../dom';
import type { Selection } from '../equations';
import type { StateView } from '../model';
import { DIAGRAM_QUANTITIES, type ViewState } from '../viewState';
import { isWhole } from '../../src/protocol/messages';
import { SYMBOL } from '../../src/engine/quantities';
import type { Page, VscValue } from './page';

export class DiagramPanel {
  readonly el: HTMLElement;
  private readonly diagram: Diagram;
  private readonly quantitySelect: VscValue;
  private readonly sampleBox = h('span', { class: 'sample-box' });
  private readonly stepBox: HTMLInputElement;
  /** the sample names and language the sample select was built for */
  private sampleSelectFor = '';

  constructor(
    private readonly page: Page,
    private readonly view: ViewState,
    tooltip: Tooltip,
    onSelect: (sel: Selection) => void,
    /** the quantity or the sample changed (already in `view`) */
    private readonly onViewChange: () => void,
  ) {
    const words = page.words;
    this.diagram = new Diagram(tooltip, onSelect);
    this.quantitySelect = h('vscode-single-select', { class: 'quantity', 'aria-label': words.colourBy }, ...DIAGRAM_QUANTITIES.map((q) => h('vscode-option', { value: q }, SYMBOL[q]))) as VscValue;
    this.quantitySelect.addEventListener('change', () => {
      const q = this.quantitySelect.value as DiagramQuantity;
      if (DIAGRAM_QUANTITIES.includes(q) && q !== this.view.quantity) {
        this.view.quantity = q;
        this.onViewChange();
      }
    });
    this.stepBox = h('input', { type: 'checkbox', class: 'step-edges' }) as HTMLInputElement;
    this.stepBox.checked = this.view.stepEdges === true;
    this.stepBox.addEventListener('change', () => {
      this.view.stepEdges = this.stepBox.checked;
      this.onViewChange();
    });
    const stepToggle = h('label', { class: 'step-toggle', title: words.stepEdgesHint }, this.stepBox, ` ${words.stepEdges}`);
    const options = h('div', { class: 'view-options' }, h('label', {}, `${words.colourBy} `), this.quantitySelect, stepToggle, this.sampleBox);
    this.el = h('section', { class: 'panel diagram-panel', 'aria-label': words.network }, options, this.diagram.el);
    queueMicrotask(() => (this.quantitySelect.value = this.view.quantity));
  }

  /** The sample select (or the one sample's name) for this state's batch. */
  renderSamples(state: StateView): void {
    const words = this.page.words;
    if (state.n === 1) {
      this.sampleSelectFor = '';
      setChildren(this.sampleBox, h('span', { class: 'muted' }, `${words.sample} s = ${state.samples[0]}`));
      return;
    }
    // the same batch as at the stop before (every stop of an iteration): keep the select, whose every
    // rendering measures it (a layout of the whole page, tens of ms with a big network's tables)
    const key = `${words.sample} ${state.samples.slice(0, 256).join(',')}`;
    const kept = this.sampleBox.querySelector<VscValue>('vscode-single-select');
    if (kept && key === this.sampleSelectFor) {
      if (kept.value !== String(this.view.sample)) kept.value = String(this.view.sample);
      return;
    }
    this.sampleSelectFor = key;
    const select = h('vscode-single-select', { 'aria-label': words.sample, class: 'sample-select' }, ...state.samples.slice(0, 256).map((x, r) => h('vscode-option', { value: String(r) }, `s = ${x} (${r + 1}/${state.n})`))) as VscValue;
    select.addEventListener('change', () => {
      const r = Number(select.value);
      if (isWhole(r, 0, state.n - 1) && r !== this.view.sample) {
        this.view.sample = r;
        this.onViewChange();
      }
    });
    setChildren(this.sampleBox, h('label', {}, ` ${words.sample} `), select);
    queueMicrotask(() => (select.value = String(this.view.sample)));
  }

  /** Shows sample r in the select (a table cell of that sample was picked). */
  showSample(r: number): void {
    const select = this.sampleBox.querySelector('vscode-single-select') as VscValue | null;
    if (select) select.value = String(r);
  }

  /** Redraws the diagram for the selection and the sample in the view state. */
  render(state: StateView): void {
    this.diagram.render(state, this.view.quantity, this.view.sample, this.view.sel, this.page.digits, this.page.words, this.view.stepEdges === true);
  }
}
