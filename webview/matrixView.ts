// One quantity of one layer on screen: a table with a cell per value when it is small, a heatmap on a
// canvas (one ImageData pixel per value, scaled without smoothing, zoomable, hover values) when it is
// large, so a 784 × 128 weight matrix costs one canvas and not 100k DOM cells. Changed values are
// marked; the selected cell is outlined. Imports the DOM helpers and the model only.

import { h, Tooltip } from './dom';
import { fmt } from './format';
import { maxAbs, type Mat } from './model';

/** Tables up to this many cells (and columns); heatmaps beyond. */
export const TABLE_MAX_CELLS = 256;
export const TABLE_MAX_COLS = 24;

export interface MatrixOptions {
  readonly m: Mat;
  readonly changed: Uint8Array | undefined;
  /** accessible name, e.g. "δ, layer 2" */
  readonly label: string;
  readonly rowLabel: (r: number) => string;
  readonly colLabel: (c: number) => string;
  /** the exact value's description for the tooltip */
  readonly exact: (r: number, c: number) => string;
  readonly digits: number;
  readonly zoom: number;
  readonly onZoom: (zoom: number) => void;
  readonly onPick: (r: number, c: number) => void;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly changedCount: (c: number, t: number) => string;
  /** entries not formed yet while stepping into the layer neuron by neuron (shown empty) */
  readonly pending?: (r: number, c: number) => boolean;
  /** a student's trace beside the engine's numbers: their value of (r, c), if the trace holds it, and whether it differs */
  readonly yours?: {
    readonly at: (r: number, c: number) => number | undefined;
    readonly differs: (r: number, c: number) => boolean;
    readonly label: string;
    readonly differsLabel: string;
    /** "3 of 1280 differ from your trace" (a heatmap's tools) */
    readonly count: (differing: number, total: number) => string;
  };
}

export interface Palette {
  readonly bg: [number, number, number];
  readonly pos: [number, number, number];
  readonly neg: [number, number, number];
  readonly bad: [number, number, number];
  readonly focus: string;
  readonly mark: string;
}

export abstract class MatrixView {
  abstract readonly el: HTMLElement;
  /** Outlines cell (r, c) or nothing (mutates the view only). */
  abstract setSelected(cell: [number, number] | undefined): void;
}

/** A table for a small matrix or a heatmap for a large one. */
export function matrixView(o: MatrixOptions, tooltip: Tooltip, palette: () => Palette): MatrixView {
  return o.m.rows * o.m.cols <= TABLE_MAX_CELLS && o.m.cols <= TABLE_MAX_COLS ? new TableView(o, tooltip) : new HeatmapView(o, tooltip, palette);
}

class TableView extends MatrixView {
  readonly el: HTMLElement;
  private readonly cells: HTMLTableCellElement[] = [];
  private selected: HTMLTableCellElement | undefined;

