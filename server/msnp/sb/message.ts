// What a switchboard MSG carries: a MIME header block, a blank line, a body. The server relays the
// bytes untouched; it only reads the headers to know the ack rules and what to show the panel.
//   MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=0\r\n\r\nhello
//   MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: alice@lan\r\n\r\n\r\n

export type MessageKind = 'text' | 'typing' | 'nudge' | 'wink' | 'datacast' | 'caps' | 'p2p' | 'other';

export interface ChatMessage {
  kind: MessageKind;
  /** The media type, lower case, without parameters: "text/plain". */
  contentType: string;
  /** Header names lower case. */
  headers: Map<string, string>;
  /** Where the body starts in the payload. */
  bodyStart: number;
}

export const P2P_CONTENT_TYPE = 'application/x-msnmsgrp2p';
/** The format a panel-driven contact writes in when it has none to mirror. */
export const DEFAULT_IM_FORMAT = 'FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0';

const KINDS: Record<string, MessageKind> = {
  'text/plain': 'text',
  'text/x-msmsgscontrol': 'typing',
  'text/x-clientcaps': 'caps',
  [P2P_CONTENT_TYPE]: 'p2p',
};

/**
 * Reads the header block; undefined when there is none (no blank line, or no Content-Type), which
 * means the sender's byte count and its bytes disagree and nothing after it can be trusted.
 */
export function parseMessage(payload: Buffer): ChatMessage | undefined {
  let end = payload.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) {
    end = payload.indexOf('\n\n');
    sep = 2;
  }
  if (end < 0) return undefined;
  const head = payload.toString('utf8', 0, end);
  // Only the content type is needed to relay; every header is read when someone asks (the panel's
  // contacts, P2P), not for each of thousands of relayed messages a second.
  const type = contentTypeOf(head);
  if (!type) return undefined;
  const contentType = type.split(';')[0]!.trim().toLowerCase();
  const bodyStart = end + sep;
  let kind = KINDS[contentType] ?? 'other';
  if (contentType === 'text/x-msnmsgr-datacast') {
    // "ID: 1" is a nudge, "ID: 2" a wink; 3 (voice clip) and 4 (action message) are relayed as data.
    const id = /ID:\s*(\d+)/.exec(payload.subarray(bodyStart).toString('utf8'))?.[1];
    kind = id === '1' ? 'nudge' : id === '2' ? 'wink' : 'datacast';
  }
  let headers: Map<string, string> | undefined;
  return {
    kind,
    contentType,
    bodyStart,
    get headers() {
      return (headers ??= readHeaders(head));
    },
  };
}

/** Every "Name: value" line of a header block, names lower case (a repeated header: the last one). */
function readHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const raw of head.split(/\r?\n/)) {
    const colon = raw.indexOf(':');
    if (colon <= 0) continue;
    headers.set(raw.slice(0, colon).trim().toLowerCase(), raw.slice(colon + 1).trim());
  }
  return headers;
}

/** The Content-Type value of a header block, as readHeaders would give it, without reading the rest. */
function contentTypeOf(head: string): string | undefined {
  const lower = head.toLowerCase();
  // Lower-casing changed some character's length (a dotted capital I): positions differ, read all.
  if (lower.length !== head.length) return readHeaders(head).get('content-type');
  let value: string | undefined;
  let from = 0;
  for (;;) {
    const at = lower.indexOf('content-type', from);
    if (at < 0) return value;
    from = at + 12;
    const lineStart = lower.lastIndexOf('\n', at) + 1;
    const nl = lower.indexOf('\n', at);
    const line = head.slice(lineStart, nl < 0 ? head.length : nl);
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-type') value = line.slice(colon + 1).trim();
  }
}

/** The text of a text/plain message. */
export function bodyText(payload: Buffer, msg: ChatMessage): string {
  return payload.subarray(msg.bodyStart).toString('utf8');
}

/** "is typing" from a member, as clients send it (with ack mode U). */
export function typingMessage(email: string): string {
  return `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: ${email}\r\n\r\n\r\n`;
}

/** A chat line with its font, the way Messenger writes one. */
export function textMessage(text: string, imFormat = DEFAULT_IM_FORMAT): string {
  return `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: ${imFormat}\r\n\r\n${text}`;
}
