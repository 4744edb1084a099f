// The worked example as one self-contained HTML page that prints on A4: the equations typeset by KaTeX
// as MathML (browsers draw it with their own fonts, so the page needs no stylesheet or font files from
// anywhere), the styles inline, nothing fetched. A long equation is cut at its top-level "=" and "+" signs
// into pieces the line may break between, so it wraps within the page instead of running off it. Pure;
// imports KaTeX and the handout.

import katex from 'katex';
import { workedExample, type Handout, type WorkedOptions } from './workedExample';
import type { WorkedIteration } from './workedIteration';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * TeX cut before its " = " signs outside braces and parentheses (and, with `plus`, before " + " outside
 * braces): each piece valid TeX as long as no \\left … \\right pair is cut (breakPieces drops them first).
 */
export function equalsPieces(tex: string, plus = false): string[] {
  const pieces: string[] = [];
  let braces = 0;
  let parens = 0;
  let start = 0;
  for (let x = 0; x < tex.length; x++) {
    const c = tex[x];
    if (c === '\\') {
      x++; // an escaped character (\{, \}) is no brace
      continue;
    }
    if (c === '{') braces++;
    else if (c === '}') braces--;
    else if (c === '(') parens++;
    else if (c === ')') parens--;
    else if (braces === 0 && x > start && ((parens === 0 && tex.startsWith(' = ', x)) || (plus && tex.startsWith(' + ', x)))) {
      pieces.push(tex.slice(start, x));
      start = x + 1;
    }
  }
  pieces.push(tex.slice(start));
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

/** Where a printed line may break: before each top-level = and before each + of a sum (a batch's sum in \\left( … \\right) too, its parentheses then plain). */
export function breakPieces(tex: string): string[] {
  return equalsPieces(tex.replace(/\\left\(/g, '(').replace(/\\right\)/g, ')'), true);
}

function math(tex: string): string {
  return katex.renderToString(`\\displaystyle ${tex}`, { output: 'mathml', throwOnError: false, displayMode: false, strict: 'ignore' });
}

/** One equation: its pieces, each unbreakable, with room to break between them (before = and the sum's +). */
function equation(tex: string): string {
  return breakPieces(tex)
    .map((p) => `<span class="piece">${math(p)}</span>`)
    .join(' ');
}

const STYLE = `
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
:root { color-scheme: light; }
html { font-family: system-ui, "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; font-size: 11pt; line-height: 1.45; color: #111; background: #fff; }
body { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 14pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 1.5mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; color: #333; break-after: avoid; }
.intro { color: #333; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 3mm 0; }
.facts dt { color: #555; }
.facts dd { margin: 0; }
table.notation { border-collapse: collapse; margin: 2mm 0 4mm; }
table.notation th, table.notation td { border: 1px solid #aaa; padding: 0.8mm 3mm; text-align: left; }
.block { break-inside: avoid; margin: 0 0 2mm; }
.eq { margin: 1mm 0 1mm 6mm; padding-left: 6mm; text-indent: -6mm; font-size: 11.5pt; }
.piece { white-space: nowrap; }
math { font-size: 1.05em; }
.note, .remark { color: #555; font-size: 9.5pt; margin-left: 6mm; }
.remark { font-style: italic; }
footer { margin-top: 8mm; border-top: 1px solid #999; padding-top: 2mm; color: #555; font-size: 9pt; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
`;

/** The handout as a self-contained HTML page. Pure. */
export function handoutHtml(h: Handout): string {
  const out: string[] = [];
  out.push(`<!DOCTYPE html>`, `<html lang="${h.lang}">`, '<head>', '<meta charset="utf-8">', `<meta name="viewport" content="width=device-width, initial-scale=1">`);
  out.push(`<title>${escapeHtml(h.title)}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>');
  out.push(`<h1>${escapeHtml(h.title)}</h1>`, `<p class="intro">${escapeHtml(h.intro)}</p>`);
  out.push('<dl class="facts">');
  for (const f of h.facts) out.push(`<dt>${escapeHtml(f.label)}</dt><dd>${f.tex !== undefined ? math(f.tex) : escapeHtml(f.text ?? '')}</dd>`);
  out.push('</dl>');
  out.push('<table class="notation"><thead><tr>', ...h.notation.header.map((c) => `<th>${escapeHtml(c)}</th>`), '</tr></thead><tbody>');
  for (const r of h.notation.rows) out.push(`<tr><td>${escapeHtml(r[0])}</td><td>${math(r[1])}</td><td>${math(r[2])}</td></tr>`);
  out.push('</tbody></table>');
  for (const section of h.sections) {
    out.push(`<section><h2>${escapeHtml(section.heading)}</h2>`);
    for (const layer of section.layers) {
      if (layer.heading) out.push(`<h3>${escapeHtml(layer.heading)}</h3>`);
      for (const block of layer.blocks) {
        out.push('<div class="block">');
        if (block.heading) out.push(`<h4>${escapeHtml(block.heading)}</h4>`);
        for (const l of block.lines) {
          out.push(`<div class="eq" data-tex="${escapeHtml(l.tex)}">${equation(l.tex)}</div>`);
          if (l.note) out.push(`<div class="note">${escapeHtml(l.note)}</div>`);
        }
        if (block.remark) out.push(`<div class="remark">${escapeHtml(block.remark)}</div>`);
        out.push('</div>');
      }
    }
    out.push('</section>');
  }
  out.push(`<footer>${escapeHtml(h.footer)}</footer>`, '</body>', '</html>', '');
  return out.join('\n');
}

/** The worked example of one iteration as a self-contained HTML page. Pure. */
export function workedExampleHtml(it: WorkedIteration, options: WorkedOptions): string {
  return handoutHtml(workedExample(it, options));
}