  constructor(
    private readonly o: MatrixOptions,
    tooltip: Tooltip,
  ) {
    super();
    const { m } = o;
    const head = h('tr', {}, h('th', { class: 'corner', scope: 'col' }), ...Array.from({ length: m.cols }, (_, c) => h('th', { scope: 'col' }, o.colLabel(c))));
    const body = h('tbody');
    for (let r = 0; r < m.rows; r++) {
      const tr = h('tr', {}, h('th', { scope: 'row' }, o.rowLabel(r)));
      for (let c = 0; c < m.cols; c++) {
        const x = r * m.cols + c;
        const pending = o.pending?.(r, c) === true;
        const changed = !pending && o.changed?.[x] === 1;
        const cls = pending ? 'pending' : changed ? 'changed' : undefined;
        const td = h('td', { tabindex: x === 0 ? 0 : -1, class: cls, 'data-r': r, 'data-c': c }, pending ? '·' : fmt(m.data[x], o.digits));
        if (changed) td.setAttribute('aria-description', 'changed');
        // the student's number under the engine's, the cell marked where they differ
        const yours = pending ? undefined : o.yours?.at(r, c);
        const differs = yours !== undefined && o.yours!.differs(r, c);
        if (yours !== undefined) {
          td.append(h('span', { class: 'yours', title: o.yours!.label }, fmt(yours, o.digits)));
          if (differs) {
            td.classList.add('differs');
            td.setAttribute('aria-description', `${o.yours!.differsLabel}: ${o.yours!.label} ${yours}`);
          }
        }
        const tip = (): string => (yours === undefined ? o.exact(r, c) : `${o.exact(r, c)}\n${o.yours!.label}: ${yours}${differs ? ` (${o.yours!.differsLabel})` : ''}`);
        td.addEventListener('mouseenter', (e) => tooltip.show(tip(), e.clientX, e.clientY));
        td.addEventListener('mouseleave', () => tooltip.hide());
        td.addEventListener('click', () => o.onPick(r, c));
        td.addEventListener('keydown', (e) => this.key(e, r, c));
        td.addEventListener('focus', () => {
          if (td.matches(':focus-visible')) tooltip.showAt(tip(), td);
        });
        td.addEventListener('blur', () => tooltip.hide());
        this.cells.push(td);
        tr.append(td);
      }
      body.append(tr);
    }
    this.el = h('table', { class: 'matrix', 'aria-label': o.label }, h('thead', {}, head), body);
  }

  private key(e: KeyboardEvent, r: number, c: number): void {
    const { rows, cols } = this.o.m;
    let nr = r;
    let nc = c;
    if (e.key === 'ArrowUp') nr--;
    else if (e.key === 'ArrowDown') nr++;
    else if (e.key === 'ArrowLeft') nc--;
    else if (e.key === 'ArrowRight') nc++;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.o.onPick(r, c);
      return;
    } else return;
    e.preventDefault();
    if (nr < 0 || nc < 0 || nr >= rows || nc >= cols) return;
    const from = this.cells[r * cols + c];
    const to = this.cells[nr * cols + nc];
    from.tabIndex = -1;
    to.tabIndex = 0;
    to.focus();
  }

  setSelected(cell: [number, number] | undefined): void {
    this.selected?.classList.remove('selected');
    this.selected?.removeAttribute('aria-selected');
    this.selected = cell ? this.cells[cell[0] * this.o.m.cols + cell[1]] : undefined;
    this.selected?.classList.add('selected');
    this.selected?.setAttribute('aria-selected', 'true');
  }
}

