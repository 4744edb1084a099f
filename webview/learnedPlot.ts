// Drawing the learned function on a canvas: the regions of a two-input network (a heat map of its
// output over the input plane, TensorFlow Playground's way: the winning class coloured, its probability
// as intensity), the curve of a one-input network against its data and target, and predicted against
// target for any other. Every plot keeps its mapping from data to pixels on the canvas's dataset
// (data-left/top/width/height, data-xlo/xhi/ylo/yhi), so a test or a reader can find a point again.
// Imports the protocol's decoded prediction only; never vscode.

import type { PredictionView } from '../src/protocol/prediction';

/** Class colours: Playground's orange and blue first, then distinct hues (RGB). */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [245, 147, 34],
  [8, 119, 189],
  [44, 160, 44],
  [148, 103, 189],
  [214, 39, 40],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

/** The ring that marks a misclassified sample (and the colour tests look for). */
export const MISCLASSIFIED = '#e51400';

export function classColour(c: number): readonly [number, number, number] {
  return CLASS_COLOURS[c % CLASS_COLOURS.length];
}

/** A CSS colour as RGB (through a 1 × 1 canvas, which reads every CSS colour syntax); `fallback` when it cannot. */
export function toRgb(colour: string, fallback: readonly [number, number, number]): readonly [number, number, number] {
  const c = document.createElement('canvas');
  c.width = c.height = 1;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx || !colour) return fallback;
  ctx.fillStyle = `rgb(${fallback.join(',')})`;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2]];
}

