// What every panel of the inspector reads from the page it is on: the words in force (a `settings`
// message can change the language), the digits, and the one way to ask the host for anything.

import type { FromWebview } from '../../src/protocol/messages';
import type { Strings } from '../i18n';
import type { StopView } from '../model';

export interface Page {
  readonly words: Strings;
  /** significant digits of the numbers shown */
  readonly digits: number;
  post(message: FromWebview): void;
}

/** A @vscode-elements control: its value and disabled state as properties. */
export type VscValue = HTMLElement & { value: string; disabled: boolean };

/** The stop done last in words ("backward · layer 2"; the update has no layer). */
export function stopText(words: Strings, stop: StopView | null): string {
  return stop ? `${words[stop.phase]}${stop.phase === 'update' ? '' : ` · ${words.layer} ${stop.layer}`}` : words.startOfIteration;
}
