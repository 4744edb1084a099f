// The export panel: iterations from … to in a format (JSON Lines, CSV, table), checked here and
// then asked of the host, which writes the file.

import { h } from '../dom';
import type { StateView } from '../model';
import { EXPORT_FORMATS, isWhole, type ExportFormat } from '../../src/protocol/messages';
import type { Page, VscValue } from './page';

export class ExportPanel {
  readonly el: HTMLElement;
  private readonly from: VscValue;
  private readonly to: VscValue;
  private readonly format: VscValue;
  private readonly error = h('p', { class: 'error', hidden: true });
  private totalIterations = Number.MAX_SAFE_INTEGER;

  constructor(private readonly page: Page) {
    const words = page.words;
    this.from = h('vscode-textfield', { type: 'number', min: 1, value: '1', 'aria-label': words.from, class: 'export-from' }) as VscValue;
    this.to = h('vscode-textfield', { type: 'number', min: 1, value: '1', 'aria-label': words.to, class: 'export-to' }) as VscValue;
    this.format = h('vscode-single-select', { 'aria-label': words.format, class: 'export-format' }, ...EXPORT_FORMATS.map((f) => h('vscode-option', { value: f }, f))) as VscValue;
    const button = h('vscode-button', { class: 'export-button', secondary: true }, words.export);
    button.addEventListener('click', () => this.export());
    this.el = h(
      'section',
      { class: 'panel export' },
      h('h2', {}, words.exportTitle),
      h('div', { class: 'export-row' }, h('label', {}, words.from), this.from, h('label', {}, words.to), this.to, h('label', {}, words.format), this.format, button),
      this.error,
    );
    queueMicrotask(() => (this.format.value = 'jsonl'));
  }

  /** A state arrived; the first of a page proposes its iterations 1 … the current one. */
  setState(state: StateView, first: boolean): void {
    this.totalIterations = state.totalIterations;
    if (first) {
      this.to.value = String(state.iteration);
      this.from.value = '1';
    }
  }

  private export(): void {
    const from = Number(this.from.value);
    const to = Number(this.to.value);
    const format = this.format.value as ExportFormat;
    const max = this.totalIterations;
    const ok = isWhole(from, 1, max) && isWhole(to, from, max) && EXPORT_FORMATS.includes(format);
    this.error.hidden = ok;
    this.error.textContent = ok ? '' : this.page.words.exportInvalid;
    if (ok) this.page.post({ type: 'export', from, to, format });
  }
}
