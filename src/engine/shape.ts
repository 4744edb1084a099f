// A first look at a network file's text before it is parsed: how deeply it nests and how many values
// it holds. jsonc-parser recurses once per level (a file nested ~8,000 deep overflows the stack) and
// keeps a node per value, so both are bounded here, by a flat scan that allocates nothing.
// Imports only the engine's messages.

import { messages } from './messages';

/** What a network file may hold: far more than any network file needs, far less than breaks the parser. */
export const TEXT_LIMITS = {
  /** levels of { and [ (a network file needs 4: the root, "layers", a layer, a row of "weights") */
  depth: 16,
  /** numbers, strings and literals (an inline data set of 1,000 samples of 784 inputs is 794,000) */
  values: 2_000_000,
} as const;

export interface ShapeProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** The first place where the text nests too deeply or holds too many values, or undefined. */
export function checkShape(text: string): ShapeProblem | undefined {
  let depth = 0;
  let values = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      values++;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
        else i++;
      }
      i++;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > TEXT_LIMITS.depth) {
        return { offset: i, length: 1, message: messages().tooDeep(TEXT_LIMITS.depth) };
      }
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
      i++;
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d /* - */ || (c >= 0x61 && c <= 0x7a) /* a-z: true, false, null */) {
      if (++values > TEXT_LIMITS.values) {
        return { offset: i, length: 1, message: messages().tooManyValues(TEXT_LIMITS.values.toLocaleString('en-US')) };
      }
      // skip the rest of the token
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 0x30 && d <= 0x39) || (d >= 0x61 && d <= 0x7a) || (d >= 0x41 && d <= 0x5a) || d === 0x2e || d === 0x2b || d === 0x2d) i++;
        else break;
      }
    } else i++;
  }
  return undefined;
}
