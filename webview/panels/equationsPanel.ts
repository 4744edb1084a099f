// The equations panel: the notes' equations of the selected neuron or weight with this stop's numbers
// (equations.ts builds the TeX), typeset by KaTeX; "Copy as LaTeX" puts the TeX of the lines shown on
// the clipboard, each line a $$…$$ block (it pastes into Markdown, GitHub and LaTeX alike).

import katex from 'katex';
import { h, setChildren } from '../dom';
import { equations, letters, type Equation, type Selection } from '../equations';
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

/** The TeX of equations as the clipboard gets it: each line a $$…$$ block, \vdots lines left out. Pure. */
export function latexOf(lines: readonly Equation[]): string {
  return lines
    .filter((e) => e.tex !== '\\vdots')
    .map((e) => `$$\n${e.tex}\n$$`)
    .join('\n\n');
}

/** Puts text on the clipboard: the Clipboard API (VS Code's webviews allow it), else a selected textarea and copy. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { 'aria-hidden': 'true' }) as HTMLTextAreaElement;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export class EquationsPanel {
  readonly el: HTMLElement;
  private readonly heading = h('h2', { class: 'eq-heading' });
  private readonly list = h('div', { class: 'equations', 'aria-live': 'polite' });
  private readonly copy: HTMLElement & { disabled: boolean };
  private readonly copied = h('span', { class: 'eq-copied muted small', role: 'status', 'aria-live': 'polite' });
  /** the equations on view, for Copy as LaTeX */
  private shown: readonly Equation[] = [];
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly page: Page) {
    const words = page.words;
    this.copy = h('vscode-button', { class: 'eq-copy', secondary: true, disabled: true, title: words.copyLatexHint }, words.copyLatex) as HTMLElement & { disabled: boolean };
    this.copy.addEventListener('click', () => void this.copyLatex());
    const bar = h('div', { class: 'eq-bar' }, this.heading, h('div', { class: 'eq-actions' }, this.copied, this.copy));
    this.el = h('section', { class: 'panel eq-panel', 'aria-label': words.equations }, bar, this.list);
  }

  /** Copies the TeX of the equations on view (a click on "Copy as LaTeX"). */
  async copyLatex(): Promise<void> {
    if (!this.shown.length) return;
    const ok = await copyText(latexOf(this.shown));
    this.copied.textContent = ok ? this.page.words.copiedLatex : '';
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copied.textContent = ''), 2000);
  }

  private setShown(lines: readonly Equation[]): void {
    this.shown = lines;
    this.copy.disabled = lines.length === 0;
    if (lines.length) this.copy.removeAttribute('disabled');
    else this.copy.setAttribute('disabled', '');
  }

  /** The equations of the selection at sample s (a hint when nothing is selected). */
  render(state: StateView, sel: Selection | undefined, s: number): void {
    const words = this.page.words;
    if (!sel) {
      this.heading.textContent = words.equations;
      setChildren(this.list, h('p', { class: 'muted' }, words.selectHint));
      this.setShown([]);
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
    this.setShown(lines);
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
