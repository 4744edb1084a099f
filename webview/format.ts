// Number formatting for the inspector: table cells with the engine's formatNumber (so the panel and the
// headless trace's tables agree; the Variables view shows every digit instead) and TeX for KaTeX, built only from numbers formatted
// here — never from strings that arrive in messages. Pure; imports engine helpers only.

import { formatNumber } from '../src/engine/trace';

/** A value as the tables show it, `digits` significant digits. */
export function fmt(v: number, digits: number): string {
  return formatNumber(v, digits).replace('-', '−');
}

/** A value as TeX: 1.2e-5 becomes 1.2 \times 10^{-5}; NaN and ±∞ become symbols. */
export function tex(v: number, digits: number): string {
  if (Number.isNaN(v)) return '\\text{NaN}';
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '-\\infty';
  const s = formatNumber(v, digits);
  const m = /^(-?[0-9.]+)e([+-])([0-9]+)$/.exec(s);
  if (m) return `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${m[3]}}`;
  return s;
}

/** TeX of a value as a factor: negative values in parentheses, always. */
export function texFactor(v: number, digits: number): string {
  return `(${tex(v, digits)})`;
}

/** TeX of a value that follows a binary minus or plus: parenthesised when negative. */
export function texTerm(v: number, digits: number): string {
  return v < 0 ? `(${tex(v, digits)})` : tex(v, digits);
}

/** Whole numbers only, as digits (for indices in TeX). */
export function texInt(v: number): string {
  return String(Math.trunc(v));
}
