// The inspector's header: its title, the status line (iteration, epoch, stop, E, η, B; running,
// finished or ended) and the debugger's buttons, live only when the session can take them.

import { h } from '../dom';
import { fmt } from '../format';
import type { StateView } from '../model';
import { stopText, type Page, type VscValue } from './page';
import type { DebugCommand } from '../../src/protocol/messages';

/** The buttons, in the order of VS Code's debug toolbar (backwards first). */
const COMMANDS: readonly DebugCommand[] = ['reverseContinue', 'stepBack', 'stepOver', 'stepIn', 'stepOut', 'continue', 'pause'];

export type SessionStatus = 'waiting' | 'stopped' | 'running' | 'ended';

export class StatusBar {
  readonly el: HTMLElement;
  status: SessionStatus = 'waiting';
  private readonly heading = h('h1', { class: 'title' });
  private readonly statusLine = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly buttons = new Map<DebugCommand, VscValue>();

  constructor(private readonly page: Page) {
    const words = page.words;
    const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': words.controls });
    for (const c of COMMANDS) {
      const b = h('vscode-button', { 'data-command': c, secondary: c === 'reverseContinue' || c === 'stepBack' || c === 'pause' ? true : undefined }, words[c]) as VscValue;
      b.addEventListener('click', () => {
        if (!b.disabled) page.post({ type: 'command', command: c });
      });
      this.buttons.set(c, b);
      controls.append(b);
    }
    this.el = h('header', {}, this.heading, this.statusLine, controls);
    this.heading.textContent = words.title;
    this.updateControls();
  }

  /** The status of the session; redraws the buttons and, with a state, the status line. */
  setStatus(status: SessionStatus, state: StateView | undefined): void {
    this.status = status;
    this.updateControls();
    if (state) this.render(state);
  }

  render(state: StateView): void {
    this.heading.textContent = `${this.page.words.title} — ${state.name}`;
    this.updateStatus(state);
    this.updateControls();
  }

  private updateStatus(s: StateView): void {
    const words = this.page.words;
    const digits = this.page.digits;
    const parts = [
      `${words.iteration} ${s.iteration} ${words.of} ${s.totalIterations}`,
      `${words.epoch} ${s.epoch}`,
      `${words.stopLabel}: ${stopText(words, s.stop)}`,
      `E = ${s.lossValue === null ? '—' : fmt(s.lossValue, digits)}`,
      `η = ${fmt(s.eta, digits)}`,
      `B = ${s.n} (${s.reduction === 'mean' ? words.reductionMean : words.reductionSum})`,
    ];
    if (this.status === 'running') parts.unshift(words.running);
    if (this.status === 'ended') parts.unshift(words.ended);
    else if (s.finished) parts.unshift(words.finished);
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
}
