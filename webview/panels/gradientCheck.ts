// The gradient check panel: asks the host to compare ∂w and ∂b with central differences at this
// stop, shows the worst relative error with a verdict and the eight worst entries, and marks the
// result stale once the debugger has moved on from the stop it was computed at.

import { h, setChildren } from '../dom';
import { letters } from '../equations';
import { fmt } from '../format';
import type { StateView } from '../model';
import type { GradientCheckEntry, GradientCheckResult } from '../../src/engine/gradcheck';
import { stopText, type Page } from './page';

/** Worst first: a NaN error before any number, then larger before smaller; equal errors keep their order (0). Pure. */
export function byRelativeError(a: GradientCheckEntry, b: GradientCheckEntry): number {
  const x = a.relativeError;
  const y = b.relativeError;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(y)) - Number(Number.isNaN(x));
  return y > x ? 1 : y < x ? -1 : 0;
}

/** Where training stands: the stop and, when stepping into a layer, the sub-step. */
function stopKey(state: StateView): string {
  const f = state.forming;
  return `${state.iteration}:${state.position}${f ? `:${f.first}:${f.second}` : ''}`;
}

export class GradientCheckPanel {
  readonly el: HTMLElement;
  private readonly result = h('div', { class: 'grad-result', 'aria-live': 'polite' });
  private readonly stale = h('p', { class: 'grad-stale small', role: 'status', hidden: true });
  /** the stop the shown gradient check was computed at: its results belong to it */
  private at: { key: string; label: string } | undefined;

  constructor(private readonly page: Page) {
    const words = page.words;
    const button = h('vscode-button', { class: 'grad-button', secondary: true }, words.gradientCheck);
    button.addEventListener('click', () => page.post({ type: 'gradientCheck' }));
    this.el = h('section', { class: 'panel grad-panel' }, h('h2', {}, words.gradientCheckTitle), button, this.stale, this.result);
  }

  /** Marks the results stale when the state is no longer at the stop they were computed at. */
  updateStale(state: StateView): void {
    const stale = this.at !== undefined && this.at.key !== stopKey(state);
    this.result.classList.toggle('stale', stale);
    this.stale.hidden = !stale;
    this.stale.textContent = stale && this.at ? this.page.words.gradStale(this.at.label) : '';
  }

  /** Shows the host's answer (checked by the protocol's parseToWebview); `state`: the state shown, where the host checked. */
  show(result: GradientCheckResult, state: StateView | undefined): void {
    const words = this.page.words;
    const entries = result.entries;
    const sorted = [...entries].sort(byRelativeError);
    const worst = sorted[0];
    const d = this.page.digits;
    // the host checks at the stop it stands at when asked: the state shown now
    this.at = state ? { key: stopKey(state), label: `${words.iteration} ${state.iteration} · ${stopText(words, state.stop)}` } : undefined;
    if (state) this.updateStale(state);
    if (!worst) {
      setChildren(this.result, h('p', { class: 'muted' }, words.checked(result.checked, result.total)));
      return;
    }
    const err = worst.relativeError;
    const verdict = err <= 1e-6 ? ['ok', words.gradOk] : err <= 1e-3 ? ['doubtful', words.gradDoubtful] : ['wrong', words.gradWrong];
    const L = state ? state.layers.length - 1 : 0;
    const name = (e: GradientCheckEntry): string => {
      const { self, prev } = letters(e.layer, L);
      return e.quantity === 'dw' ? `∂w_${prev}${self} [${e.j}][${e.k}] · ${words.layer} ${e.layer}` : `∂b_${self} [${e.k}] · ${words.layer} ${e.layer}`;
    };
    const rows = sorted.slice(0, 8).map((e) => h('tr', {}, h('th', { scope: 'row' }, name(e)), h('td', {}, fmt(e.analytic, d + 2)), h('td', {}, fmt(e.numeric, d + 2)), h('td', {}, fmt(e.relativeError, 3))));
    setChildren(
      this.result,
      h('p', { class: `verdict ${verdict[0]}` }, `${words.worst}: `, h('strong', { class: 'worst-error' }, fmt(err, 3)), ` — ${verdict[1]} (${name(worst)})`),
      h('p', { class: 'muted small' }, words.checked(result.checked, result.total)),
      h('table', { class: 'grad-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, words.parameter), h('th', { scope: 'col' }, words.analytic), h('th', { scope: 'col' }, words.numeric), h('th', { scope: 'col' }, words.relError))), h('tbody', {}, ...rows)),
    );
  }
}
