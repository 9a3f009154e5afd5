/**
 * DOM building without HTML strings: every piece of text becomes a Text node (or an attribute
 * value), so data from instances, forms and tokens can never become markup. Nothing in the
 * dashboard assigns innerHTML, except the diagram's SVG after sanitizeSvg().
 */
export type Child = Node | string | number | null | undefined | false | Child[];

export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'className') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Pretty JSON as text (for <pre>): hostile strings stay strings. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

const ALLOWED_SVG = new Set(['svg', 'g', 'path', 'polyline', 'polygon', 'line', 'rect', 'circle', 'ellipse', 'text', 'tspan', 'defs', 'marker', 'style', 'title', 'desc']);

/**
 * Parses SVG text and keeps only drawing elements and plain attributes: no scripts, no
 * foreignObject, no event handlers, no external references, no @import in styles.
 */
export function sanitizeSvg(text: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.querySelector('parsererror')) return null;
  const walk = (el: Element) => {
    for (const child of [...el.children]) {
      if (!ALLOWED_SVG.has(child.localName)) {
        child.remove();
        continue;
      }
      for (const attr of [...child.attributes]) {
        const value = attr.value.trim().toLowerCase();
        const external = (attr.localName === 'href' && !value.startsWith('#')) || /url\(\s*['"]?(?!#)/.test(value) || value.startsWith('javascript:');
        if (attr.localName.startsWith('on') || external) child.removeAttribute(attr.name);
      }
      if (child.localName === 'style') child.textContent = (child.textContent ?? '').replace(/@import[^;]*;/g, '').replace(/url\((?!\s*['"]?#)[^)]*\)/g, 'none');
      walk(child);
    }
  };
  for (const attr of [...root.attributes]) if (attr.localName.startsWith('on')) root.removeAttribute(attr.name);
  walk(root);
  return document.importNode(root, true) as unknown as SVGSVGElement;
}
