// The timeline panel: a slider over the iterations and a chip for each stop of the current one
// (start, →1 … E, ←L … w←); choosing either asks the host to time-travel there.

import { h, setChildren } from '../dom';
import type { StateView } from '../model';
import { isWhole } from '../../src/protocol/messages';
import type { Page } from './page';

export class Timeline {
  readonly el: HTMLElement;
  private readonly slider = h('input', { type: 'range', class: 'timeline', min: 1, max: 1, value: 1 });
  private readonly label = h('output', { class: 'timeline-label' });
  private readonly chips = h('div', { class: 'stop-chips', role: 'toolbar' });
  private state: StateView | undefined;

  constructor(private readonly page: Page) {
    const words = page.words;
    this.slider.setAttribute('aria-label', words.seekTo);
    this.slider.addEventListener('input', () => (this.label.textContent = `${words.iteration} ${this.slider.value}`));
    this.slider.addEventListener('change', () => this.seek(Number(this.slider.value)));
    this.el = h('section', { class: 'panel' }, h('h2', {}, words.timeline), h('div', { class: 'timeline-row' }, this.slider, this.label), h('div', { class: 'muted small' }, words.stops), this.chips);
  }

  /** Asks the host to go to the start of an iteration (the loss curve's clicks come here too). */
  seek(iteration: number): void {
    const s = this.state;
    if (!s || !isWhole(iteration, 1, s.totalIterations)) return;
    this.page.post({ type: 'seek', iteration });
  }

  render(state: StateView | undefined): void {
    this.state = state;
    if (!state) return;
    const words = this.page.words;
    this.slider.max = String(state.totalIterations);
    this.slider.value = String(state.iteration);
    this.label.textContent = `${words.iteration} ${state.iteration} ${words.of} ${state.totalIterations}`;
    const chips: HTMLElement[] = [];
    const chip = (p: number, label: string, aria: string): HTMLElement => {
      const b = h('button', { type: 'button', class: `chip${p === state.position ? ' current' : ''}`, 'aria-label': aria, title: aria, 'aria-current': p === state.position ? 'step' : undefined, 'data-position': p }, label);
      b.addEventListener('click', () => this.page.post({ type: 'seek', iteration: state.iteration, position: p }));
      return b;
    };
    chips.push(chip(0, '0', words.startOfIteration));
    state.stops.forEach((stop, x) => {
      const label = stop.phase === 'forward' ? `→${stop.layer}` : stop.phase === 'backward' ? `←${stop.layer}` : stop.phase === 'loss' ? 'E' : 'w←';
      chips.push(chip(x + 1, label, `${words[stop.phase]}${stop.phase === 'update' ? '' : ` ${words.layer} ${stop.layer}`}`));
    });
    setChildren(this.chips, ...chips);
  }
}
