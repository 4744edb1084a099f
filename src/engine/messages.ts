// The engine's words for people: the network file's positioned errors and the health warnings, in
// English and Korean. The catalogue in force is English until someone chooses another: the debug
// adapter and the extension host choose VS Code's display language; the CLI never does, so it stays
// English. The field names, activation and loss names of the file are never translated.
// Imports nothing.

export interface Messages {
  // health warnings (layerWarnings)
  saturated(count: number): string;
  dead(count: number): string;
  exploding(norm: string): string;
  vanishing(norm: string): string;
}

const en: Messages = {
  saturated: (n) => `${n} saturated unit(s): f'(u) ≈ 0, so δ is ≈ 0 there`,
  dead: (n) => `${n} dead ReLU unit(s): u ≤ 0 for every sample of the batch`,
  exploding: (norm) => `exploding gradient: ‖∂w‖ = ${norm}`,
  vanishing: (norm) => `vanishing gradient: ‖δ‖ = ${norm}`,
};

const ko: Messages = {
  saturated: (n) => `포화된 뉴런 ${n}개: f'(u) ≈ 0이므로 그곳의 δ도 ≈ 0`,
  dead: (n) => `죽은 ReLU 뉴런 ${n}개: 배치의 모든 샘플에서 u ≤ 0`,
  exploding: (norm) => `기울기 폭발: ‖∂w‖ = ${norm}`,
  vanishing: (norm) => `기울기 소실: ‖δ‖ = ${norm}`,
};

/** The catalogue for a locale such as "ko" or "en-US" (English for any other). */
export function messagesFor(locale: string | undefined): Messages {
  return locale?.toLowerCase().startsWith('ko') ? ko : en;
}

let current: Messages = en;

/** The catalogue in force (one display language per VS Code window, so one per process). */
export function messages(): Messages {
  return current;
}

/** Chooses the catalogue for `locale` (mutates the module's choice; undefined: English). */
export function useMessages(locale: string | undefined): void {
  current = messagesFor(locale);
}
