// A small, strict XML reader for SOAP requests: saxes builds a tiny element tree and anything an
// address-book client never sends is refused outright — DOCTYPE (and with it every DTD, ENTITY
// declaration and external reference), processing instructions other than the XML declaration,
// entities other than the five predefined and numeric ones — so nothing is ever read from disk
// or network and no entity can expand. Size, depth and element count are capped.
//   <!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>  →  XmlRefused
import { SaxesParser } from 'saxes';

export interface XmlElement {
  /** Local name: the prefix is dropped (<soap:Body> → "Body"), namespaces are not checked. */
  name: string;
  /** Attributes as written, prefixes kept (xsi:type, xmlns:soap). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (and CDATA), trimmed: PAPYON sends <Id>\n 0\n</Id>. */
  text: string;
  /** The same text exactly as sent, for values where spaces matter (passwords). */
  rawText: string;
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxChars: 1024 * 1024, maxDepth: 64, maxElements: 20000 };

/** A document we will not read: DTD, entity declaration, PI, or over a limit. */
export class XmlRefused extends Error {
  override name = 'XmlRefused';
}

/** A document that is not well-formed XML. */
export class XmlMalformed extends Error {
  override name = 'XmlMalformed';
}

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (text.length > limits.maxChars) throw new XmlRefused(`document longer than ${limits.maxChars} characters`);
  // Belt and braces: saxes would report these too, but refusing before parsing is simplest to trust.
  if (/<!DOCTYPE/i.test(text)) throw new XmlRefused('DOCTYPE/DTD is not accepted');
  if (/<!ENTITY/i.test(text)) throw new XmlRefused('ENTITY declarations are not accepted');

  // saxes knows only the five predefined entities and numeric references; any other (&xxe;)
  // is a well-formedness error, and it never loads anything.
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: { el: XmlElement; text: string[] }[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let refused: XmlRefused | undefined;
  const refuse = (why: string): never => {
    refused = new XmlRefused(why);
    throw refused;
  };

  parser.on('doctype', () => refuse('DOCTYPE/DTD is not accepted'));
  parser.on('processinginstruction', (pi) => refuse(`processing instruction <?${pi.target}?> is not accepted`));
  parser.on('opentag', (tag) => {
    if (++count > limits.maxElements) refuse(`more than ${limits.maxElements} elements`);
    if (stack.length >= limits.maxDepth) refuse(`nested deeper than ${limits.maxDepth} elements`);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    const el: XmlElement = { name: localName(tag.name), attrs, children: [], text: '', rawText: '' };
    if (stack.length > 0) stack[stack.length - 1]!.el.children.push(el);
    else root = el;
    stack.push({ el, text: [] });
  });
  parser.on('text', (t) => stack[stack.length - 1]?.text.push(t));
  parser.on('cdata', (t) => stack[stack.length - 1]?.text.push(t));
  parser.on('closetag', () => {
    const top = stack.pop();
    if (top) {
      top.el.rawText = top.text.join('');
      top.el.text = top.el.rawText.trim();
    }
  });

  try {
    // Leading whitespace (and a BOM) before <?xml …?> is tolerated: it is harmless, and a
    // client's stray CRLF shouldn't cost it its contact list.
    parser.write(text.trimStart()).close();
  } catch (err) {
    if (refused) throw refused;
    throw new XmlMalformed(err instanceof Error ? err.message : String(err));
  }
  if (!root) throw new XmlMalformed('no root element');
  return root;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon >= 0 ? qname.slice(colon + 1) : qname;
}

/** First child with this local name, compared case-insensitively (clients differ in case). */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  const n = name.toLowerCase();
  return el.children.find((c) => c.name.toLowerCase() === n);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  if (!el) return [];
  const n = name.toLowerCase();
  return el.children.filter((c) => c.name.toLowerCase() === n);
}

/** Follows a path of child names: path(env, 'Header', 'ABAuthHeader', 'TicketToken'). */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** Text at a path, or undefined when the element is missing. */
export function textAt(el: XmlElement | undefined, ...names: string[]): string | undefined {
  return path(el, ...names)?.text;
}