/** Parses any CSS colour to RGB with a scratch canvas. */
export function rgb(ctx: CanvasRenderingContext2D, css: string, fallback: [number, number, number]): [number, number, number] {
  ctx.fillStyle = '#000001';
  ctx.fillStyle = css.trim() || '#000001';
  const v = String(ctx.fillStyle);
  const hex = /^#([0-9a-f]{6})$/i.exec(v);
  if (hex && v !== '#000001') {
    const n = parseInt(hex[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  const m = /^rgba?\((\d+), (\d+), (\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : fallback;
}

class HeatmapView extends MatrixView {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly image: HTMLCanvasElement;
  private scale = 1;
  /** cell height: a row vector (b, ∂b) gets a readable strip, not a 1-pixel line */
  private scaleY = 1;
  private zoom: number;
  private selected: [number, number] | undefined;
  private cursor: [number, number] = [0, 0];
  private cursorShown = false;
  /** the cells that differ from a student's trace */
  private readonly differing: [number, number][] = [];

  constructor(
    private readonly o: MatrixOptions,
    private readonly tooltip: Tooltip,
    private readonly palette: () => Palette,
  ) {
    super();
    const { m } = o;
    this.zoom = o.zoom;
    this.image = document.createElement('canvas');
    this.paintImage();
    this.canvas = h('canvas', { class: 'heatmap', tabindex: 0, role: 'img', 'aria-label': `${o.label}: ${m.rows} × ${m.cols}` });
    const wrap = h('div', { class: 'heatmap-wrap' }, this.canvas);
    const max = maxAbs(m.data);
    let changed = 0;
    if (o.changed) for (let x = 0; x < o.changed.length; x++) changed += o.changed[x];
    const zoomOut = h('button', { class: 'zoom', type: 'button', title: o.zoomOut, 'aria-label': o.zoomOut }, '−');
    const zoomIn = h('button', { class: 'zoom', type: 'button', title: o.zoomIn, 'aria-label': o.zoomIn }, '+');
    zoomOut.addEventListener('click', () => this.setZoom(this.zoom - 1));
    zoomIn.addEventListener('click', () => this.setZoom(this.zoom + 1));
    const legend = h('span', { class: 'legend' }, h('span', { class: 'swatch neg' }), ` ${fmt(-max, 3)}  `, h('span', { class: 'swatch zero' }), ' 0  ', h('span', { class: 'swatch pos' }), ` ${fmt(max, 3)}`);
    const info = h('span', { class: changed ? 'changed-count some' : 'changed-count' }, o.changed ? o.changedCount(changed, m.data.length) : '');
    // a student's trace: its differing cells outlined (the first of them), their count, both values on hover
    if (o.yours) for (let x = 0; x < m.data.length; x++) if (o.yours.differs(Math.floor(x / m.cols), x % m.cols)) this.differing.push([Math.floor(x / m.cols), x % m.cols]);
    const differing = o.yours ? h('span', { class: this.differing.length ? 'differ-count some' : 'differ-count' }, o.yours.count(this.differing.length, m.data.length)) : null;
    this.el = h('div', { class: 'heatmap-view' }, h('div', { class: 'heatmap-tools' }, zoomOut, zoomIn, h('span', { class: 'dims' }, `${m.rows} × ${m.cols}`), legend, info, differing), wrap);
    this.canvas.addEventListener('mousemove', (e) => {
      const cell = this.cellAt(e.offsetX, e.offsetY);
      if (cell) this.tooltip.show(this.tip(cell[0], cell[1]), e.clientX, e.clientY);
      else this.tooltip.hide();
    });
    this.canvas.addEventListener('mouseleave', () => this.tooltip.hide());
    this.canvas.addEventListener('click', (e) => {
      const cell = this.cellAt(e.offsetX, e.offsetY);
      if (cell) {
        this.cursor = cell;
        o.onPick(cell[0], cell[1]);
      }
    });
    this.canvas.addEventListener('wheel', (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      this.setZoom(this.zoom + (e.deltaY < 0 ? 1 : -1));
    });
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.canvas.addEventListener('focus', () => {
      this.cursorShown = true;
      this.draw();
      this.tooltip.showAt(this.tip(this.cursor[0], this.cursor[1]), this.canvas);
    });
    this.canvas.addEventListener('blur', () => {
      this.cursorShown = false;
      this.draw();
      this.tooltip.hide();
    });
    this.draw();
  }

  private cellAt(x: number, y: number): [number, number] | undefined {
    const r = Math.floor(y / this.scaleY);
    const c = Math.floor(x / this.scale);
    return r >= 0 && c >= 0 && r < this.o.m.rows && c < this.o.m.cols ? [r, c] : undefined;
  }

  private key(e: KeyboardEvent): void {
    const [r, c] = this.cursor;
    const step = e.shiftKey ? 10 : 1;
    let nr = r;
    let nc = c;
    switch (e.key) {
      case 'ArrowUp':
        nr -= step;
        break;
      case 'ArrowDown':
        nr += step;
        break;
      case 'ArrowLeft':
        nc -= step;
        break;
      case 'ArrowRight':
        nc += step;
        break;
      case '+':
      case '=':
        this.setZoom(this.zoom + 1);
        e.preventDefault();
        return;
      case '-':
        this.setZoom(this.zoom - 1);
        e.preventDefault();
        return;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.o.onPick(r, c);
        return;
      default:
        return;
    }
    e.preventDefault();
    this.cursor = [Math.max(0, Math.min(this.o.m.rows - 1, nr)), Math.max(0, Math.min(this.o.m.cols - 1, nc))];
    this.draw();
    this.tooltip.showAt(this.tip(this.cursor[0], this.cursor[1]), this.canvas);
  }

  /** The cell's exact value, and the student's beside it when a trace is compared. */
  private tip(r: number, c: number): string {
    const y = this.o.yours;
    const v = y?.at(r, c);
    return v === undefined || !y ? this.o.exact(r, c) : `${this.o.exact(r, c)}\n${y.label}: ${v}${y.differs(r, c) ? ` (${y.differsLabel})` : ''}`;
  }

  private setZoom(z: number): void {
    this.zoom = Math.max(-3, Math.min(5, z));
    this.o.onZoom(this.zoom);
    this.draw();
  }

  /** One pixel per value, colour from the sign and |v| / max|v|. */
  private paintImage(): void {
    const { m } = this.o;
    const p = this.palette();
    this.image.width = m.cols;
    this.image.height = m.rows;
    const ctx = this.image.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(m.cols, m.rows);
    const px = img.data;
    const max = maxAbs(m.data) || 1;
    const [br, bg, bb] = p.bg;
    for (let x = 0; x < m.data.length; x++) {
      const v = m.data[x];
      let c: [number, number, number];
      let a: number;
      if (this.o.pending?.(Math.floor(x / m.cols), x % m.cols)) {
        c = p.bg;
        a = 0;
      } else if (!Number.isFinite(v)) {
        c = p.bad;
        a = 1;
      } else {
        c = v >= 0 ? p.pos : p.neg;
        a = Math.sqrt(Math.abs(v) / max);
      }
      const o = x * 4;
      px[o] = br + (c[0] - br) * a;
      px[o + 1] = bg + (c[1] - bg) * a;
      px[o + 2] = bb + (c[2] - bb) * a;
      px[o + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }

  private draw(): void {
    const { m } = this.o;
    // cells as wide as fit 360 px and at most as tall as wide; a tall matrix scrolls, a row vector gets a strip
    const bx = Math.max(1, Math.min(16, Math.floor(360 / Math.max(m.cols, 1))));
    const by = Math.min(bx, Math.max(2, Math.floor(300 / Math.max(m.rows, 1))));
    const z = Math.pow(2, this.zoom / 2);
    const limit = 8192 / Math.max(m.rows, m.cols);
    this.scale = Math.max(Math.min(bx * z, limit), 1 / 8);
    this.scaleY = m.rows <= 4 ? Math.max(this.scale, 14) : Math.max(Math.min(by * z, limit), 1 / 8);
    const w = Math.max(1, Math.round(m.cols * this.scale));
    const hgt = Math.max(1, Math.round(m.rows * this.scaleY));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== hgt) this.canvas.height = hgt;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = this.scale < 1 || this.scaleY < 1;
    ctx.drawImage(this.image, 0, 0, w, hgt);
    const p = this.palette();
    const outline = (cell: [number, number], colour: string): void => {
      const sx = Math.max(this.scale, 3);
      const sy = Math.max(this.scaleY, 3);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.strokeRect(cell[1] * this.scale - (sx - this.scale) / 2 - 1, cell[0] * this.scaleY - (sy - this.scaleY) / 2 - 1, sx + 2, sy + 2);
    };
    // the first differing cells (a whole wrong matrix would be one red block anyway)
    for (const cell of this.differing.slice(0, 256)) outline(cell, `rgb(${p.neg.join(",")})`);
    if (this.selected) outline(this.selected, p.mark);
    if (this.cursorShown) outline(this.cursor, p.focus);
  }

  setSelected(cell: [number, number] | undefined): void {
    this.selected = cell;
    if (cell) this.cursor = cell;
    this.draw();
  }
}
