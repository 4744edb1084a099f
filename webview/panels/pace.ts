// The pace of Continue ("animate"): a slider over a few rates (full speed, then 1 … 60 a second) and the
// unit they count (iterations or epochs). A change asks the host to set it on the session (it applies at
// once, also while running); the host says which pace is in force (launch attribute, or the last set).

import { h } from '../dom';
import { MAX_PER_SECOND, type Pace } from '../../src/protocol/pace';
import type { Page } from './page';

/** The slider's stops: 0 is full speed. */
export const PACE_STEPS: readonly number[] = [0, 1, 2, 5, 10, 20, 30, MAX_PER_SECOND];

/** The slider position nearest a rate. Pure. */
export function stepOf(perSecond: number): number {
  let best = 0;
  for (let x = 1; x < PACE_STEPS.length; x++) if (Math.abs(PACE_STEPS[x] - perSecond) < Math.abs(PACE_STEPS[best] - perSecond)) best = x;
  return best;
}

export class PacePanel {
  readonly el: HTMLElement;
  private readonly slider = h('input', { type: 'range', class: 'pace-slider', min: 0, max: PACE_STEPS.length - 1, step: 1, value: 0 });
  private readonly unit = h('select', { class: 'pace-unit' }) as HTMLSelectElement;
  private readonly label = h('output', { class: 'pace-label' });
  private pace: Pace = { perSecond: 0, unit: 'iteration' };

  constructor(private readonly page: Page) {
    const words = page.words;
    this.slider.setAttribute('aria-label', words.paceLabel);
    this.unit.setAttribute('aria-label', words.paceUnit);
    this.unit.append(h('option', { value: 'iteration' }, words.iterationsPerSecond), h('option', { value: 'epoch' }, words.epochsPerSecond));
    this.slider.addEventListener('input', () => this.showLabel(this.chosen()));
    this.slider.addEventListener('change', () => this.send());
    this.unit.addEventListener('change', () => this.send());
    this.el = h('div', { class: 'pace', role: 'group', 'aria-label': words.paceLabel, title: words.paceHint }, h('span', { class: 'pace-title' }, words.paceLabel), this.slider, this.label, this.unit);
    this.show(this.pace);
  }

  /** The pace in force (from the host). */
  show(pace: Pace): void {
    this.pace = pace;
    this.slider.value = String(stepOf(pace.perSecond));
    this.unit.value = pace.unit;
    this.showLabel(pace);
  }

  private chosen(): Pace {
    return { perSecond: PACE_STEPS[Number(this.slider.value)] ?? 0, unit: this.unit.value === 'epoch' ? 'epoch' : 'iteration' };
  }

  private send(): void {
    const pace = this.chosen();
    this.showLabel(pace);
    this.page.post({ type: 'pace', perSecond: pace.perSecond, unit: pace.unit });
  }

  private showLabel(pace: Pace): void {
    const words = this.page.words;
    this.label.textContent = pace.perSecond === 0 ? words.fullSpeed : `${pace.perSecond} / s`;
    this.unit.disabled = pace.perSecond === 0;
  }
}
