// Tiny DOM helpers: elements are built with createElement / setAttribute / text nodes only, never
// innerHTML, so nothing that arrives in a message can become markup. Imports nothing.

type Child = Node | string | null | undefined | false;

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el: Element, attrs: Record<string, string | number | boolean | undefined>, children: Child[]): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
}

/** An HTML element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | number | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  fill(el, attrs, children);
  return el;
}

/** An SVG element with attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  fill(el, attrs, children);
  return el;
}

/** Replaces all children of `el` (mutates it). */
export function setChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren(...(children.filter((c) => c !== null && c !== undefined && c !== false) as (Node | string)[]));
}

/** The shared hover tooltip: text only, fixed-positioned near the pointer (client coordinates). */
export class Tooltip {
  readonly el = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });

  constructor() {
    document.body.append(this.el);
  }

  show(text: string, x: number, y: number): void {
    this.el.textContent = text;
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    const left = Math.min(x + 14, window.innerWidth - w - 4);
    this.el.style.left = `${Math.max(4, left)}px`;
    this.el.style.top = `${y + 16}px`;
  }

  /** Shows the tooltip under an element (for keyboard focus). */
  showAt(text: string, target: Element): void {
    const r = target.getBoundingClientRect();
    this.show(text, r.left, r.bottom - 10);
  }

  hide(): void {
    this.el.hidden = true;
  }
}
