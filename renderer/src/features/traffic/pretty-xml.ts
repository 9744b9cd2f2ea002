// Payloads for people: XML (SOAP bodies, UBX/UUX data) indented one element per line; an HTTP or
// MIME head before an XML body is kept as it is and the body indented beneath it.

export function looksLikeXml(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('<') && /<\/?[A-Za-z_][\w:.-]*[\s/>]/.test(t) && t.trimEnd().endsWith('>');
}

/** Indents XML by element nesting; an element holding only text stays on one line. */
export function prettyXml(xml: string, indent = '  '): string {
  const tokens = xml.trim().match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]*>|[^<]+/g) ?? [];
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (!tok.startsWith('<')) {
      const text = tok.trim();
      if (text) out.push(indent.repeat(depth) + text);
      continue;
    }
    const closing = tok.startsWith('</');
    const opening = !closing && !tok.startsWith('<?') && !tok.startsWith('<!') && !tok.endsWith('/>');
    if (closing) {
      depth = Math.max(0, depth - 1);
      out.push(indent.repeat(depth) + tok);
      continue;
    }
    // <a>text</a> on one line.
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (opening && next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
      out.push(indent.repeat(depth) + tok + next.trim() + after);
      i += 2;
      continue;
    }
    // <a></a> on one line too.
    if (opening && next?.startsWith('</')) {
      out.push(indent.repeat(depth) + tok + next);
      i += 1;
      continue;
    }
    out.push(indent.repeat(depth) + tok);
    if (opening) depth++;
  }
  return out.join('\n');
}

/** A payload ready to read: XML indented, with any head (HTTP or MIME headers) kept above it. */
export function formatPayload(payload: string): { head?: string; body: string; xml: boolean } {
  if (looksLikeXml(payload)) return { body: prettyXml(payload), xml: true };
  const m = /\r?\n\r?\n/.exec(payload);
  if (m) {
    const head = payload.slice(0, m.index);
    const body = payload.slice(m.index + m[0].length);
    if (looksLikeXml(body)) return { head, body: prettyXml(body), xml: true };
  }
  return { body: payload, xml: false };
}