export function rgb(c: readonly [number, number, number], alpha = 1): string {
  return alpha === 1 ? `rgb(${c[0]}, ${c[1]}, ${c[2]})` : `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;
}

/** The class a row of `m` (cols values per row) names: one output: y ≥ 0.5; several: the largest. Pure. */
export function rowClass(m: Float64Array, cols: number, row: number): number {
  if (cols === 1) return m[row] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < cols; k++) if (m[row * cols + k] > m[row * cols + best]) best = k;
  return best;
}

/**
 * The winning class of a row and how sure: (p − 1/C)/(1 − 1/C), from 0 (undecided) to 1 (certain); one
 * output y is the probability of class 1 (C = 2). Pure.
 */
export function winner(m: Float64Array, cols: number, row: number): { cls: number; strength: number } {
  if (cols === 1) {
    const y = m[row];
    return { cls: y >= 0.5 ? 1 : 0, strength: Math.min(1, Math.abs(y - 0.5) * 2) };
  }
  const cls = rowClass(m, cols, row);
  const p = m[row * cols + cls];
  const strength = (p - 1 / cols) / (1 - 1 / cols);
  return { cls, strength: Number.isFinite(strength) ? Math.max(0, Math.min(1, strength)) : 0 };
}

/** Colours a plot reads from the theme. */
export interface PlotTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  /** the background the regions fade into, as RGB */
  readonly background: readonly [number, number, number];
  readonly font: string;
  /** the network's curve, and the target's */
  readonly line: string;
  readonly target: string;
}

/** Where the plot's axes stand on the canvas (CSS pixels) and the data range they span; kept on the canvas for tests. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  xlo: number;
  xhi: number;
  ylo: number;
  yhi: number;
}

const PAD = { left: 40, right: 8, top: 18, bottom: 26 };

/** Sizes the canvas for `cssWidth` × `cssHeight` CSS pixels at the device's pixel ratio; returns its context in CSS pixels. */
function prepare(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

function frameOf(cssWidth: number, cssHeight: number, xlo: number, xhi: number, ylo: number, yhi: number): Frame {
  return { left: PAD.left, top: PAD.top, width: cssWidth - PAD.left - PAD.right, height: cssHeight - PAD.top - PAD.bottom, xlo, xhi, ylo, yhi };
}

/** Data → CSS pixels of the canvas. */
function px(f: Frame, x: number): number {
  return f.left + ((x - f.xlo) / (f.xhi - f.xlo)) * f.width;
}
function py(f: Frame, y: number): number {
  return f.top + (1 - (y - f.ylo) / (f.yhi - f.ylo)) * f.height;
}

function remember(canvas: HTMLCanvasElement, f: Frame): void {
  for (const [k, v] of Object.entries(f)) canvas.dataset[k] = String(v);
}

/** A short label for a tick: up to 3 significant digits. */
function tick(v: number): string {
  if (Math.abs(v) < 1e-12) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** Round values from lo to hi, about `count` of them, 1, 2 or 5 times a power of ten apart. Pure. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Axes: the frame, ticks at both ends and the middle, and the axes' names. */
function axes(ctx: CanvasRenderingContext2D, f: Frame, theme: PlotTheme, xName: string, yName: string): void {
  ctx.save();
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(f.left + 0.5, f.top + 0.5, f.width - 1, f.height - 1);
  ctx.fillStyle = theme.muted;
  ctx.font = theme.font;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.strokeStyle = theme.grid;
  for (const x of niceTicks(f.xlo, f.xhi)) {
    ctx.beginPath();
    ctx.moveTo(Math.round(px(f, x)) + 0.5, f.top + f.height);
    ctx.lineTo(Math.round(px(f, x)) + 0.5, f.top + f.height + 3);
    ctx.stroke();
    ctx.fillText(tick(x), px(f, x), f.top + f.height + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const y of niceTicks(f.ylo, f.yhi)) {
    ctx.beginPath();
    ctx.moveTo(f.left - 3, Math.round(py(f, y)) + 0.5);
    ctx.lineTo(f.left, Math.round(py(f, y)) + 0.5);
    ctx.stroke();
    ctx.fillText(tick(y), f.left - 5, py(f, y));
  }
  // the axes' names: x at the right end under the axis, y above the top of its axis
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xName, f.left + f.width, f.top + f.height + 26);
  ctx.textAlign = 'left';
  ctx.fillText(yName, 4, f.top - 4);
  ctx.restore();
}

/** A sample: a disc in its target's colour; a red ring around it when the network gets it wrong. */
function sample(ctx: CanvasRenderingContext2D, x: number, y: number, fill: string, wrong: boolean, outline: string): void {
  ctx.beginPath();
  ctx.arc(x, y, 4, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = outline;
  ctx.stroke();
  if (wrong) {
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = MISCLASSIFIED;
    ctx.stroke();
  }
}

/** What a regions plot shows beside the picture. */
export interface RegionsSummary {
  /** samples drawn, and of them misclassified (classification only) */
  readonly samples: number;
  readonly wrong: number;
}

/**
 * Two inputs: the output over the plane as a heat map (classification: the winning class's colour with
 * its strength as intensity; regression with one output: orange below 0, blue above, scaled by the
 * largest |t|), then the samples in their targets' colour, the misclassified ringed.
 */
export function drawRegions(canvas: HTMLCanvasElement, p: PredictionView, size: number, theme: PlotTheme, names: readonly [string, string]): RegionsSummary {
  const g = p.grid!;
  const ctx = prepare(canvas, size, size);
  const f = frameOf(size, size, g.ranges[0].lo, g.ranges[0].hi, g.ranges[1].lo, g.ranges[1].hi);
  remember(canvas, f);
  const k = g.k;
  const cols = p.outputs;
  const classify = p.task === 'classification';
  let scale = 0;
  if (!classify) for (let s = 0; s < p.data.n; s++) scale = Math.max(scale, Math.abs(p.data.targets[s * cols]));
  scale ||= 1;
  // the K × K cells into an image, row b of the grid (x₂ rising) drawn from the bottom up
  const img = new ImageData(k, k);
  const bg = theme.background;
  for (let b = 0; b < k; b++) {
    for (let a = 0; a < k; a++) {
      const row = b * k + a;
      let colour: readonly [number, number, number];
      let strength: number;
      if (classify) {
        const w = winner(g.outputs, cols, row);
        colour = classColour(w.cls);
        strength = w.strength;
      } else {
        const v = g.outputs[row * cols] / scale;
        colour = classColour(v < 0 ? 0 : 1);
        strength = Number.isFinite(v) ? Math.min(1, Math.abs(v)) : 0;
      }
      // at most 80 % of the class colour: the samples stay visible on it
      const t = 0.15 + 0.65 * strength;
      const o = ((k - 1 - b) * k + a) * 4;
      img.data[o] = bg[0] + (colour[0] - bg[0]) * t;
      img.data[o + 1] = bg[1] + (colour[1] - bg[1]) * t;
      img.data[o + 2] = bg[2] + (colour[2] - bg[2]) * t;
      img.data[o + 3] = 255;
    }
  }
  const cells = document.createElement('canvas');
  cells.width = k;
  cells.height = k;
  cells.getContext('2d')!.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  // grid points are the centres of the picture's cells: half a cell beyond the range on each side
  const cw = f.width / (k - 1);
  const ch = f.height / (k - 1);
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.drawImage(cells, f.left - cw / 2, f.top - ch / 2, f.width + cw, f.height + ch);
  ctx.restore();
  axes(ctx, f, theme, names[0], names[1]);
  let wrong = 0;
  const X = p.data.inputs!;
  for (let s = 0; s < p.data.n; s++) {
    const x = px(f, X[2 * s]);
    const y = py(f, X[2 * s + 1]);
    if (classify) {
      const t = rowClass(p.data.targets, cols, s);
      const bad = rowClass(p.data.outputs, cols, s) !== t;
      if (bad) wrong++;
      sample(ctx, x, y, rgb(classColour(t)), bad, theme.foreground);
    } else {
      const v = p.data.targets[s * cols] / scale;
      sample(ctx, x, y, rgb(classColour(v < 0 ? 0 : 1), 0.35 + 0.65 * Math.min(1, Math.abs(v))), false, theme.foreground);
    }
  }
  return { samples: p.data.n, wrong };
}

/**
 * One input: each output's curve over the input's range (margin included), the data as dots, and the
 * target function dashed where the data is a built-in one (sin).
 */
export function drawCurve(canvas: HTMLCanvasElement, p: PredictionView, width: number, theme: PlotTheme, names: readonly [string, string]): void {
  const g = p.grid!;
  const height = Math.round(width * 0.7);
  const ctx = prepare(canvas, width, height);
  const cols = p.outputs;
  const gx = (a: number): number => g.ranges[0].lo + ((g.ranges[0].hi - g.ranges[0].lo) * a) / (g.k - 1);
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number): void => {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  };
  p.data.targets.forEach(take);
  g.target?.forEach(take);
  // the curve may leave the data's span: follow it, but not off to where the data is a speck
  const dataLo = lo;
  const dataHi = hi;
  const span = dataHi - dataLo || 1;
  g.outputs.forEach((v) => take(Math.min(Math.max(v, dataLo - span), dataHi + span)));
  if (!(lo < hi)) {
    lo = (Number.isFinite(lo) ? lo : 0) - 1;
    hi = lo + 2;
  }
  const pad = (hi - lo) * 0.08;
  const f = frameOf(width, height, g.ranges[0].lo, g.ranges[0].hi, lo - pad, hi + pad);
  remember(canvas, f);
  axes(ctx, f, theme, names[0], names[1]);
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  const X = p.data.inputs!;
  for (let k = 0; k < cols; k++) {
    const colour = cols === 1 ? theme.line : rgb(classColour(k));
    for (let s = 0; s < p.data.n; s++) {
      ctx.beginPath();
      ctx.arc(px(f, X[s]), py(f, p.data.targets[s * cols + k]), 3, 0, 2 * Math.PI);
      ctx.fillStyle = cols === 1 ? theme.muted : rgb(classColour(k), 0.6);
      ctx.fill();
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (let a = 0; a < g.k; a++) (a ? ctx.lineTo : ctx.moveTo).call(ctx, px(f, gx(a)), py(f, g.outputs[a * cols + k]));
    ctx.stroke();
  }
  // the target on top, dashed: where the network has learned it, both show
  if (g.target) {
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = theme.target;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let a = 0; a < g.k; a++) (a ? ctx.lineTo : ctx.moveTo).call(ctx, px(f, gx(a)), py(f, g.target[a]));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();
}

/** Regression with more inputs: predicted against target for each sample and output, with the line y = t. */
export function drawScatter(canvas: HTMLCanvasElement, p: PredictionView, size: number, theme: PlotTheme, names: readonly [string, string]): void {
  const ctx = prepare(canvas, size, size);
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of [p.data.targets, p.data.outputs]) {
    for (const v of m) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(lo < hi)) {
    lo = (Number.isFinite(lo) ? lo : 0) - 1;
    hi = lo + 2;
  }
  const pad = (hi - lo) * 0.05;
  const f = frameOf(size, size, lo - pad, hi + pad, lo - pad, hi + pad);
  remember(canvas, f);
  axes(ctx, f, theme, names[0], names[1]);
  ctx.save();
  ctx.strokeStyle = theme.target;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(px(f, f.xlo), py(f, f.xlo));
  ctx.lineTo(px(f, f.xhi), py(f, f.xhi));
  ctx.stroke();
  ctx.setLineDash([]);
  const cols = p.outputs;
  for (let s = 0; s < p.data.n; s++) {
    for (let k = 0; k < cols; k++) {
      ctx.beginPath();
      ctx.arc(px(f, p.data.targets[s * cols + k]), py(f, p.data.outputs[s * cols + k]), 2.5, 0, 2 * Math.PI);
      ctx.fillStyle = rgb(cols === 1 ? classColour(1) : classColour(k), 0.7);
      ctx.fill();
    }
  }
  ctx.restore();
}

/** counts[t][p] over the samples of a classification: target class t, predicted p. Pure. */
export function confusionCounts(p: PredictionView): number[][] {
  const c = p.outputs === 1 ? 2 : p.outputs;
  const counts = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  for (let s = 0; s < p.data.n; s++) counts[rowClass(p.data.targets, p.outputs, s)][rowClass(p.data.outputs, p.outputs, s)]++;
  return counts;
}
