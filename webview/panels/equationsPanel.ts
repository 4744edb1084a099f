// The equations panel: the notes' equations of the selected neuron or weight with this stop's numbers
// (equations.ts builds the TeX), typeset by KaTeX.

import katex from 'katex';
import { h, setChildren } from '../dom';
import { equations, letters, type Selection } from '../equations';
import { pendingAt, type LayerView, type StateView } from '../model';
import type { Quantity } from '../../src/engine/quantities';
import type { Page } from './page';

/**
 * The state as far as the selected neuron (or weight) is formed: while stepping into its layer, the
 * quantities it does not have yet are left out, so its equations stop where the debugger stands. Pure.
 */
export function formedFor(state: StateView, sel: Selection): StateView {
  const f = state.forming;
  if (!f || f.layer !== sel.layer) return state;
  const layer = state.layers[sel.layer];
  const q: LayerView['q'] = {};
  for (const key of Object.keys(layer.q) as Quantity[]) if (!pendingAt(state, sel.layer, key, sel.k)) q[key] = layer.q[key];
  const layers = state.layers.map((l) => (l.index === sel.layer ? { ...l, q } : l));
  return { ...state, layers };
}

export class EquationsPanel {
  readonly el: HTMLElement;
  private readonly heading = h('h2', { class: 'eq-heading' });
  private readonly list = h('div', { class: 'equations', 'aria-live': 'polite' });

  constructor(private readonly page: Page) {
    this.el = h('section', { class: 'panel eq-panel', 'aria-label': page.words.equations }, this.heading, this.list);
  }

  /** The equations of the selection at sample s (a hint when nothing is selected). */
  render(state: StateView, sel: Selection | undefined, s: number): void {
    const words = this.page.words;
    if (!sel) {
      this.heading.textContent = words.equations;
      setChildren(this.list, h('p', { class: 'muted' }, words.selectHint));
      return;
    }
    const L = state.layers.length - 1;
    const { self, prev } = letters(sel.layer, L);
    const kind = sel.layer === 0 ? words.input : sel.layer === L ? words.output : words.hidden;
    const sample = state.n > 1 ? ` · ${words.sample} s = ${state.samples[s] ?? s}` : '';
    this.heading.textContent =
      sel.kind === 'neuron'
        ? `${words.equations}: ${words.layer} ${sel.layer} (${kind}) · ${words.neuron} ${self} = ${sel.k}${sample}`
        : `${words.equations}: ${words.layer} ${sel.layer} · w_${prev}${self}: ${prev} = ${sel.j}, ${self} = ${sel.k}`;
    const lines = equations(formedFor(state, sel), sel, s, this.page.digits, words);
    const items = lines.map((e) => {
      const math = h('span', { class: 'math' });
      try {
        katex.render(e.tex, math, { throwOnError: false, displayMode: false, output: 'htmlAndMathml' });
      } catch {
        math.textContent = e.tex;
      }
      return h('div', { class: `eq eq-${e.quantity}`, 'data-quantity': e.quantity }, math, e.note ? h('span', { class: 'note muted small' }, e.note) : null);
    });
    if (sel.layer === 0) items.push(h('p', { class: 'muted small' }, words.inputNeuron));
    setChildren(this.list, ...items);
  }
}
