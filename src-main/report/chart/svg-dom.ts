/**
 * The few DOM features svg2pdf.js reads of an SVG element, over a tree parsed here: main has no
 * DOM, and a full one (jsdom, linkedom) would be a large dependency for the handful of properties
 * used — tag names, attributes, inline `style` values, children, text content, the parent. Stylesheets are not supported (ECharts' SSR output styles inline; the
 * one <style> it may write is for hover cursors and is dropped), so `querySelectorAll` finds none.
 */
export class SvgTextNode {
  readonly nodeName = '#text';
  constructor(readonly textContent: string) {}
}

export class SvgElement {
  readonly nodeName: string;
  readonly childNodes: (SvgElement | SvgTextNode)[] = [];
  parentElement: SvgElement | null = null;
  readonly style: { getPropertyValue(name: string): string };
  private readonly attributes = new Map<string, string>();

  constructor(readonly tagName: string, attributes: [string, string][]) {
    this.nodeName = tagName;
    for (const [name, value] of attributes) this.attributes.set(name, value);
    const inline = new Map<string, string>();
    for (const declaration of (this.attributes.get('style') ?? '').split(';')) {
      const colon = declaration.indexOf(':');
      if (colon > 0) inline.set(declaration.slice(0, colon).trim().toLowerCase(), declaration.slice(colon + 1).trim());
    }
    this.style = { getPropertyValue: (name) => inline.get(name) ?? '' };
  }

  get children(): SvgElement[] {
    return this.childNodes.filter((n): n is SvgElement => n instanceof SvgElement);
  }
  get childElementCount(): number {
    return this.children.length;
  }
  get firstChild(): SvgElement | SvgTextNode | null {
    return this.childNodes[0] ?? null;
  }
  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join('');
  }
  get id(): string {
    return this.attributes.get('id') ?? '';
  }
  /** The nearest <svg> above, as the DOM defines it (null for the outermost). */
  get ownerSVGElement(): SvgElement | null {
    let at = this.parentElement;
    while (at && at.tagName !== 'svg') at = at.parentElement;
    return at;
  }
  readonly ownerDocument = null;
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  querySelectorAll(): SvgElement[] {
    return [];
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Parses SVG markup as ECharts writes it (elements, attributes, text, entities). Only our own
 * charts' markup comes here, never a user's file; anything unexpected is refused, not guessed.
 */
export function parseSvg(markup: string): SvgElement {
  const stack: SvgElement[] = [];
  let root: SvgElement | undefined;
  let consumed = 0;
  for (const m of markup.matchAll(TOKEN)) {
    if (m.index !== consumed) break;
    consumed += m[0].length;
    const top = stack[stack.length - 1];
    if (m[1] !== undefined || m[6] !== undefined) {
      const text = m[1] ?? decode(m[6]!);
      if (top) top.childNodes.push(new SvgTextNode(text));
      else if (text.trim()) throw new Error('chart SVG: text outside the root element');
    } else if (m[2] !== undefined) {
      if (!top || top.tagName !== m[2]) throw new Error(`chart SVG: unexpected </${m[2]}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const attributes = [...(m[4] ?? '').matchAll(ATTRIBUTE)].map((a): [string, string] => [a[1]!, decode(a[2] ?? a[3] ?? '')]);
      const element = new SvgElement(m[3], attributes);
      if (top) {
        element.parentElement = top;
        top.childNodes.push(element);
      } else if (root) throw new Error('chart SVG: more than one root element');
      else root = element;
      if (m[5] !== '/') stack.push(element);
    }
  }
  if (consumed !== markup.length || stack.length > 0 || !root || root.tagName !== 'svg') throw new Error('chart SVG did not parse');
  dropStyles(root);
  return root;
}

/** ECharts' SSR <style> only sets hover cursors; svg2pdf would need a CSS engine to read it. */
function dropStyles(element: SvgElement): void {
  const kept = element.childNodes.filter((n) => !(n instanceof SvgElement && n.tagName === 'style'));
  element.childNodes.splice(0, element.childNodes.length, ...kept);
  for (const child of element.children) dropStyles(child);
}
