// A strict, small XML reader for what clients send (ADL lists, UUX data, SOAP bodies): a real
// parser (saxes) that refuses DTDs and entity declarations, so nothing is ever fetched or expanded.
import { SaxesParser } from 'saxes';

export interface XmlElement {
  /** Local name, prefix removed: "soap:Body" -> "Body". */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside this element, trimmed. */
  text: string;
}

export class XmlRefused extends Error {}

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
  maxElements?: number;
}

export function parseXml(source: string | Buffer, limits: XmlLimits = {}): XmlElement {
  const text = typeof source === 'string' ? source : source.toString('utf8');
  const maxBytes = limits.maxBytes ?? 1024 * 1024;
  if (Buffer.byteLength(text) > maxBytes) throw new XmlRefused(`document over ${maxBytes} bytes`);
  const maxDepth = limits.maxDepth ?? 64;
  const maxElements = limits.maxElements ?? 50_000;
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
  };
  parser.on('error', (e) => fail(new XmlRefused(e.message)));
  parser.on('doctype', () => fail(new XmlRefused('DTDs are not accepted')));
  parser.on('processinginstruction', (pi) => {
    if (pi.target.toLowerCase() !== 'xml') fail(new XmlRefused('processing instructions are not accepted'));
  });
  parser.on('opentag', (tag) => {
    if (++count > maxElements) return fail(new XmlRefused(`more than ${maxElements} elements`));
    if (stack.length >= maxDepth) return fail(new XmlRefused(`nested deeper than ${maxDepth}`));
    const el: XmlElement = { name: localName(tag.name), attrs: {}, children: [], text: '' };
    for (const [k, v] of Object.entries(tag.attributes)) el.attrs[localName(k)] = String(v);
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    const el = stack.pop();
    if (el) el.text = el.text.trim();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    fail(new XmlRefused((e as Error).message));
  }
  if (failure) throw failure instanceof XmlRefused ? failure : new XmlRefused(failure.message);
  if (!root) throw new XmlRefused('no root element');
  return root;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** First child element with this local name (case-sensitive, as XML is). */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Follows a path of child names: path(envelope, 'Header', 'ABAuthHeader', 'TicketToken'). */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}
