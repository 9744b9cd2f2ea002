// MSNSLP: the SIP-like text that sets up and ends P2P sessions, carried as P2P data with session 0.
//   INVITE MSNMSGR:bob@x MSNSLP/1.0\r\nTo: <msnmsgr:bob@x>\r\nFrom: <msnmsgr:alice@x>\r\n
//   Via: MSNSLP/1.0/TLP ;branch={…}\r\nCSeq: 0 \r\nCall-ID: {…}\r\nMax-Forwards: 0\r\n
//   Content-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: 211\r\n\r\n
//   EUF-GUID: {A4268EEC-…}\r\nSessionID: 1980589\r\nAppID: 1\r\nContext: PG1zbm9iai…\r\n\r\n\0
// The body is "Key: value" lines, a blank line and a NUL, which Content-Length counts.
// Sources: msnpiki "MSNSLP"; MSNPSharp 2.5.8 MSNSLPMessage.cs (header order, CSeq 1 on replies).

export const DISPLAY_PICTURE_EUF_GUID = '{A4268EEC-FEC5-49E5-95C3-F126696BDBF6}';

export interface SlpMessage {
  /** "INVITE MSNMSGR:bob@x MSNSLP/1.0", "MSNSLP/1.0 200 OK", "BYE MSNMSGR:bob@x MSNSLP/1.0". */
  startLine: string;
  /** Header names lower case. */
  headers: Map<string, string>;
  /** Body "Key: value" pairs, keys lower case. */
  body: Map<string, string>;
}

export type SlpParse = { ok: true; message: SlpMessage } | { ok: false; why: string };

const MAX_SLP_BYTES = 16 * 1024;

export function parseSlp(bytes: Buffer): SlpParse {
  if (bytes.length > MAX_SLP_BYTES) return { ok: false, why: `an MSNSLP message of ${bytes.length} bytes (at most ${MAX_SLP_BYTES})` };
  const text = bytes.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return { ok: false, why: 'MSNSLP message without a blank line after its headers' };
  const lines = text.slice(0, split).split('\r\n');
  const startLine = lines.shift()!.trim();
  if (!/^(\S+ MSNMSGR:\S+ MSNSLP\/1\.0|MSNSLP\/1\.0 \d{3} .*)$/.test(startLine)) {
    return { ok: false, why: `"${startLine.slice(0, 60)}" is not an MSNSLP start line` };
  }
  const headers = keyValues(lines);
  if (!headers) return { ok: false, why: 'an MSNSLP header line without a colon' };
  const length = Number(headers.get('content-length') ?? NaN);
  const rawBody = text.slice(split + 4);
  if (!Number.isInteger(length) || length < 0 || Buffer.byteLength(rawBody) < length) {
    return { ok: false, why: `MSNSLP Content-Length ${headers.get('content-length') ?? '(none)'} but ${Buffer.byteLength(rawBody)} body bytes` };
  }
  const body = keyValues(
    Buffer.from(rawBody)
      .subarray(0, length)
      .toString('utf8')
      .replace(/\0+$/, '')
      .split('\r\n')
      .filter((l) => l.trim() !== ''),
  );
  if (!body) return { ok: false, why: 'an MSNSLP body line without a colon' };
  return { ok: true, message: { startLine, headers, body } };
}

function keyValues(lines: string[]): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const l of lines) {
    const colon = l.indexOf(':');
    if (colon <= 0) return undefined;
    out.set(l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim());
  }
  return out;
}

export interface SlpWrite {
  startLine: string;
  to: string;
  from: string;
  branch: string;
  cseq: number;
  callId: string;
  contentType: string;
  body: [string, string][];
}

/** Writes an MSNSLP message with its NUL-terminated body. */
export function buildSlp(m: SlpWrite): Buffer {
  const body = Buffer.concat([Buffer.from(m.body.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n'), Buffer.from([0])]);
  const head =
    `${m.startLine}\r\nTo: <msnmsgr:${m.to}>\r\nFrom: <msnmsgr:${m.from}>\r\n` +
    `Via: MSNSLP/1.0/TLP ;branch=${m.branch}\r\nCSeq: ${m.cseq} \r\nCall-ID: ${m.callId}\r\nMax-Forwards: 0\r\n` +
    `Content-Type: ${m.contentType}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

/** "<msnmsgr:bob@x;{guid}>" -> "bob@x;{guid}" */
export function slpAddress(header: string | undefined): string | undefined {
  return /^<msnmsgr:([^>]+)>$/.exec(header?.trim() ?? '')?.[1];
}

/** "MSNSLP/1.0/TLP ;branch={…}" -> "{…}" */
export function slpBranch(via: string | undefined): string | undefined {
  return /branch=(\S+)/.exec(via ?? '')?.[1];
}
